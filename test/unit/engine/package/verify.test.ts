import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FileProgress, Progress } from '../../../../electron/common/progress.ts';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { indexPackage } from '../../../../electron/engine/package/inspect-package.ts';
import { packPackage } from '../../../../electron/engine/package/pack.ts';
import { verifyPackage } from '../../../../electron/engine/package/verify.ts';
import { loadSigningIdentity } from '../../../../electron/engine/trust/keys.ts';
import { testCa } from '../../../fixtures/test-ca.ts';
import { descriptorXml, makeApplianceFolder, pattern } from './appliance-folder.ts';
import { rawHeader, rawTar } from './tar-builder.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'verify-'));
const trust = () => ({ trust: { system: false, home: fresh() } });

async function packedFolder(files = [{ href: 'v-disk1.vmdk', data: pattern(50_000) }]) {
  const dir = fresh();
  await packPackage(makeApplianceFolder(join(dir, 'src'), 'v', files), { output: join(dir, 'pkg') });
  return join(dir, 'pkg');
}

function statusOf(result: Awaited<ReturnType<typeof verifyPackage>>, name: string) {
  return result.files.find((f) => f.name === name)?.status;
}

test('a changed byte in a disk is a mismatch with both digests, and the package fails', async () => {
  const dir = fresh();
  const { output } = await packPackage(makeApplianceFolder(join(dir, 'src'), 'v', [{ href: 'v-disk1.vmdk', data: pattern(50_000) }]), { output: join(dir, 'v.ova') });
  const bytes = readFileSync(output);
  const at = bytes.indexOf(pattern(50_000).subarray(0, 64)) + 30_000;
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(output, bytes);
  const result = await verifyPackage(output, trust());
  assert.equal(result.ok, false);
  const disk = result.files.find((f) => f.name === 'v-disk1.vmdk')!;
  assert.equal(disk.status, 'mismatch');
  assert.notEqual(disk.expected, disk.actual);
  assert.equal(statusOf(result, 'v.ovf'), 'ok');
});

test('a file the manifest lists but the package lacks is missing', async () => {
  const pkg = await packedFolder();
  rmSync(join(pkg, 'v-disk1.vmdk'));
  const result = await verifyPackage(pkg, trust());
  assert.equal(statusOf(result, 'v-disk1.vmdk'), 'missing');
  assert.equal(result.ok, false);
});

test('a manifest naming files outside the package reports them without opening them', async () => {
  const pkg = await packedFolder();
  const outside = join(pkg, '..', 'secret.txt');
  writeFileSync(outside, 'secret');
  writeFileSync(join(pkg, 'v.mf'), `${readFileSync(join(pkg, 'v.mf'), 'utf8')}SHA1(../secret.txt)= ${'0'.repeat(40)}\nSHA1(/etc/passwd)= ${'0'.repeat(40)}\n`);
  const result = await verifyPackage(pkg, trust());
  assert.equal(statusOf(result, '../secret.txt'), 'outside');
  assert.equal(statusOf(result, '/etc/passwd'), 'outside');
  assert.equal(result.files.find((f) => f.name === '../secret.txt')?.actual, undefined);
  assert.equal(result.ok, false);
});

test('a symlink in a folder package that leads outside is never followed', async () => {
  const pkg = await packedFolder();
  rmSync(join(pkg, 'v-disk1.vmdk'));
  symlinkSync('/etc/hostname', join(pkg, 'v-disk1.vmdk'));
  const result = await verifyPackage(pkg, trust());
  assert.equal(statusOf(result, 'v-disk1.vmdk'), 'missing');
  assert.equal(result.files.find((f) => f.name === 'v-disk1.vmdk')?.actual, undefined);
});

test('a member the manifest does not list is reported as unlisted but does not fail the package', async () => {
  const dir = fresh();
  const pkg = await packedFolder();
  const names = ['v.ovf', 'v.mf', 'v-disk1.vmdk'];
  const members = names.map((name) => ({ name, data: readFileSync(join(pkg, name)) }));
  writeFileSync(join(dir, 'x.ova'), rawTar([...members, { name: 'readme.txt', data: Buffer.from('hi') }]));
  const result = await verifyPackage(join(dir, 'x.ova'), trust());
  assert.equal(statusOf(result, 'readme.txt'), 'unlisted');
  assert.equal(result.ok, true);
});

test('without a manifest every file is unchecked; without a .cert the signature is absent', async () => {
  const pkg = await packedFolder();
  rmSync(join(pkg, 'v.mf'));
  const result = await verifyPackage(pkg, trust());
  assert.deepEqual(result.files.map((f) => f.status), ['unchecked', 'unchecked']);
  assert.equal(result.signature.status, 'absent');
  assert.equal(result.manifest, undefined);
});

