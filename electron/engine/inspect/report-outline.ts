// The report as an outline of headed sections made of paragraphs, facts and tables: written once
// here, so the Markdown and HTML exports say the same things in the same order and differ only in
// markup (report-markdown.ts, report-html.ts).
import { formatFinding } from '../../common/finding.ts';
import type { InspectionReport } from '../../common/inspection.ts';
import { diskLayout, inputKindLabels } from '../../common/inspection.ts';
import { formatLocation } from '../../common/problem.ts';
import { formatBytes } from '../../common/progress.ts';

export type Block =
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'facts'; readonly facts: readonly (readonly [string, string])[] }
  | { readonly type: 'table'; readonly caption?: string; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly type: 'preformatted'; readonly text: string };

export interface OutlineSection {
  readonly title: string;
  readonly blocks: readonly Block[];
}

export interface Outline {
  readonly title: string;
  readonly sections: readonly OutlineSection[];
}

const bytes = (value: number | undefined) => (value === undefined ? '—' : formatBytes(value));

function overview(report: InspectionReport): OutlineSection {
  const o = report.overview;
  const facts: [string, string][] = [
    ['File', report.path],
    ['Kind', inputKindLabels[report.kind]],
    ['Size', formatBytes(report.size)],
    ['Product', o.product ?? '—'],
    ['Vendor', o.vendor ?? '—'],
    ['Version', o.version ?? '—'],
    ['Systems', o.systems.join(', ') || '—'],
    ['Total disk size', bytes(o.totalDiskBytes)],
    ['Signed by', o.signedBy ?? 'not signed'],
    ['Inspected', report.inspectedAt],
  ];
  const blocks: Block[] = [{ type: 'facts', facts }];
  if (report.problem) blocks.unshift({ type: 'paragraph', text: `Could not be read: ${report.problem.message} (${report.problem.code}${report.problem.location ? `, ${formatLocation(report.problem.location)}` : ''})` });
  if (o.importableWhere.length > 0) {
    blocks.push({ type: 'table', caption: 'Importable where', head: ['Target', 'Verdict', 'Notes'], rows: o.importableWhere.map((v) => [v.title, v.verdict === 'yes' ? 'yes' : v.verdict === 'convert' ? 'after conversion' : 'no', v.reasons.join('; ')]) });
  }
  return { title: 'Overview', blocks };
}

function verification(report: InspectionReport): OutlineSection[] {
  const v = report.verification;
  if (!v) return [];
  const blocks: Block[] = [
    { type: 'paragraph', text: v.summary },
    { type: 'table', head: ['File', 'Result', 'Algorithm', 'Digest'], rows: v.files.map((f) => [f.name, f.verdict, f.algorithm ?? '', f.actual ?? f.expected ?? '']) },
    { type: 'paragraph', text: `Signature: ${v.signature.message}` },
  ];
  if (v.signature.chain.length > 0) {
    blocks.push({ type: 'table', caption: 'Certificate chain', head: ['Subject', 'Issuer', 'Valid', 'SHA-256 fingerprint'], rows: v.signature.chain.map((c) => [c.subject, c.issuer, `${c.validFrom} – ${c.validTo}`, c.fingerprint]) });
  }
  return [{ title: 'Verification', blocks }];
}

export function reportOutline(report: InspectionReport): Outline {
  const sections: OutlineSection[] = [overview(report), ...verification(report)];
  for (const system of report.systems) {
    const blocks: Block[] = system.tables.map((table) => ({
      type: 'table' as const,
      caption: `${table.configurationLabel ? `Deployment option ${table.configurationLabel}` : 'Hardware'}${table.systemTypes.length ? ` (${table.systemTypes.join(', ')})` : ''}`,
      head: ['ID', 'Type', 'Name', 'Quantity', 'Details'],
      rows: table.rows.map((row) => [row.instanceId, row.type, row.name, row.quantity, row.details]),
    }));
    if (system.operatingSystem) blocks.unshift({ type: 'facts', facts: [['Operating system', system.operatingSystem]] });
    sections.push({ title: `Virtual hardware: ${system.name}`, blocks });
  }
  if (report.disks.length > 0) {
    sections.push({
      title: 'Disks',
      blocks: [
        { type: 'table', head: ['Disk', 'File', 'Format', 'Virtual size', 'Allocated', 'Layout', 'Read'], rows: report.disks.map((d) => [d.id, d.file ?? '', d.format, bytes(d.virtualBytes), bytes(d.allocatedBytes), diskLayout(d), d.details.read ?? d.details.problem ?? '']) },
        ...report.disks
          .filter((d) => d.partitions.length > 0)
          .map((d) => ({ type: 'table' as const, caption: `Partitions of ${d.id} (${d.partitionTable ?? ''})`, head: ['#', 'Type', 'Start', 'Size', 'Filesystem'], rows: d.partitions.map((p) => [String(p.index), p.type, formatBytes(p.offset), formatBytes(p.size), [p.filesystem, p.label].filter(Boolean).join(', ')]) })),
      ],
    });
  }
  if (report.networks.length > 0) {
    sections.push({ title: 'Networks', blocks: [{ type: 'table', head: ['Network', 'Description'], rows: report.networks.map((n) => [n.name, n.description ?? '']) }] });
  }
  if (report.properties.length > 0) {
    sections.push({
      title: 'Properties',
      blocks: [{ type: 'table', head: ['Key', 'Label', 'Type', 'Default', 'Configurable'], rows: report.properties.map((p) => [p.key, p.label, p.type, p.password ? '(hidden)' : (p.defaultValue ?? ''), p.userConfigurable ? 'yes' : 'no']) }],
    });
  }
  for (const eula of report.eulas) sections.push({ title: `Licence agreement: ${eula.system}`, blocks: [{ type: 'preformatted', text: eula.text }] });
  if (report.package) {
    const p = report.package;
    sections.push({
      title: 'Package structure',
      blocks: [
        { type: 'facts', facts: [['Container', p.container === 'tar' ? `tar (${p.dialect ?? 'unknown dialect'})` : 'folder'], ['Manifest', p.manifest ?? 'none'], ['Certificate', p.certificate ?? 'none']] },
        { type: 'table', head: ['#', 'Member', 'Role', 'Size'], rows: p.members.map((m, i) => [String(i + 1), m.name, m.role, formatBytes(m.size)]) },
      ],
    });
  }
  sections.push({ title: 'Findings', blocks: report.findings.length === 0 ? [{ type: 'paragraph', text: 'No findings.' }] : [{ type: 'preformatted', text: report.findings.map(formatFinding).join('\n') }] });
  return { title: `Inspection of ${report.name}`, sections };
}
