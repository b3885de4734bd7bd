// The build report: what was built for which target, every file with its size and SHA-256, the
// signer, the findings and the timings. JSON for tools, one self-contained HTML page for people.
import { formatBytes } from '../../common/progress.ts';
import type { Finding } from '../targets/finding.ts';

export interface ReportFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface TargetReport {
  readonly target: string;
  readonly title: string;
  /** The folder under the build output that holds this target's files. */
  readonly folder: string;
  readonly packaging: string;
  readonly diskFormat: string;
  readonly files: readonly ReportFile[];
  readonly signed: boolean;
  readonly seconds: number;
}

export interface DiskReport {
  readonly system: string;
  readonly disk: string;
  readonly source?: string;
  readonly sourceFormat?: string;
  /** What the built disks declare: the project's capacity, else the image's size. */
  readonly virtualSize: number;
  readonly formats: readonly string[];
}

export interface BuildReport {
  readonly tool: string;
  readonly product: { readonly name: string; readonly vendor?: string; readonly version?: string };
  readonly project: string;
  readonly sourceDateEpoch: number;
  readonly targets: readonly TargetReport[];
  readonly disks: readonly DiskReport[];
  readonly signer?: { readonly subject: string; readonly issuer: string; readonly fingerprintSha256: string; readonly notAfter: string };
  readonly findings: readonly Finding[];
  readonly timings: { readonly convertSeconds: number; readonly packageSeconds: number; readonly totalSeconds: number };
}

const html = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function reportJson(report: BuildReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function reportHtml(report: BuildReport): string {
  const title = `${report.product.name}${report.product.version ? ` ${report.product.version}` : ''}: build report`;
  const targets = report.targets
    .map(
      (t) => `<section>
<h2>${html(t.title)} <small>(${html(t.target)}, ${html(t.packaging)}, ${html(t.diskFormat)}${t.signed ? ', signed' : ''}, ${t.seconds.toFixed(1)} s)</small></h2>
<table><thead><tr><th>File</th><th>Size</th><th>SHA-256</th></tr></thead><tbody>
${t.files.map((f) => `<tr><td>${html(`${t.folder}/${f.name}`)}</td><td class="n" title="${f.bytes} bytes">${html(formatBytes(f.bytes))}</td><td><code>${f.sha256}</code></td></tr>`).join('\n')}
</tbody></table>
</section>`,
    )
    .join('\n');
  const disks = report.disks
    .map((d) => `<tr><td>${html(`${d.system}/${d.disk}`)}</td><td>${html(d.source ?? '(blank)')}</td><td>${html(d.sourceFormat ?? '')}</td><td class="n">${html(formatBytes(d.virtualSize))}</td><td>${html(d.formats.join(', '))}</td></tr>`)
    .join('\n');
  const findings =
    report.findings.length === 0
      ? '<p>No findings.</p>'
      : `<ul>${report.findings.map((f) => `<li class="${f.severity}"><b>${html(f.severity)}</b> ${html(f.code)}${f.target ? ` [${html(f.target)}]` : ''}: ${html(f.message)}${f.location.path ? ` <small>(${html(f.location.path)})</small>` : ''}</li>`).join('\n')}</ul>`;
  const signer = report.signer
    ? `<p>Signed by <b>${html(report.signer.subject)}</b>, issued by ${html(report.signer.issuer)}, valid until ${html(report.signer.notAfter)}; certificate SHA-256 <code>${html(report.signer.fingerprintSha256)}</code>.</p>`
    : '<p>Not signed.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${html(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}td.n{text-align:right}code{font-size:12px;word-break:break-all}.error{color:#a00}.warning{color:#a60}small{color:#666;font-weight:normal}</style>
</head><body>
<h1>${html(title)}</h1>
<p>${html(report.product.vendor ?? '')} · built by ${html(report.tool)} · ${report.targets.length} target(s) in ${report.timings.totalSeconds.toFixed(1)} s (conversion ${report.timings.convertSeconds.toFixed(1)} s, packaging ${report.timings.packageSeconds.toFixed(1)} s) · SOURCE_DATE_EPOCH ${report.sourceDateEpoch}</p>
${signer}
<h2>Disks</h2>
<table><thead><tr><th>Disk</th><th>Source</th><th>Format</th><th>Virtual size</th><th>Built as</th></tr></thead><tbody>
${disks}
</tbody></table>
${targets}
<h2>Findings</h2>
${findings}
</body></html>
`;
}