test('a referenced file missing from the package fails even when the manifest does not list it', async () => {
  const dir = fresh();
  writeFileSync(join(dir, 'm.ova'), rawTar([{ name: 'm.ovf', data: Buffer.from(descriptorXml([{ href: 'm-disk1.vmdk', data: Buffer.alloc(10) }])) }]));
  const result = await verifyPackage(join(dir, 'm.ova'), trust());
  assert.equal(statusOf(result, 'm-disk1.vmdk'), 'missing');
  assert.equal(result.ok, false);
});

test('a .cert whose key did not sign the manifest fails the package', async () => {
  const ca = await testCa();
  const dir = fresh();
  const signer = await loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath });
  await packPackage(makeApplianceFolder(join(dir, 'src'), 'v', [{ href: 'v.vmdk', data: pattern(10) }]), { output: join(dir, 'pkg'), signer });
  const cert = readFileSync(join(dir, 'pkg', 'v.cert'), 'latin1');
  writeFileSync(join(dir, 'pkg', 'v.cert'), cert.slice(0, cert.indexOf('-----BEGIN')) + ca.selfSigned.certPem);
  const result = await verifyPackage(join(dir, 'pkg'), trust());
  assert.equal(result.signature.status, 'bad-signature');
  assert.equal(result.ok, false);
});

test('hashing reports progress and stops when cancelled', async () => {
  const dir = fresh();
  const { output } = await packPackage(makeApplianceFolder(join(dir, 'src'), 'big', [{ href: 'big.vmdk', data: pattern(40 * 1024 * 1024) }]), { output: join(dir, 'big.ova') });
  const seen: number[] = [];
  const done = await verifyPackage(output, { ...trust(), onProgress: (p) => seen.push(p.bytesDone) });
  assert.equal(done.ok, true);
  assert.equal(seen.at(-1), done.bytesHashed);
  const before = new AbortController();
  before.abort();
  await assert.rejects(verifyPackage(output, { ...trust(), signal: before.signal }), (e: unknown) => e instanceof EngineError && e.code === 'CANCELLED');
  // Cancelled while the worker thread is hashing the 40 MiB disk.
  const during = new AbortController();
  await assert.rejects(
    verifyPackage(output, { ...trust(), signal: during.signal, onProgress: (p) => p.bytesDone > 0 && during.abort() }),
    (e: unknown) => e instanceof EngineError && e.code === 'CANCELLED',
  );
});

test('indexPackage opens a 50 GiB OVA in milliseconds', async () => {
  const dir = fresh();
  const path = join(dir, 'huge.ova');
  const size = 50 * 1024 ** 3;
  const descriptor = Buffer.from(descriptorXml([{ href: 'huge-disk1.vmdk', sparseSize: size }]));
  const fd = openSync(path, 'w');
  writeSync(fd, rawTar([{ name: 'huge.ovf', data: descriptor }], { end: false }));
  const at = 512 + Math.ceil(descriptor.length / 512) * 512;
  writeSync(fd, rawHeader({ name: 'huge-disk1.vmdk', claimedSize: size, base256: true, magic: 'gnu' }), 0, 512, at);
  writeSync(fd, Buffer.alloc(1024), 0, 1024, at + 512 + size);
  closeSync(fd);
  const started = performance.now();
  const index = await indexPackage(path);
  const elapsed = performance.now() - started;
  assert.deepEqual(index.members.map((m) => [m.name, m.size, m.role]), [['huge.ovf', descriptor.length, 'descriptor'], ['huge-disk1.vmdk', size, 'other']]);
  // Milliseconds when idle; 1 s bounds a loaded machine and is still far from reading 50 GiB.
  assert.ok(elapsed < 1000, `indexPackage took ${elapsed.toFixed(1)} ms`);
});

test('an OVA with two descriptors or none is refused clearly', async () => {
  const dir = fresh();
  writeFileSync(join(dir, 'two.ova'), rawTar([{ name: 'a.ovf', data: Buffer.from('x') }, { name: 'b.ovf', data: Buffer.from('y') }]));
  await assert.rejects(verifyPackage(join(dir, 'two.ova'), trust()), (e: unknown) => e instanceof EngineError && e.code === 'PACKAGE_MULTIPLE_DESCRIPTORS');
  writeFileSync(join(dir, 'none.ova'), rawTar([{ name: 'a.vmdk', data: Buffer.from('x') }]));
  await assert.rejects(verifyPackage(join(dir, 'none.ova'), trust()), (e: unknown) => e instanceof EngineError && e.code === 'PACKAGE_NO_DESCRIPTOR');
});

test('a zip file given as an OVA is refused as not a tar archive', async () => {
  const dir = fresh();
  writeFileSync(join(dir, 'z.ova'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]));
  await assert.rejects(verifyPackage(join(dir, 'z.ova'), trust()), (e: unknown) => e instanceof EngineError && /zip|not a tar archive/.test(e.message));
});

