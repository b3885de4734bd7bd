import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { channels, type JobEvent } from '../../../electron/common/ipc.ts';
import { collectJob, testHandlerTable } from '../../support/handlers.ts';

test('every channel of the contract has a handler and nothing else is answered', async () => {
  const { table } = testHandlerTable();
  const unknown = await table.dispatch('fs:readFile', { path: '/etc/passwd' });
  assert.deepEqual(unknown, { ok: false, problem: { code: 'IPC_UNKNOWN_CHANNEL', kind: 'usage', message: 'no such channel: fs:readFile' } });
  for (const channel of channels) {
    const reply = await table.dispatch(channel, { definitely: 'wrong' });
    assert.equal(reply.ok, false, channel);
    if (!reply.ok) assert.equal(reply.problem.code, 'IPC_BAD_REQUEST', channel);
  }
});

test('requests are validated before any handler runs', async () => {
  const { table, host } = testHandlerTable();
  const reply = await table.dispatch('shell:showItem', { path: 42 });
  assert.equal(reply.ok, false);
  if (!reply.ok) assert.match(reply.problem.message, /bad request on shell:showItem: path: /);
  const tooLong = await table.dispatch('digest:start', { path: 'x'.repeat(5000), algorithm: 'sha256' });
  assert.equal(tooLong.ok, false);
  const extraField = await table.dispatch('recent:list', { limit: 5, sql: 'DROP TABLE x' });
  assert.equal(extraField.ok, false);
  assert.deepEqual(host.shownItems, []);
});

test('app:info answers with the version and the catalog path', async () => {
  const { table, catalog } = testHandlerTable();
  assert.deepEqual(await table.dispatch('app:info', {}), { ok: true, value: { version: '0.0.0-test', platform: process.platform, catalogPath: catalog.path } });
});

test('dialog:open answers with what the host chose', async () => {
  const { table, host } = testHandlerTable();
  host.dialogAnswers.push(['/tmp/a.ova']);
  assert.deepEqual(await table.dispatch('dialog:open', {}), { ok: true, value: { paths: ['/tmp/a.ova'] } });
  assert.deepEqual(await table.dispatch('dialog:open', {}), { ok: true, value: { paths: [] } });
});

test('a digest job reports progress and ends with the right digest', async () => {
  const events: JobEvent[] = [];
  const { table } = testHandlerTable((e) => events.push(e));
  const file = join(mkdtempSync(join(tmpdir(), 'job-')), 'disk.raw');
  const data = Buffer.alloc(24 * 1024 * 1024, 3);
  writeFileSync(file, data);
  const reply = await table.dispatch('digest:start', { path: file, algorithm: 'sha512' });
  assert.ok(reply.ok);
  const jobId = (reply.value as { jobId: string }).jobId;
  const mine = await collectJob(events, jobId);
  const last = mine.at(-1);
  assert.equal(last?.type, 'done');
  if (last?.type === 'done') assert.deepEqual(last.result, { path: file, algorithm: 'sha512', digest: createHash('sha512').update(data).digest('hex'), bytes: data.length });
  const progress = mine.filter((e) => e.type === 'progress');
  assert.ok(progress.length >= 1);
  const final = progress.at(-1);
  if (final?.type === 'progress') assert.equal(final.progress.bytesDone, data.length);
});

test('a cancelled job ends with a cancelled event', async () => {
  const events: JobEvent[] = [];
  const { table } = testHandlerTable((e) => events.push(e));
  const file = join(mkdtempSync(join(tmpdir(), 'job-')), 'big.raw');
  writeFileSync(file, Buffer.alloc(64 * 1024 * 1024, 1));
  const reply = await table.dispatch('digest:start', { path: file, algorithm: 'sha256' });
  assert.ok(reply.ok);
  const jobId = (reply.value as { jobId: string }).jobId;
  assert.deepEqual(await table.dispatch('job:cancel', { jobId }), { ok: true, value: { cancelled: true } });
  const mine = await collectJob(events, jobId);
  assert.equal(mine.at(-1)?.type, 'cancelled');
  assert.deepEqual(await table.dispatch('job:cancel', { jobId }), { ok: true, value: { cancelled: false } });
});

test('a job on a missing file fails with a problem naming the file', async () => {
  const events: JobEvent[] = [];
  const { table } = testHandlerTable((e) => events.push(e));
  const reply = await table.dispatch('digest:start', { path: '/no/such.ova', algorithm: 'sha256' });
  assert.ok(reply.ok);
  const mine = await collectJob(events, (reply.value as { jobId: string }).jobId);
  assert.deepEqual(mine.at(-1), { jobId: mine[0]?.jobId, type: 'failed', problem: { code: 'FILE_ENOENT', kind: 'input', message: 'no such file or folder', location: { file: '/no/such.ova' } } });
});
