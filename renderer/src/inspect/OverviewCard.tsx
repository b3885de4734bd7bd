// The first thing seen for any file: what it is, who made and signed it, how big, and where it
// imports.
import type { InspectionReport, Verification } from '../../../electron/common/inspection.ts';
import { inputKindLabels } from '../../../electron/common/inspection.ts';
import { formatBytes } from '../../../electron/common/progress.ts';
import { ImportTargets } from './ImportTargets.tsx';

interface Props {
  readonly report: InspectionReport;
  readonly verification?: Verification;
}

function signatureText(report: InspectionReport, verification: Verification | undefined): string {
  if (!report.package) return '—';
  if (!report.overview.signedBy) return 'Not signed';
  if (!verification) return `${report.overview.signedBy} — checking…`;
  const status = verification.signature.verdict;
  const note = status === 'trusted' ? 'trusted' : status === 'untrusted' ? 'valid, but not trusted here' : verification.signature.verdict.replace(/-/g, ' ');
  return `${report.overview.signedBy} — ${note}`;
}

/** Files that describe virtual systems (an OVF package or a XenServer export), not a single disk. */
const isPackage = (report: InspectionReport) => report.kind === 'ova' || report.kind === 'ovf' || report.kind === 'ovf-folder' || report.kind === 'xva';
const bytes = (value: number | undefined) => (value === undefined ? '—' : formatBytes(value));
const fileFact = (report: InspectionReport): [string, string] => ['File', `${inputKindLabels[report.kind]}, ${report.kind === 'ovf-folder' ? 'folder' : formatBytes(report.size)}`];

function packageFacts(report: InspectionReport, verification: Verification | undefined): [string, string][] {
  const o = report.overview;
  return [
    ['Vendor', o.vendor ?? '—'],
    ['Version', o.version ?? '—'],
    ['Systems', o.systems.length ? o.systems.join(', ') : '—'],
    ['Total disk size', bytes(o.totalDiskBytes)],
    ['Signed by', signatureText(report, verification)],
    fileFact(report),
  ];
}

/** A bare disk or ISO: what the container holds rather than who made it. */
function diskFacts(report: InspectionReport): [string, string][] {
  const disk = report.disks[0];
  const layout = disk?.partitionTable ? `${disk.partitionTable}, ${disk.partitions.length} partition${disk.partitions.length === 1 ? '' : 's'}` : (disk?.details.filesystem ?? '—');
  return [
    ['Format', disk?.format ?? inputKindLabels[report.kind]],
    ['Virtual size', bytes(disk?.virtualBytes)],
    ['Allocated', bytes(disk?.allocatedBytes)],
    ['Layout', layout],
    fileFact(report),
  ];
}

export function OverviewCard({ report, verification }: Props) {
  const o = report.overview;
  const title = o.product ?? o.systems[0] ?? report.name;
  const facts = isPackage(report) ? packageFacts(report, verification) : diskFacts(report);
  return (
    <section className="card overview" aria-labelledby="overview-title">
      <div className="overview-head">
        <div>
          <h2 id="overview-title" className="overview-title">
            {title}
          </h2>
          {o.summary !== title && <p className="muted overview-summary">{o.summary}</p>}
          {o.description && <p className="overview-description">{o.description}</p>}
        </div>
        <span className={`kind-badge kind-${report.kind}`}>{inputKindLabels[report.kind]}</span>
      </div>
      <dl className="facts">
        {facts.map(([name, value]) => (
          <div key={name} className="fact">
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>Importable where</h3>
      <ImportTargets verdicts={o.importableWhere} emptyText={report.problem ? 'Unknown while the file cannot be read.' : 'No target platform imports this kind of file.'} />
    </section>
  );
}