test('a file whose size differs from the ovf:size in the descriptor fails as wrong-size', async () => {
  const dir = fresh();
  const disk = pattern(1000);
  const descriptor = Buffer.from(descriptorXml([{ href: 'w.vmdk', data: disk }]).replace('ovf:size="1000"', 'ovf:size="999"'));
  writeFileSync(join(dir, 'w.ova'), rawTar([{ name: 'w.ovf', data: descriptor }, { name: 'w.vmdk', data: disk }]));
  const result = await verifyPackage(join(dir, 'w.ova'), trust());
  const file = result.files.find((f) => f.name === 'w.vmdk')!;
  assert.deepEqual([file.status, file.declaredSize, file.size], ['wrong-size', 999, 1000]);
  assert.equal(result.ok, false);
  // With a manifest the file is hashed, and its progress row ends with the same verdict.
  const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
  const manifest = Buffer.from(`SHA256(w.ovf)= ${sha(descriptor)}\nSHA256(w.vmdk)= ${sha(disk)}\n`);
  writeFileSync(join(dir, 'm.ova'), rawTar([{ name: 'w.ovf', data: descriptor }, { name: 'w.mf', data: manifest }, { name: 'w.vmdk', data: disk }]));
  const rows: FileProgress[] = [];
  const listed = await verifyPackage(join(dir, 'm.ova'), { ...trust(), onProgress: (p) => rows.push(...(p.files ?? [])) });
  assert.equal(listed.files.find((f) => f.name === 'w.vmdk')?.status, 'wrong-size');
  assert.deepEqual(rows.filter((row) => row.verdict).map((row) => [row.name, row.verdict]).sort(), [['w.ovf', 'ok'], ['w.vmdk', 'wrong-size']]);
});

test('two large files are hashed at once on two worker threads, each with its own result', async () => {
  const dir = fresh();
  const first = pattern(12 * 1024 * 1024, 5);
  const second = pattern(10 * 1024 * 1024, 6);
  const { output } = await packPackage(makeApplianceFolder(join(dir, 'src'), 'two', [{ href: 'two-disk1.vmdk', data: first }, { href: 'two-disk2.vmdk', data: second }]), { output: join(dir, 'two.ova') });
  const bytes = readFileSync(output);
  const at = bytes.indexOf(second.subarray(0, 64)) + 5_000_000;
  bytes[at] = bytes[at]! ^ 1;
  writeFileSync(output, bytes);
  const result = await verifyPackage(output, trust());
  assert.deepEqual(result.files.map((f) => [f.name, f.status]), [['two.ovf', 'ok'], ['two-disk1.vmdk', 'ok'], ['two-disk2.vmdk', 'mismatch']]);
  assert.equal(result.bytesHashed, first.length + second.length + result.files.find((f) => f.name === 'two.ovf')!.size!);
});

test('each file reports its own progress: both lanes at once, bytes rising to its size, then its verdict', async () => {
  const dir = fresh();
  const first = pattern(12 * 1024 * 1024, 7);
  const second = pattern(9 * 1024 * 1024, 8);
  const { output } = await packPackage(makeApplianceFolder(join(dir, 'src'), 'lanes', [{ href: 'lanes-disk1.vmdk', data: first }, { href: 'lanes-disk2.vmdk', data: second }]), { output: join(dir, 'lanes.ova') });
  const bytes = readFileSync(output);
  const at = bytes.indexOf(second.subarray(0, 64)) + 1_000_000;
  bytes[at] = bytes[at]! ^ 1;
  writeFileSync(output, bytes);
  const events: Progress[] = [];
  const result = await verifyPackage(output, { ...trust(), onProgress: (p) => events.push(p) });
  const rows = new Map<string, FileProgress[]>();
  for (const event of events) for (const file of event.files ?? []) rows.set(file.name, [...(rows.get(file.name) ?? []), file]);
  const sizes = new Map(result.files.map((f) => [f.name, f.size]));
  assert.deepEqual([...rows.keys()].sort(), ['lanes-disk1.vmdk', 'lanes-disk2.vmdk', 'lanes.ovf']);
  for (const [name, seen] of rows) {
    const done = seen.map((row) => row.bytesDone);
    assert.deepEqual(done, [...done].sort((a, b) => a - b), `${name}: bytes only rise`);
    assert.ok(seen.every((row) => row.bytesTotal === sizes.get(name)), name);
    assert.equal(seen.at(-1)?.bytesDone, sizes.get(name), `${name}: its rows sum to its size`);
    assert.equal(seen.filter((row) => row.verdict).length, 1, `${name}: one final row`);
  }
  assert.equal(rows.get('lanes-disk1.vmdk')?.at(-1)?.verdict, 'ok');
  assert.equal(rows.get('lanes-disk2.vmdk')?.at(-1)?.verdict, 'mismatch');
  assert.ok(events.some((e) => (e.files ?? []).filter((f) => !f.verdict).length === 2), 'two files were hashed at the same time, each in its own row');
  assert.ok(events.some((e) => (e.files ?? []).some((f) => !f.verdict && f.bytesDone > 0 && f.bytesDone < f.bytesTotal)), 'a row showed a file part-way');
  assert.match(events.find((e) => (e.files ?? []).length > 0)?.label ?? '', /^Verifying lanes/);
});
