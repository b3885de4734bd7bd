// Build: pick the targets and the signing identity, run, watch progress (bytes, rate, ETA), cancel,
// then see every file with its digest, the signature and the report; open the output folder or any
// package in the inspection view. The project's build history comes from the catalog.
import { useCallback, useEffect, useId, useState } from 'react';
import type { BuildHistoryEntry, BuildSummary, IdentitySummary, TargetStatus } from '../../../electron/common/ipc-project.ts';
import { formatProblem } from '../../../electron/common/problem.ts';
import { formatBytes, formatProgress } from '../../../electron/common/progress.ts';
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
        <div className="job build-job" role="status">
          <progress max={state.progress?.bytesTotal || 1} value={state.progress?.bytesDone ?? 0} aria-label="Build progress" />
          <span className="muted">{state.progress ? formatProgress(state.progress) : 'Starting…'}</span>
          <BuildSteps label={state.progress?.label} targets={picked.map((t) => targets.find((s) => s.id === t) ?? { id: t, title: t })} />
        </div>
      )}
      {state.status === 'failed' && (
        <p className="field-issue" role="alert">
          The build failed: {formatProblem(state.problem)}
        </p>
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

/**
 * Where the build is, per target: the engine converts every disk first (one read for all targets),
 * then packages the targets in order, naming the step in its progress label ("kvm: package 40%").
 */
function BuildSteps({ label, targets }: { readonly label: string | undefined; readonly targets: readonly { readonly id: string; readonly title: string }[] }) {
  const current = targets.findIndex((t) => label?.startsWith(`${t.id}:`));
  const converting = current < 0;
  const percent = /(\d+)%$/.exec(label ?? '')?.[1];
  return (
    <ol className="build-steps" aria-label="Build steps">
      <li className={converting ? 'step-running' : 'step-done'}>Convert disks{converting && percent ? ` · ${percent}%` : converting ? '' : ' · done'}</li>
      {targets.map((target, index) => {
        const status = converting || index > current ? 'waiting' : index < current ? 'done' : `packaging${percent ? ` ${percent}%` : ''}`;
        return (
          <li key={target.id} className={index === current ? 'step-running' : index < current ? 'step-done' : 'step-waiting'}>
            {target.title} · {status}
          </li>
        );
      })}
    </ol>
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
