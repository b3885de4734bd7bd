// "Importable where": one chip per target platform, its verdict in words and colour, the reasons
// beside it (not only in a tooltip, so they are read aloud and printed).
import type { TargetVerdict } from '../../../electron/common/inspection.ts';

const verdictText: Record<TargetVerdict['verdict'], string> = { yes: 'imports as is', convert: 'after conversion', no: 'not importable' };
const verdictMark: Record<TargetVerdict['verdict'], string> = { yes: '✓', convert: '↻', no: '✕' };

export function ImportTargets({ verdicts, emptyText }: { readonly verdicts: readonly TargetVerdict[]; readonly emptyText: string }) {
  if (verdicts.length === 0) return <p className="muted">{emptyText}</p>;
  const ready = verdicts.filter((v) => v.verdict === 'yes').length;
  return (
    <div className="import-targets">
      <p className="muted">
        {ready} of {verdicts.length} targets import it as it is
      </p>
      <ul className="target-chips" aria-label="Importable where">
        {verdicts.map((v) => (
          <li key={v.target} className={`target-chip verdict-${v.verdict}`} title={v.reasons.join('\n') || verdictText[v.verdict]}>
            <span aria-hidden="true" className="target-mark">
              {verdictMark[v.verdict]}
            </span>
            <span className="target-title">{v.title}</span>
            <span className="visually-hidden">: {verdictText[v.verdict]}{v.reasons.length ? ` (${v.reasons.join('; ')})` : ''}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
