// The inspection report as one self-contained HTML page: no script, no remote resource, every
// value escaped, so a hostile descriptor cannot inject anything into the page a customer opens.
import type { InspectionReport } from '../../common/inspection.ts';
import { reportOutline, type Block } from './report-outline.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function block(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'facts':
      return `<dl>${b.facts.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
    case 'table':
      return `<table>${b.caption ? `<caption>${escapeHtml(b.caption)}</caption>` : ''}<thead><tr>${b.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((row) => `<tr>${row.map((value) => `<td>${escapeHtml(value)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'preformatted':
      return `<pre>${escapeHtml(b.text)}</pre>`;
  }
}

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f6f8fa}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;white-space:pre-wrap}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}th,pre{background:#161b22}th,td,h2{border-color:#30363d}}`;

export function reportHtml(report: InspectionReport): string {
  const outline = reportOutline(report);
  const body = outline.sections.map((section) => `<section><h2>${escapeHtml(section.title)}</h2>${section.blocks.map(block).join('\n')}</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(outline.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(outline.title)}</h1>
${body}
</body></html>
`;
}
