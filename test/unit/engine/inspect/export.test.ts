import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { InspectionReport } from '../../../../electron/common/inspection.ts';
import { renderReport } from '../../../../electron/engine/inspect/export.ts';
import { inspectPath } from '../../../../electron/engine/inspect/inspect.ts';
import { fixtureDir, PRODUCT, writeOva } from '../../../e2e/appliance-fixtures.ts';

let report: InspectionReport;
before(async () => {
  report = await inspectPath(await writeOva(fixtureDir()));
});

/** The report with hostile text where a vendor controls it. */
function hostile(): InspectionReport {
  const evil = '<script>alert(1)</script> | ``` # heading';
  return {
    ...report,
    overview: { ...report.overview, product: evil, vendor: 'A|B' },
    eulas: [{ system: 'x', text: 'line\n```\n<img src=x onerror=alert(1)>', line: 1 }],
  };
}

test('JSON export is the report itself, named after the file', () => {
  const json = renderReport(report, 'json');
  assert.equal(json.fileName, 'edge-router-inspection.json');
  assert.equal(json.mimeType, 'application/json');
  assert.deepEqual(JSON.parse(json.text), report);
});

test('the Markdown report has the overview, hardware tables, package structure and findings', () => {
  const md = renderReport(report, 'md');
  assert.equal(md.fileName, 'edge-router-inspection.md');
  assert.match(md.text, /^# Inspection of edge-router\.ova$/m);
  assert.match(md.text, new RegExp(`^- \\*\\*Product:\\*\\* ${PRODUCT}$`, 'm'));
  assert.match(md.text, /^\*\*Deployment option Small \(vmx-14\)\*\*$/m);
  assert.match(md.text, /^\| 3 \| Memory \| 2 GiB \| 2\.00 GiB \|/m);
  assert.match(md.text, /^\| 1 \| edge-router\.ovf \| descriptor \|/m);
  assert.match(md.text, /^## Findings$/m);
});

test('hostile text cannot break out of a Markdown table cell or code fence', () => {
  const md = renderReport(hostile(), 'md').text;
  assert.match(md, /- \*\*Vendor:\*\* A\\\|B/);
  // The EULA's own ``` cannot close the fence around it: the fence is longer.
  assert.match(md, /````text\nline\n```\n<img src=x onerror=alert\(1\)>\n````/);
});

test('the HTML report escapes every value and carries no script, only its own CSP and styles', () => {
  const html = renderReport(hostile(), 'html').text;
  assert.doesNotMatch(html, /<script>/);
  assert.doesNotMatch(html, /<img /);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  assert.match(renderReport(report, 'html').text, /<caption>Deployment option Large \(vmx-14\)<\/caption>/);
});
