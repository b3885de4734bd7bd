import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportHtml, reportJson, type BuildReport } from '../../../../electron/engine/build/report.ts';

const report: BuildReport = {
  tool: 'Appliance Studio test',
  product: { name: 'Router <script>alert(1)</script>', vendor: 'A&B "Networks"', version: '1.0' },
  project: '/p',
  sourceDateEpoch: 0,
  targets: [{ target: 'kvm', title: 'KVM/libvirt', folder: 'kvm', packaging: 'libvirt', diskFormat: 'qcow2', files: [{ name: "x'<b>.qcow2", bytes: 1536, sha256: 'ab'.repeat(32) }], signed: false, seconds: 1.25 }],
  disks: [{ system: 'router', disk: 'system', source: 'disks/system.raw', sourceFormat: 'raw', virtualSize: 1048576, formats: ['qcow2'] }],
  findings: [{ code: 'X_Y', severity: 'warning', message: 'a <b>bold</b> claim', location: { file: 'appliance.yaml', path: 'systems[0]' }, explanation: 'because' }],
  timings: { convertSeconds: 1, packageSeconds: 2, totalSeconds: 3 },
};

test('the HTML report escapes every project-supplied text and loads nothing from outside', () => {
  const html = reportHtml(report);
  assert.ok(!html.includes('<script>'), 'no markup from the project survives');
  assert.match(html, /Router &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /A&amp;B &quot;Networks&quot;/);
  assert.match(html, /kvm\/x&#39;&lt;b&gt;\.qcow2/);
  assert.match(html, /a &lt;b&gt;bold&lt;\/b&gt; claim/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
  assert.doesNotMatch(html, /(src|href)="https?:/);
  assert.match(html, /title="1536 bytes">1.50 KiB/);
});

test('the JSON report is the report, pretty-printed with a final newline', () => {
  const text = reportJson(report);
  assert.deepEqual(JSON.parse(text), report);
  assert.ok(text.endsWith('}\n'));
});
