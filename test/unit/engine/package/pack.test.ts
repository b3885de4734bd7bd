import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { indexTar } from '../../../../electron/engine/package/tar-index.ts';
import { packPackage } from '../../../../electron/engine/package/pack.ts';
import { verifyPackage } from '../../../../electron/engine/package/verify.ts';
import { loadSigningIdentity } from '../../../../electron/engine/trust/keys.ts';
import { testCa } from '../../../fixtures/test-ca.ts';
import { makeApplianceFolder, pattern } from './appliance-folder.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'pack-'));
const noTrust = { trust: { system: false, home: fresh() } };

function appliance(dir = fresh()) {
  return makeApplianceFolder(join(dir, 'src'), 'app', [
    { href: 'app-disk1.vmdk', data: pattern(70_000, 1) },
    { href: 'app.iso', data: pattern(3000, 2) },
    { href: 'app-disk2.vmdk', data: pattern(513, 3) },
  ]);
}

test('packs an OVA: descriptor, manifest, then files in References order, each verifying', async () => {
  const dir = fresh();
  const result = await packPackage(appliance(dir), { output: join(dir, 'out', 'app.ova') });
  assert.deepEqual(result.members.map((m) => m.name), ['app.ovf', 'app.mf', 'app-disk1.vmdk', 'app.iso', 'app-disk2.vmdk']);
  const index = await indexTar(result.output);
  assert.deepEqual(index.members.map((m) => [m.name, m.size]), result.members.map((m) => [m.name, m.size]));
  assert.equal(index.dialect, 'ustar');
  assert.equal(readFileSync(result.output).length % 10240, 0);
  assert.match(result.manifest, /^SHA256\(app\.ovf\)= [0-9a-f]{64}\nSHA256\(app-disk1\.vmdk\)= /);
  const verified = await verifyPackage(result.output, noTrust);
  assert.equal(verified.ok, true);
  assert.deepEqual(verified.files.map((f) => [f.name, f.status]), [['app.ovf', 'ok'], ['app-disk1.vmdk', 'ok'], ['app.iso', 'ok'], ['app-disk2.vmdk', 'ok']]);
  assert.deepEqual(readdirSync(join(dir, 'out')), ['app.ova']);
});

test('a package big enough to hash on a worker thread gets the digests sha256sum and sha512sum compute', async () => {
  const dir = fresh();
  // 20 MiB with a zero run in the middle: the zero blocks become holes and are hashed without being sent.
  const data = Buffer.concat([pattern(6 * 1024 * 1024, 4), Buffer.alloc(9 * 1024 * 1024), pattern(5 * 1024 * 1024 + 77, 5)]);
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'big', [{ href: 'big-disk1.vmdk', data }, { href: 'big-disk2.vmdk', data: pattern(9 * 1024 * 1024, 6) }]);
  for (const algorithm of ['sha256', 'sha512'] as const) {
    const result = await packPackage(descriptor, { output: join(dir, `${algorithm}.ova`), algorithm });
    for (const name of ['big-disk1.vmdk', 'big-disk2.vmdk']) {
      const expected = execFileSync(`${algorithm}sum`, [join(dir, 'src', name)], { encoding: 'utf8' }).split(' ')[0];
      assert.match(result.manifest, new RegExp(`^${algorithm.toUpperCase()}\\(${name.replace('.', '\\.')}\\)= ${expected}$`, 'm'));
    }
    assert.equal((await verifyPackage(result.output, noTrust)).ok, true);
  }
});

test('the same inputs give byte-identical OVAs, unsigned or signed with RSA or ECDSA', async () => {
  const ca = await testCa();
  const rsa = await loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath, chainPath: ca.rsaLeaf.chainPath });
  const ecdsa = await loadSigningIdentity({ keyPath: ca.ecLeaf.keyPath, certPath: ca.ecLeaf.certPath, chainPath: ca.ecLeaf.chainPath });
  const dir = fresh();
  const descriptor = appliance(dir);
  for (const options of [{}, { signer: rsa }, { signer: ecdsa }]) {
    const a = await packPackage(descriptor, { output: join(dir, 'a.ova'), ...options });
    const b = await packPackage(descriptor, { output: join(dir, 'b.ova'), ...options });
    assert.ok(readFileSync(a.output).equals(readFileSync(b.output)));
  }
});

test('a signed OVA carries the certificate right after the manifest and verifies as trusted', async () => {
  const ca = await testCa();
  const dir = fresh();
  for (const leaf of [ca.rsaLeaf, ca.ecLeaf]) {
    const signer = await loadSigningIdentity({ keyPath: leaf.keyPath, certPath: leaf.certPath, chainPath: leaf.chainPath });
    const result = await packPackage(appliance(join(dir, leaf.name)), { output: join(dir, `${leaf.name}.ova`), signer, algorithm: 'sha512' });
    assert.deepEqual(result.members.slice(0, 3).map((m) => m.name), ['app.ovf', 'app.mf', 'app.cert']);
    const verified = await verifyPackage(result.output, { trust: { system: false, home: fresh(), extra: [ca.root.certPath] } });
    assert.equal(verified.signature.status, 'trusted', verified.signature.message);
    assert.deepEqual(verified.manifest?.algorithms, ['sha512']);
    assert.equal(verified.ok, true);
  }
});

