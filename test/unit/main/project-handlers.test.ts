import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { JobEvent } from '../../../electron/common/ipc.ts';
import type { AddedDisk, BuildSummary, ProjectCheck, ProjectSnapshot } from '../../../electron/common/ipc-project.ts';
import { isoImage, writeSparseDisk } from '../../fixtures/disks.ts';
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

test('a project started from a disk image copies it into disks/ and names it as the system disk', async () => {
  const { call, events, catalog } = setup();
  const work = mkdtempSync(join(tmpdir(), 'from-disk-'));
  const image = join(work, 'appliance.img');
  await writeSparseDisk(image, 8 * 1024 * 1024, [{ offset: 0, pattern: 'random', length: 65536 }]);
  const request = { dir: join(work, 'project'), name: 'From Disk', os: 'linux-64', targets: ['kvm'], disk: image };
  const { jobId } = await call<{ jobId: string }>('project:createFromDisk', request);
  const done = (await collectJob(events, jobId)).at(-1) as { type: string; result: ProjectSnapshot };
  assert.equal(done.type, 'done');
  const disks = (done.result.draft.systems as { disks: { source?: string }[] }[])[0]?.disks;
  assert.deepEqual(disks?.map((d) => d.source), ['disks/appliance.img']);
  assert.equal(statSync(join(work, 'project', 'disks', 'appliance.img')).size, 8 * 1024 * 1024);
  await assert.rejects(call('project:createFromDisk', request), (e: { code?: string }) => e.code === 'PROJECT_EXISTS');
  catalog.close();
});

test('a build signs with a stored identity whose passphrase was remembered, and failures go to the history', async () => {
  const ca = await testCa();
  const { call, events, catalog } = setup();
  const snapshot = await newProject(call);
  const identity = await call<{ id: number }>('identity:import', { keyPath: ca.ecLeaf.pkcs12Path, passphrase: TEST_PASSPHRASE, remember: true });
  const { jobId } = await call<{ jobId: string }>('project:build', { dir: snapshot.dir, targets: ['vmware-esxi'], identityId: identity.id });
  const done = (await collectJob(events, jobId)).at(-1) as { type: string; result: BuildSummary; problem?: { message: string } };
  assert.equal(done.type, 'done', done.problem?.message);
  assert.equal(done.result.targets[0]?.signed, true);
  assert.match(done.result.signer?.subject ?? '', /Test ECDSA Signer/);
  assert.ok(done.result.targets[0]?.files.some((f) => f.name.endsWith('.ova') && /^[0-9a-f]{64}$/.test(f.sha256)));

  const broken = { ...snapshot.draft, systems: (snapshot.draft.systems as Record<string, unknown>[]).map((s) => ({ ...s, coresPerSocket: 3 })) };
  await call('project:save', { dir: snapshot.dir, draft: broken, revision: (await call<{ revision: string }>('project:revision', { dir: snapshot.dir })).revision });
  const failed = await call<{ jobId: string }>('project:build', { dir: snapshot.dir, targets: ['vmware-esxi'] });
  const end = (await collectJob(events, failed.jobId)).at(-1) as { type: string; problem: { code: string } };
  assert.equal(end.type, 'failed');
  assert.equal(end.problem.code, 'BUILD_CHECK_FAILED');
  const history = await call<{ entries: { result: string; signer?: string }[] }>('project:builds', { dir: snapshot.dir });
  assert.deepEqual(history.entries.map((e) => e.result), ['failed', 'ok']);
  assert.match(history.entries[1]?.signer ?? '', /Test ECDSA Signer/);
  catalog.close();
});

test('a passphrase-protected identity without a passphrase stops the build before it starts, saying what to do', async () => {
  const ca = await testCa();
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  const identity = await call<{ id: number }>('identity:import', { keyPath: ca.rsaLeaf.encryptedKeyPath, certPath: ca.rsaLeaf.certPath, passphrase: TEST_PASSPHRASE });
  await assert.rejects(call('project:build', { dir: snapshot.dir, targets: ['vmware-esxi'], identityId: identity.id }), (e: { code?: string; message: string }) => e.code === 'IDENTITY_PASSPHRASE_REQUIRED' && /enter it/.test(e.message));
  catalog.close();
});

