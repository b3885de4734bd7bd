// Where the appliance will and will not import, updated after every edit: a pass/warn/fail badge per
// target from the engine's rules, the findings with why they matter, one-click fixes, and what a
// build for the target writes. Ticking a target adds it to the project's build list.
import { useState } from 'react';
import type { ProjectCheck, TargetFinding, TargetStatus } from '../../../electron/common/ipc-project.ts';
import { formatLocation } from '../../../electron/common/problem.ts';
import { useEditorContext, useEdit } from './context.ts';
import { listAt } from './draft.ts';

const badgeText = { pass: 'Pass', warn: 'Warnings', fail: 'Fails' } as const;

export function TargetsPanel({ check, onShow }: { readonly check: ProjectCheck | undefined; readonly onShow: (finding: TargetFinding) => void }) {
  const { draft, dispatch } = useEditorContext();
  const edit = useEdit();
  const [open, setOpen] = useState<string>();
  if (!check) return <p className="muted" role="status">Checking…</p>;
  const entries = listAt(draft, ['targets']) as readonly { id?: unknown }[];
  const toggle = (target: TargetStatus) => {
    const at = entries.findIndex((entry) => entry.id === target.id);
    edit(['targets'], at >= 0 ? entries.filter((_, i) => i !== at) : [...entries, { id: target.id }]);
  };
  const general = check.findings.filter((f) => f.target === undefined);
  const ordered = [...check.targets.filter((t) => t.selected), ...check.targets.filter((t) => !t.selected)];
  return (
    <div className="targets-panel">
      {check.issues.length > 0 && (
        <p className="panel-note fail-note" role="status">
          {check.issues.length} field{check.issues.length === 1 ? '' : 's'} to fix before the target rules can run.
        </p>
      )}
      {general.length > 0 && <FindingList findings={general} onFix={(f) => f.fix && dispatch({ type: 'edits', edits: f.fix.edits })} onShow={onShow} title="All targets" />}
      <ul className="target-list" aria-label="Targets">
        {ordered.map((target) => {
          const findings = check.findings.filter((f) => f.target === target.id);
          const expanded = open === target.id;
          return (
            <li key={target.id} className={`target-row ${target.selected ? 'selected' : 'other'}`} data-target={target.id}>
              <div className="target-head">
                <input type="checkbox" checked={target.selected} aria-label={`Build for ${target.title}`} onChange={() => toggle(target)} />
                <button type="button" className="target-name" aria-expanded={expanded} onClick={() => setOpen(expanded ? undefined : target.id)}>
                  {target.title}
                </button>
                <span className={`badge badge-${target.badge}`} role="img" aria-label={`${target.title}: ${badgeText[target.badge]}`}>
                  {badgeText[target.badge]}
                  {findings.length > 0 ? ` · ${countText(findings)}` : ''}
                </span>
              </div>
              {expanded && (
                <div className="target-detail">
                  <p className="muted">Builds: {target.output}</p>
                  {!target.selected && <p className="muted">Not built by this project: tick it to build for it.</p>}
                  {findings.length > 0 && <FindingList findings={findings} onFix={(f) => f.fix && dispatch({ type: 'edits', edits: f.fix.edits })} onShow={onShow} />}
                  {findings.length === 0 && <p className="ok-note">No findings: {target.title} imports this appliance as it is.</p>}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function FindingList({ findings, onFix, onShow, title }: { readonly findings: readonly TargetFinding[]; readonly onFix: (f: TargetFinding) => void; readonly onShow: (f: TargetFinding) => void; readonly title?: string }) {
  return (
    <div className="finding-block">
      {title && <h4>{title}</h4>}
      <ul className="findings">
        {findings.map((finding) => (
          <li key={`${finding.code}-${finding.location.path ?? ''}-${finding.message}`} className={`finding sev-${finding.severity}`}>
            <p className="finding-message">
              <span className="sev">{finding.severity}</span> {finding.message}
            </p>
            <p className="finding-why">{finding.explanation}</p>
            <p className="finding-meta">
              <button type="button" className="link" onClick={() => onShow(finding)}>
                {formatLocation(finding.location) || 'project'}
              </button>{' '}
              <code>{finding.code}</code>
            </p>
            {finding.fix && (
              <button type="button" className="fix" onClick={() => onFix(finding)}>
                Fix: {finding.fix.description}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function countText(findings: readonly TargetFinding[]): string {
  const notes = findings.every((f) => f.severity === 'info');
  const noun = notes ? 'note' : 'finding';
  return `${findings.length} ${noun}${findings.length === 1 ? '' : 's'}`;
}
