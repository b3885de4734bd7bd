import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { JobEvent } from '../../../electron/common/ipc.ts';
import type { AddedDisk, ProjectCheck, ProjectSnapshot } from '../../../electron/common/ipc-project.ts';
import { writeSparseDisk } from '../../fixtures/disks.ts';
import { testCa, TEST_PASSPHRASE } from '../../fixtures/test-ca.ts';
import { collectJob, testHandlerTable } from '../../support/handlers.ts';

function setup() {
  const events: JobEvent[] = [];
  const harness = testHandlerTable((event) => events.push(event));
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const reply = await harness.table.dispatch(channel, request);
    if (!reply.ok) throw Object.assign(new Error(reply.problem.message), { code: reply.problem.code });
    return reply.value as T;
  };
  return { ...harness, events, call };
}

const newProject = async (call: ReturnType<typeof setup>['call']) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'editor-')), 'router');
  return call<ProjectSnapshot>('project:create', { dir, name: 'Acme Router', os: 'debian-64', targets: ['vmware-esxi', 'virtualbox'] });
};

test('a created project opens as a draft, is listed as recent, and a valid draft checks with target badges', async () => {
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  assert.equal((snapshot.draft.product as { name: string }).name, 'Acme Router');
  const recent = await call<{ items: { path: string; name: string }[] }>('project:recent', { limit: 5 });
  assert.deepEqual(recent.items.map((i) => [i.path, i.name]), [[snapshot.dir, 'Acme Router']]);
  const check = await call<ProjectCheck>('project:check', { dir: snapshot.dir, draft: snapshot.draft });
  assert.deepEqual(check.issues, []);
  assert.equal(check.targets.length, 12);
  assert.deepEqual(check.targets.filter((t) => t.selected).map((t) => t.id), ['vmware-esxi', 'virtualbox']);
  assert.ok(check.targets.every((t) => ['pass', 'warn', 'fail'].includes(t.badge)));
  assert.match(check.targets.find((t) => t.id === 'vmware-esxi')?.output ?? '', /OVA: OVF vmx-14, vmdk-stream disks, SHA256 manifest/);
  catalog.close();
});

test('a draft the schema refuses gets every issue with its path, and fail badges', async () => {
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  const systems = snapshot.draft.systems as Record<string, unknown>[];
  const draft = { ...snapshot.draft, product: { name: '' }, systems: [{ ...systems[0], cpus: 0 }] };
  const check = await call<ProjectCheck>('project:check', { dir: snapshot.dir, draft });
  assert.deepEqual(check.issues.map((i) => i.path), [['product', 'name'], ['systems', 0, 'cpus']]);
  assert.match(check.issues[1]?.message ?? '', />=1/);
  assert.ok(check.targets.every((t) => t.badge === 'fail'));
  catalog.close();
});

test('saving a draft changes only what differs and keeps the comments of appliance.yaml', async () => {
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  const before = readFileSync(snapshot.file, 'utf8');
  const draft = { ...snapshot.draft, product: { ...(snapshot.draft.product as object), version: '2.0' }, properties: [{ key: 'hostname', type: 'string', default: 'router' }] };
  const { revision } = await call<{ revision: string }>('project:save', { dir: snapshot.dir, draft, revision: snapshot.revision });
  const after = readFileSync(snapshot.file, 'utf8');
  assert.notEqual(revision, snapshot.revision);
  assert.match(after, /version: "2\.0"/);
  assert.match(after, /key: hostname/);
  for (const comment of before.split('\n').filter((line) => line.trim().startsWith('#') && !line.includes('properties') && !line.includes('- { key'))) assert.ok(after.includes(comment), comment);
  assert.match(after, /firmware: bios # or efi/);
  catalog.close();
});

test('an edit made outside the studio is noticed and a save over it is refused unless forced', async () => {
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  writeFileSync(snapshot.file, readFileSync(snapshot.file, 'utf8').replace('cpus: 2', 'cpus: 4'));
  const { revision } = await call<{ revision: string }>('project:revision', { dir: snapshot.dir });
  assert.notEqual(revision, snapshot.revision);
  await assert.rejects(call('project:save', { dir: snapshot.dir, draft: snapshot.draft, revision: snapshot.revision }), (e: { code?: string; message: string }) => e.code === 'PROJECT_CHANGED_ON_DISK' && /reload it/.test(e.message));
  await call('project:save', { dir: snapshot.dir, draft: snapshot.draft, revision: snapshot.revision, force: true });
  assert.match(readFileSync(snapshot.file, 'utf8'), /cpus: 2/);
  catalog.close();
});

test('an invalid draft is never written', async () => {
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  const before = readFileSync(snapshot.file, 'utf8');
  await assert.rejects(call('project:save', { dir: snapshot.dir, draft: { ...snapshot.draft, systems: [] }, revision: snapshot.revision }), (e: { code?: string }) => e.code === 'PROJECT_INVALID');
  assert.equal(readFileSync(snapshot.file, 'utf8'), before);
  catalog.close();
});

test('a dropped disk image is copied into disks/ sparsely with progress and reported with its format and sizes', async () => {
  const { call, events, catalog } = setup();
  const snapshot = await newProject(call);
  const source = join(mkdtempSync(join(tmpdir(), 'disk-')), 'system.img');
  await writeSparseDisk(source, 64 * 1024 * 1024, [{ offset: 0, pattern: 'random', length: 1024 * 1024 }]);
  const { jobId } = await call<{ jobId: string }>('project:addDisk', { dir: snapshot.dir, source });
  const done = (await collectJob(events, jobId)).at(-1);
  assert.equal(done?.type, 'done');
  const added = (done as { result: AddedDisk }).result;
  assert.deepEqual(added, { source: 'disks/system.img', format: 'raw', virtualBytes: 64 * 1024 * 1024, fileBytes: 64 * 1024 * 1024, copied: true });
  const copy = statSync(join(snapshot.dir, 'disks/system.img'));
  assert.equal(copy.size, 64 * 1024 * 1024);
  assert.ok(copy.blocks * 512 < 8 * 1024 * 1024, `copy occupies ${copy.blocks * 512} bytes`);
  const again = await call<{ jobId: string }>('project:addDisk', { dir: snapshot.dir, source });
  const second = (await collectJob(events, again.jobId)).at(-1) as { result: AddedDisk };
  assert.equal(second.result.source, 'disks/system-2.img');
  catalog.close();
});

test('identities cross the bridge as certificate summaries; a remembered passphrase is stored only sealed', async () => {
  const ca = await testCa();
  const { call, catalog } = setup();
  const summary = await call<Record<string, unknown>>('identity:import', { keyPath: ca.rsaLeaf.pkcs12Path, passphrase: TEST_PASSPHRASE, remember: true });
  assert.equal(summary.label, 'Test RSA Signer');
  assert.equal(summary.passphraseRemembered, true);
  const text = JSON.stringify(await call('identity:list', {}));
  assert.doesNotMatch(text, /PRIVATE KEY|BEGIN CERTIFICATE/);
  assert.ok(!text.includes(TEST_PASSPHRASE));
  const stored = JSON.stringify(catalog.db.prepare('SELECT * FROM identities').all());
  assert.ok(!stored.includes(TEST_PASSPHRASE));
  const forgotten = await call<Record<string, unknown>>('identity:forget', { id: summary.id });
  assert.equal(forgotten.passphraseRemembered, false);
  assert.deepEqual(await call('identity:remove', { id: summary.id }), { removed: true });
  catalog.close();
});