test('the deploy form groups by category and checks typed values against type and qualifiers', async () => {
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  const draft = {
    ...snapshot.draft,
    properties: [
      { key: 'role', type: 'string', category: 'Cluster', qualifiers: 'ValueMap{"primary","standby"}', default: 'primary' },
      { key: 'port', type: 'uint16', qualifiers: 'MinValue(1024)', default: 8443 },
      { key: 'secret', type: 'string', password: true, qualifiers: 'MinLen(12)' },
    ],
  };
  const { fields } = await call<{ fields: { key: string; category: string; choices: string[]; problem?: string; password: boolean }[] }>('project:deployForm', { draft, values: { port: '80', secret: 'short' } });
  assert.deepEqual(fields.map((f) => [f.key, f.category, f.choices, f.problem]), [
    ['role', 'Cluster', ['primary', 'standby'], undefined],
    ['port', '', [], 'must be at least 1024 (MinValue)'],
    ['secret', '', [], 'must be at least 12 characters (MinLen); it has 5'],
  ]);
  const typed = await call<{ fields: { problem?: string }[] }>('project:deployForm', { draft, values: { port: '70000' } });
  assert.match(typed.fields[1]?.problem ?? '', /outside the uint16 range/);
  catalog.close();
});

test('the deploy form starts from the default of the chosen deployment option, the default option when none is chosen', async () => {
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  const draft = {
    ...snapshot.draft,
    deploymentOptions: [
      { id: 'small', label: 'Small', description: 'One CPU' },
      { id: 'large', label: 'Large', description: 'Eight CPUs', default: true },
    ],
    properties: [
      { key: 'workers', type: 'uint8', default: 2, optionDefaults: { large: 16 } },
      { key: 'role', type: 'string', default: 'primary' },
    ],
  };
  const defaults = async (option?: string) => (await call<{ fields: { defaultValue: string }[] }>('project:deployForm', { draft, values: {}, ...(option ? { option } : {}) })).fields.map((f) => f.defaultValue);
  assert.deepEqual(await defaults(), ['16', 'primary']);
  assert.deepEqual(await defaults('small'), ['2', 'primary']);
  assert.deepEqual(await defaults('large'), ['16', 'primary']);
  catalog.close();
});

test('a cancelled build leaves nothing in its output folder and is recorded as cancelled', async () => {
  const { call, events, catalog } = setup();
  const snapshot = await newProject(call);
  const source = join(mkdtempSync(join(tmpdir(), 'cancel-')), 'big.img');
  await writeSparseDisk(source, 48 * 1024 * 1024, [{ offset: 0, pattern: 'random', length: 48 * 1024 * 1024 }]);
  const added = await call<{ jobId: string }>('project:addDisk', { dir: snapshot.dir, source });
  const disk = ((await collectJob(events, added.jobId)).at(-1) as { result: AddedDisk }).result;
  const systems = (snapshot.draft.systems as Record<string, unknown>[]).map((s) => ({ ...s, disks: [{ id: 'big', source: disk.source, controller: 'scsi0', unit: 0 }] }));
  await call('project:save', { dir: snapshot.dir, draft: { ...snapshot.draft, systems }, revision: snapshot.revision });
  const output = join(mkdtempSync(join(tmpdir(), 'cancel-out-')), 'out');
  const { jobId } = await call<{ jobId: string }>('project:build', { dir: snapshot.dir, targets: ['vmware-esxi', 'virtualbox'], output });
  const firstProgress = new Promise<void>((resolve) => {
    const poll = () => (events.some((e) => e.jobId === jobId) ? resolve() : setTimeout(poll, 2));
    poll();
  });
  await firstProgress;
  assert.deepEqual(await call('job:cancel', { jobId }), { cancelled: true });
  assert.equal((await collectJob(events, jobId)).at(-1)?.type, 'cancelled');
  assert.deepEqual(readdirSync(output), []);
  const history = await call<{ entries: { result: string }[] }>('project:builds', { dir: snapshot.dir });
  assert.equal(history.entries[0]?.result, 'cancelled');
  catalog.close();
});

