// Findings, errors first; the line opens the raw descriptor there.
import type { Finding } from '../../../electron/common/finding.ts';
import { countBySeverity } from '../../../electron/common/finding.ts';
import { DataTable } from '../common/DataTable.tsx';
import { LineButton } from './LineButton.tsx';

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function FindingsList({ findings, onShowLine }: { readonly findings: readonly Finding[]; readonly onShowLine: (line: number) => void }) {
  const counts = countBySeverity(findings);
  return (
    <div className="stack">
      <p className="finding-counts">
        <span className="sev-error">{plural(counts.error, 'error')}</span> <span className="sev-warning">{plural(counts.warning, 'warning')}</span> <span className="sev-info">{plural(counts.info, 'note')}</span>
      </p>
      <DataTable
        label="Findings"
        rows={findings}
        rowKey={(f, i) => `${f.code}-${i}`}
        emptyText="No findings: the descriptor follows every rule the studio checks."
        columns={[
          { header: 'Severity', width: '6.5rem', text: (f) => f.severity, className: (f) => `sev sev-${f.severity}` },
          { header: 'Code', width: 'minmax(10rem, 1.2fr)', text: (f) => f.code, className: () => 'mono' },
          { header: 'Message', width: 'minmax(14rem, 4fr)', text: (f) => f.message },
          { header: 'Line', width: '4.5rem', text: (f) => String(f.location.line ?? ''), render: (f) => <LineButton line={f.location.line ?? 0} onShowLine={onShowLine} /> },
        ]}
      />
    </div>
  );
}
