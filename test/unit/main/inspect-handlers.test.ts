// The inspect:* channels of the handler table, in process over a real catalog.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { jobEventSchema, type JobEvent } from '../../../electron/common/ipc.ts';
import type { Verification } from '../../../electron/common/inspection.ts';
import { fixtureDir, writeOva } from '../../e2e/appliance-fixtures.ts';
import { collectJob, testHandlerTable } from '../../support/handlers.ts';

let dir: string;
let ova: string;
before(async () => {
  dir = fixtureDir();
  ova = await writeOva(dir);
});

test('inspect:open inspects once, then answers from the catalog while the file is unchanged', async () => {
  const { table } = testHandlerTable();
  const first = await table.dispatch('inspect:open', { path: ova });
  assert.ok(first.ok);
  assert.equal((first.value as { fromCatalog: boolean }).fromCatalog, false);
  const second = await table.dispatch('inspect:open', { path: ova });
  assert.equal(second.ok && (second.value as { fromCatalog: boolean }).fromCatalog, true);
  const refreshed = await table.dispatch('inspect:open', { path: ova, refresh: true });
  assert.equal(refreshed.ok && (refreshed.value as { fromCatalog: boolean }).fromCatalog, false);
  const history = await table.dispatch('inspect:history', { path: ova });
  assert.equal(history.ok && (history.value as { entries: unknown[] }).entries.length, 2);
});

test('inspect:verify reports progress, ends with per-file results, and records the outcome for the recent list', async () => {
  const events: JobEvent[] = [];
  const { table } = testHandlerTable((event) => events.push(event));
  await table.dispatch('inspect:open', { path: ova });
  const started = await table.dispatch('inspect:verify', { path: ova });
  assert.ok(started.ok);
  const jobEvents = await collectJob(events, (started.value as { jobId: string }).jobId);
  const done = jobEvents.at(-1);
  assert.equal(done?.type, 'done');
  const verification = (done as { result: Verification }).result;
  assert.equal(verification.outcome, 'intact');
  assert.deepEqual(verification.files.map((f) => f.verdict), ['ok', 'ok']);
  assert.ok(jobEvents.some((e) => e.type === 'progress'));
  const recent = await table.dispatch('recent:list', { limit: 1 });
  assert.equal(recent.ok && (recent.value as { items: { verification?: string }[] }).items[0]?.verification, 'intact (2 files), unsigned');
  const reopened = await table.dispatch('inspect:open', { path: ova });
  assert.equal(reopened.ok && (reopened.value as { report: { verification?: Verification } }).report.verification?.summary, 'intact (2 files), unsigned');
});

test('inspect:verify progress events carry a row per file and pass the job event schema the page parses them with', async () => {
  const events: JobEvent[] = [];
  const { table } = testHandlerTable((event) => events.push(event));
  const started = await table.dispatch('inspect:verify', { path: ova });
  const jobEvents = await collectJob(events, (started.ok && (started.value as { jobId: string }).jobId) || '');
  for (const event of jobEvents) assert.ok(jobEventSchema.safeParse(event).success, JSON.stringify(event));
  const rows = jobEvents.flatMap((e) => (e.type === 'progress' ? (e.progress.files ?? []) : []));
  assert.deepEqual([...new Set(rows.map((row) => row.name))].sort(), ['edge-router-disk1.vmdk', 'edge-router.ovf']);
  assert.deepEqual(rows.filter((row) => row.verdict).map((row) => row.verdict), ['ok', 'ok']);
  // A malformed row is refused by the schema rather than reaching a view.
  const progress = jobEvents.find((e) => e.type === 'progress');
  assert.ok(progress?.type === 'progress');
  assert.equal(jobEventSchema.safeParse({ ...progress, progress: { ...progress.progress, files: [{ name: 'x', bytesDone: -1, bytesTotal: 1, rate: 0 }] } }).success, false);
});

test('a damaged package verifies as damaged; a missing file fails the job with a human message', async () => {
  const events: JobEvent[] = [];
  const { table } = testHandlerTable((event) => events.push(event));
  const bytes = Buffer.from(readFileSync(ova));
  bytes[bytes.length - 12_000] = (bytes[bytes.length - 12_000] ?? 0) ^ 0xff;
  const damaged = join(dir, 'damaged.ova');
  writeFileSync(damaged, bytes);
  const started = await table.dispatch('inspect:verify', { path: damaged });
  const done = (await collectJob(events, (started.ok && (started.value as { jobId: string }).jobId) || '')).at(-1) as { result: Verification };
  assert.equal(done.result.outcome, 'damaged');
  assert.match(done.result.summary, /^1 of 2 files damaged or missing, unsigned$/);
  const missing = await table.dispatch('inspect:verify', { path: join(dir, 'gone.ova') });
  const failed = (await collectJob(events, (missing.ok && (missing.value as { jobId: string }).jobId) || '')).at(-1);
  assert.deepEqual(failed?.type === 'failed' && [failed.problem.code, failed.problem.message], ['FILE_ENOENT', 'no such file or folder']);
});

test('inspect:export renders the latest inspection; a file never opened is refused with a reason', async () => {
  const { table } = testHandlerTable();
  const refused = await table.dispatch('inspect:export', { path: ova, format: 'md' });
  assert.deepEqual(refused.ok ? undefined : refused.problem.code, 'INSPECT_NOT_OPENED');
  await table.dispatch('inspect:open', { path: ova });
  const md = await table.dispatch('inspect:export', { path: ova, format: 'md' });
  assert.ok(md.ok);
  assert.match((md.value as { text: string }).text, /^# Inspection of edge-router\.ova/);
  const bad = await table.dispatch('inspect:export', { path: ova, format: 'pdf' });
  assert.equal(bad.ok ? undefined : bad.problem.code, 'IPC_BAD_REQUEST');
});