test('hostile drafts: a path out of the project, a prototype key and a non-project folder are refused with what to do', async () => {
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  const systems = snapshot.draft.systems as Record<string, unknown>[];
  const escaping = { ...snapshot.draft, systems: [{ ...systems[0], disks: [{ id: 'd', source: '../../../etc/passwd', controller: 'scsi0', unit: 0 }] }] };
  const check = await call<ProjectCheck>('project:check', { dir: snapshot.dir, draft: escaping });
  assert.deepEqual(check.issues.map((i) => i.path), [['systems', 0, 'disks', 0, 'source']]);
  assert.match(check.issues[0]?.message ?? '', /leaves the project folder/);
  const before = readFileSync(snapshot.file, 'utf8');
  await assert.rejects(call('project:save', { dir: snapshot.dir, draft: escaping, revision: snapshot.revision }), (e: { code?: string }) => e.code === 'PROJECT_PATH_OUTSIDE');
  assert.equal(readFileSync(snapshot.file, 'utf8'), before);
  // A "__proto__" key from the renderer is dropped at the IPC edge: nothing is polluted or written.
  const polluted = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(snapshot.draft).slice(1)}`) as Record<string, unknown>;
  await call<ProjectCheck>('project:check', { dir: snapshot.dir, draft: polluted });
  await call('project:save', { dir: snapshot.dir, draft: polluted, revision: snapshot.revision });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.doesNotMatch(readFileSync(snapshot.file, 'utf8'), /polluted|__proto__/);
  await assert.rejects(call('project:open', { path: mkdtempSync(join(tmpdir(), 'not-a-project-')) }), (e: { code?: string; message: string }) => e.code === 'PROJECT_NOT_FOUND' && /Create one with "New project"/.test(e.message));
  catalog.close();
});

test('a damaged appliance.yaml opens with the line of the problem; a key file that is only a certificate is refused', async () => {
  const ca = await testCa();
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  writeFileSync(snapshot.file, 'format: 1\nproduct: [unclosed\n');
  await assert.rejects(call('project:open', { path: snapshot.file }), (e: { code?: string }) => e.code === 'PROJECT_YAML_SYNTAX');
  await assert.rejects(call('identity:import', { keyPath: ca.rsaLeaf.certPath }), (e: { code?: string }) => e.code === 'TRUST_KEY_MISSING');
  catalog.close();
});

test('an appliance.yaml the schema refuses still opens, its problems at their fields, and the fixed draft saves with comments kept', async () => {
  const { call, catalog } = setup();
  const snapshot = await newProject(call);
  writeFileSync(snapshot.file, readFileSync(snapshot.file, 'utf8').replace('cpus: 2', 'cpus: 0 # hand-edited'));
  const opened = await call<ProjectSnapshot>('project:open', { path: snapshot.dir });
  const check = await call<ProjectCheck>('project:check', { dir: opened.dir, draft: opened.draft });
  assert.deepEqual(check.issues.map((i) => i.path), [['systems', 0, 'cpus']]);
  const systems = (opened.draft.systems as Record<string, unknown>[]).map((s) => ({ ...s, cpus: 2 }));
  await call('project:save', { dir: opened.dir, draft: { ...opened.draft, systems }, revision: opened.revision });
  const text = readFileSync(snapshot.file, 'utf8');
  assert.match(text, /cpus: 2 # hand-edited/);
  assert.match(text, /^# Appliance Studio project\./);
  writeFileSync(snapshot.file, 'just a sentence\n');
  await assert.rejects(call('project:open', { path: snapshot.dir }), (e: { code?: string; message: string }) => e.code === 'PROJECT_INVALID' || e.code === 'PROJECT_YAML_SYNTAX');
  catalog.close();
});

test('an ISO goes to media/ for a CD/DVD drive; an ISO offered as a disk and a disk offered as media are refused with where they belong', async () => {
  const { call, events, catalog } = setup();
  const snapshot = await newProject(call);
  const work = mkdtempSync(join(tmpdir(), 'iso-'));
  const iso = join(work, 'tools.iso');
  writeFileSync(iso, isoImage('TOOLS'));
  const disk = join(work, 'system.img');
  await writeSparseDisk(disk, 1024 * 1024, [{ offset: 0, pattern: 'random', length: 4096 }]);
  const end = async (request: Record<string, unknown>) => (await collectJob(events, (await call<{ jobId: string }>('project:addDisk', { dir: snapshot.dir, ...request })).jobId)).at(-1) as { type: string; result?: AddedDisk; problem?: { code: string; message: string } };
  const media = await end({ source: iso, media: true });
  assert.deepEqual(media.result, { source: 'media/tools.iso', format: 'iso', virtualBytes: 18 * 2048, fileBytes: 18 * 2048, copied: true });
  const asDisk = await end({ source: iso });
  assert.equal(asDisk.problem?.code, 'PROJECT_ISO_AS_DISK');
  assert.match(asDisk.problem?.message ?? '', /add it under CD\/DVD drives/);
  const asMedia = await end({ source: disk, media: true });
  assert.equal(asMedia.problem?.code, 'PROJECT_NOT_ISO');
  catalog.close();
});