test('packs an OVF folder with manifest and certificate beside the files', async () => {
  const ca = await testCa();
  const dir = fresh();
  const signer = await loadSigningIdentity({ keyPath: ca.ecLeaf.pkcs12Path, passphrase: ca.passphrase });
  const result = await packPackage(appliance(dir), { output: join(dir, 'folder'), signer, algorithm: 'sha1' });
  assert.equal(result.format, 'ovf');
  assert.deepEqual(readdirSync(join(dir, 'folder')).sort(), ['app-disk1.vmdk', 'app-disk2.vmdk', 'app.cert', 'app.iso', 'app.mf', 'app.ovf']);
  const verified = await verifyPackage(join(dir, 'folder'), { trust: { system: false, home: fresh(), extra: [ca.root.certPath] } });
  assert.equal(verified.ok, true);
  assert.equal(verified.signature.status, 'trusted');
  await assert.rejects(packPackage(appliance(dir), { output: join(dir, 'folder') }), (e: unknown) => e instanceof EngineError && e.code === 'PACK_OUTPUT_EXISTS');
});

test('chunked files are packed part by part and each part is in the manifest', async () => {
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'c', [{ href: 'c-disk1.vmdk', data: pattern(2500), chunkSize: 1000 }]);
  const result = await packPackage(descriptor, { output: join(dir, 'c.ova') });
  assert.deepEqual(result.members.map((m) => m.name), ['c.ovf', 'c.mf', 'c-disk1.vmdk.000000000', 'c-disk1.vmdk.000000001', 'c-disk1.vmdk.000000002']);
  const verified = await verifyPackage(result.output, noTrust);
  assert.equal(verified.ok, true);
  assert.equal(verified.files.filter((f) => f.status === 'ok').length, 4);
});

test('refuses a descriptor whose href climbs out of its folder, writing nothing', async () => {
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'x', [{ href: '../secret.txt', data: Buffer.from('x') }]);
  await assert.rejects(packPackage(descriptor, { output: join(dir, 'out', 'x.ova') }), (e: unknown) => e instanceof EngineError && e.code === 'PACKAGE_PATH_OUTSIDE' && e.location?.line !== undefined);
  assert.equal(existsSync(join(dir, 'out')), false);
});

test('refuses a missing file and an ovf:size that disagrees with the file', async () => {
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'x', [{ href: 'x.vmdk', data: Buffer.from('abc') }]);
  const text = readFileSync(descriptor, 'utf8');
  const { writeFileSync, rmSync } = await import('node:fs');
  writeFileSync(descriptor, text.replace('ovf:size="3"', 'ovf:size="4"'));
  await assert.rejects(packPackage(descriptor, { output: join(dir, 'x.ova') }), /declares ovf:size="4" but "x.vmdk" is 3 bytes/);
  rmSync(join(dir, 'src', 'x.vmdk'));
  await assert.rejects(packPackage(descriptor, { output: join(dir, 'x.ova') }), (e: unknown) => e instanceof EngineError && e.code === 'PACK_FILE_MISSING');
  assert.deepEqual(readdirSync(dir), ['src']);
});

test('a cancelled pack removes its partial output', async () => {
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'big', [{ href: 'big.vmdk', sparseSize: 256 * 1024 * 1024 }]);
  const controller = new AbortController();
  await assert.rejects(
    packPackage(descriptor, { output: join(dir, 'big.ova'), signal: controller.signal, onProgress: (p) => p.bytesDone > 0 && controller.abort() }),
    (e: unknown) => e instanceof EngineError && e.code === 'CANCELLED',
  );
  assert.deepEqual(readdirSync(dir), ['src']);
});

test('refuses an output that would overwrite one of its own inputs', async () => {
  const dir = fresh();
  const descriptor = appliance(dir);
  await assert.rejects(packPackage(descriptor, { output: join(dir, 'src', 'app-disk1.vmdk'), format: 'ova' }), (e: unknown) => e instanceof EngineError && e.code === 'PACK_OUTPUT_IS_INPUT');
  await assert.rejects(packPackage(descriptor, { output: join(dir, 'src') }), (e: unknown) => e instanceof EngineError && e.code === 'PACK_OUTPUT_IS_INPUT');
  assert.equal(readFileSync(join(dir, 'src', 'app-disk1.vmdk')).length, 70_000);
});

test('refuses a referenced file that is a symlink leading out of the descriptor folder', async () => {
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'l', [{ href: 'l.vmdk', data: Buffer.from('x') }]);
  const { rmSync, symlinkSync, writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'outside.bin'), 'x');
  rmSync(join(dir, 'src', 'l.vmdk'));
  symlinkSync(join(dir, 'outside.bin'), join(dir, 'src', 'l.vmdk'));
  await assert.rejects(packPackage(descriptor, { output: join(dir, 'l.ova') }), (e: unknown) => e instanceof EngineError && e.code === 'PACKAGE_PATH_OUTSIDE' && /leads outside/.test(e.message));
  assert.equal(existsSync(join(dir, 'l.ova')), false);
});
