import assert from 'node:assert/strict';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Verification } from '../../../../electron/common/inspection.ts';
import { Catalog } from '../../../../electron/engine/catalog/catalog.ts';
import { openInspection } from '../../../../electron/engine/inspect/open.ts';
import { InspectionRecords } from '../../../../electron/engine/inspect/record.ts';

const verification: Verification = {
  outcome: 'intact',
  summary: 'intact (1 file), unsigned',
  files: [{ name: 'a.ovf', verdict: 'ok', algorithm: 'sha256', expected: 'aa', actual: 'aa' }],
  signature: { verdict: 'absent', message: 'not signed', chain: [] },
  verifiedAt: '2026-01-01T00:00:00.000Z',
};

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'records-'));
  const catalog = Catalog.open(join(dir, 'catalog.db'));
  const file = join(dir, 'notes.ovf');
  writeFileSync(file, '<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"><References/></Envelope>');
  return { catalog, records: new InspectionRecords(catalog), file };
}

test('an unchanged file reopens from the catalog; a changed one is inspected again', async () => {
  const { catalog, records, file } = setup();
  const first = await openInspection(records, file);
  assert.equal(first.fromCatalog, false);
  const second = await openInspection(records, file);
  assert.equal(second.fromCatalog, true);
  assert.deepEqual(second.report, first.report);
  writeFileSync(file, '<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"><References></References></Envelope>');
  const third = await openInspection(records, file);
  assert.equal(third.fromCatalog, false);
  const refreshed = await openInspection(records, file, { refresh: true });
  assert.equal(refreshed.fromCatalog, false);
  assert.equal(records.history(file, 10).length, 3);
  catalog.close();
});

test('a verification is attached to the inspection of the same file state and shows in recent items and history', async () => {
  const { catalog, records, file } = setup();
  const { report } = await openInspection(records, file);
  records.saveVerification(file, report.size, report.mtimeMs, verification);
  assert.deepEqual(records.unchanged(file, report.size, report.mtimeMs)?.verification, verification);
  assert.equal(catalog.recent(1)[0]?.verification, 'intact (1 file), unsigned');
  assert.equal(records.history(file, 5)[0]?.verification, 'intact (1 file), unsigned');
  // A different file state (touched since) gets nothing attached.
  records.saveVerification(file, report.size, report.mtimeMs + 1000, { ...verification, summary: 'other' });
  assert.equal(records.history(file, 5)[0]?.verification, 'intact (1 file), unsigned');
  catalog.close();
});

test('a stored report of another shape or unreadable JSON counts as absent, so the file is inspected again', async () => {
  const { catalog, records, file } = setup();
  const { report } = await openInspection(records, file);
  catalog.db.prepare('UPDATE inspections SET report_json = ?').run(JSON.stringify({ version: 0, report }));
  assert.equal(records.unchanged(file, report.size, report.mtimeMs), undefined);
  catalog.db.prepare('UPDATE inspections SET report_json = ?').run('{not json');
  assert.equal(records.latest(file), undefined);
  catalog.db.prepare('UPDATE inspections SET report_json = ?').run(JSON.stringify({ version: 1, report: { ...report, findings: 'none' } }));
  assert.equal(records.latest(file), undefined, 'a report whose outline is wrong is not served');
  utimesSync(file, new Date(), new Date(report.mtimeMs));
  assert.equal((await openInspection(records, file)).fromCatalog, false);
  catalog.close();
});
