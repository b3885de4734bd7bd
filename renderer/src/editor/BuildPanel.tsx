// Build: pick the targets and the signing identity, run, watch progress (bytes, rate, ETA), cancel,
// then see every file with its digest, the signature and the report; open the output folder or any
// package in the inspection view. The project's build history comes from the catalog.
import { useCallback, useEffect, useId, useState } from 'react';
import type { BuildHistoryEntry, BuildSummary, IdentitySummary, TargetStatus } from '../../../electron/common/ipc-project.ts';
import { formatProblem } from '../../../electron/common/problem.ts';
import { formatBytes, formatDuration, type TargetPhase, type TargetProgress } from '../../../electron/common/progress.ts';
import { JobProgress } from '../common/JobProgress.tsx';
import { invoke } from '../bridge.ts';
import { useJob } from '../useJob.ts';
import { badgeOf, expiryText } from './IdentitiesPanel.tsx';

interface Props {
  readonly dir: string;
  readonly targets: readonly TargetStatus[];
  readonly identities: readonly IdentitySummary[];
  /** False while the draft has unsaved or invalid changes: a build reads appliance.yaml. */
  readonly ready: boolean;
  readonly onInspect: (path: string) => void;
}

export function BuildPanel({ dir, targets, identities, ready, onInspect }: Props) {
  const id = useId();
  const selectable = targets.filter((t) => t.selected);
  const [chosen, setChosen] = useState<readonly string[] | undefined>(undefined);
  const picked = chosen ?? selectable.map((t) => t.id);
  const [identityId, setIdentityId] = useState<number | undefined>(undefined);
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  const [start, setStart] = useState<(() => Promise<{ jobId: string }>) | undefined>(undefined);
  const { state, cancel } = useJob<BuildSummary>(start);
  const [history, setHistory] = useState<readonly BuildHistoryEntry[]>([]);
  const identity = identities.find((i) => i.id === identityId);
  const needsPassphrase = identity !== undefined && identity.needsPassphrase && !identity.passphraseRemembered;
  const blocked = picked.some((t) => targets.find((s) => s.id === t)?.badge === 'fail');

  const refreshHistory = useCallback(() => {
    void invoke('project:builds', { dir, limit: 20 }).then((reply) => setHistory(reply.entries));
  }, [dir]);
  useEffect(refreshHistory, [refreshHistory, state.status]);

  const run = () => {
    const request = { dir, targets: [...picked], ...(identityId !== undefined ? { identityId } : {}), ...(needsPassphrase ? { passphrase, remember } : {}) };
    setStart(() => () => invoke('project:build', request));
  };
  const running = state.status === 'running';
  return (
    <div className="build-panel">
      <fieldset className="build-targets">
        <legend>Targets to build</legend>
        {selectable.length === 0 && <p className="muted">Tick targets in the Targets panel first.</p>}
        {selectable.map((target) => (
          <label key={target.id} className="check">
            <input
              type="checkbox"
              checked={picked.includes(target.id)}
              disabled={running}
              onChange={(e) => setChosen(e.target.checked ? [...picked, target.id] : picked.filter((t) => t !== target.id))}
            />
            {target.title} <span className={`badge badge-${target.badge}`}>{target.badge}</span>
          </label>
        ))}
      </fieldset>
      <div className="field-grid">
        <div className="field wide">
          <label htmlFor={`${id}-identity`}>Sign with</label>
          <select id={`${id}-identity`} value={identityId ?? ''} disabled={running} onChange={(e) => setIdentityId(e.target.value ? Number(e.target.value) : undefined)}>
            <option value="">Do not sign</option>
            {identities.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label} ({expiryText(i)})
              </option>
            ))}
          </select>
          {identity && badgeOf(identity) !== 'pass' && <p className="field-issue">{identity.usageProblem ?? `This certificate is ${expiryText(identity)}: customers' importers will warn about or refuse the signature.`}</p>}
        </div>
        {needsPassphrase && (
          <div className="field">
            <label htmlFor={`${id}-pass`}>Passphrase for {identity.label}</label>
            <input id={`${id}-pass`} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            <label className="check">
              <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember it (sealed by the system's keyring)
            </label>
          </div>
        )}
      </div>
      <div className="list-actions">
        <button type="button" className="primary" disabled={!ready || running || picked.length === 0 || blocked || (needsPassphrase && passphrase === '')} onClick={run}>
          Build {picked.length} target{picked.length === 1 ? '' : 's'}
        </button>
        {running && (
          <button type="button" onClick={cancel}>
            Cancel build
          </button>
        )}
        {!ready && <span className="muted">Waiting for the project to be saved…</span>}
        {blocked && <span className="field-issue">A chosen target fails its checks: fix its findings or untick it.</span>}
      </div>
      {running && (
        <div className="build-job">
          <JobProgress progress={state.progress} label="Build progress" title="All targets" />
          <TargetRows rows={state.progress?.targets ?? picked.map((t) => waitingRow(t, targets.find((s) => s.id === t)?.title ?? t))} />
        </div>
      )}
      {state.status === 'failed' && (
        <>
          <p className="field-issue" role="alert">
            The build failed: {formatProblem(state.problem)}
          </p>
          {state.progress?.targets && <TargetRows rows={state.progress.targets} />}
        </>
      )}
      {state.status === 'cancelled' && <p role="status">Build cancelled; nothing was left in the output folder.</p>}
      {state.status === 'done' && <BuildResultView summary={state.result} onInspect={onInspect} />}
      <h4>History</h4>
      {history.length === 0 ? (
        <p className="muted">No build yet.</p>
      ) : (
        <ul className="history" aria-label="Build history">
          {history.map((entry) => (
            <li key={entry.id}>
              <span className={`badge badge-${entry.result === 'ok' ? 'pass' : entry.result === 'cancelled' ? 'warn' : 'fail'}`}>{entry.result}</span> {new Date(entry.startedAt).toLocaleString()} · {entry.targets.join(', ')}
              {entry.signer ? ` · signed by ${entry.signer}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const phaseText: Readonly<Record<TargetPhase, string>> = {
  waiting: 'Waiting',
  converting: 'Converting disks',
  packaging: 'Packaging',
  signing: 'Signing',
  done: 'Done',
  failed: 'Failed',
};

function waitingRow(target: string, title: string): TargetProgress {
  return { target, title, phase: 'waiting', bytesDone: 0, bytesTotal: 0, rate: 0 };
}

/**
 * One row per target with its own bar: the engine counts, for each target, the disk conversions it
 * needs (one read shared by every target) and its own packaging, so each row runs from 0 to 100%.
 */
function TargetRows({ rows }: { readonly rows: readonly TargetProgress[] }) {
  return (
    <table className="build-rows" aria-label="Progress per target">
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">Step</th>
          <th scope="col">Progress</th>
          <th scope="col">Bytes</th>
          <th scope="col">Rate</th>
          <th scope="col">Time left</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.target} className={`phase-${row.phase}`}>
            <th scope="row">{row.title}</th>
            <td>{phaseText[row.phase]}</td>
            <td>
              <progress max={row.bytesTotal || 1} value={row.bytesDone} aria-label={`${row.title} progress`} />
            </td>
            <td className="numeric">
              {formatBytes(row.bytesDone)} of {formatBytes(row.bytesTotal)}
            </td>
            <td className="numeric">{row.rate > 0 ? `${formatBytes(row.rate)}/s` : '–'}</td>
            <td className="numeric">{row.phase === 'done' ? '–' : row.etaSeconds !== undefined ? formatDuration(row.etaSeconds) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BuildResultView({ summary, onInspect }: { readonly summary: BuildSummary; readonly onInspect: (path: string) => void }) {
  return (
    <section className="build-result" aria-label="Build result">
      <p role="status" className="ok-note">
        Built {summary.targets.length} target{summary.targets.length === 1 ? '' : 's'} in {summary.totalSeconds.toFixed(1)} s
        {summary.signer ? `, signed by ${summary.signer.subject}` : ', unsigned'}
        {summary.warnings > 0 ? ` with ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}` : ''}.
      </p>
      <div className="list-actions">
        <button type="button" onClick={() => void invoke('shell:showItem', { path: summary.reportHtml })}>
          Open output folder
        </button>
      </div>
      {summary.targets.map((target) => (
        <div key={target.target} className="built-target">
          <h5>
            {target.title} {target.signed && <span className="badge badge-pass">signed</span>}
          </h5>
          <ul>
            {target.files.map((file) => {
              const path = `${summary.outDir}/${target.folder}/${file.name}`;
              return (
                <li key={file.name} className="built-file">
                  <button type="button" className="link" onClick={() => onInspect(path)} title="Open in the inspection view">
                    {target.folder}/{file.name}
                  </button>{' '}
                  <span className="muted">{formatBytes(file.bytes)}</span> <code className="digest">{file.sha256}</code>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
