import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { indexTar } from '../../../../electron/engine/package/tar-index.ts';
import { packPackage } from '../../../../electron/engine/package/pack.ts';
import { signPackage } from '../../../../electron/engine/package/resign.ts';
import { verifyPackage } from '../../../../electron/engine/package/verify.ts';
import { loadSigningIdentity } from '../../../../electron/engine/trust/keys.ts';
import { testCa } from '../../../fixtures/test-ca.ts';
import { makeApplianceFolder, pattern } from './appliance-folder.ts';
import { rawTar } from './tar-builder.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'resign-'));

async function trustRoot() {
  const ca = await testCa();
  return { trust: { system: false, home: fresh(), extra: [ca.root.certPath] } };
}

function diskBytes(path: string, name: string, index: Awaited<ReturnType<typeof indexTar>>) {
  const member = index.members.find((m) => m.name === name)!;
  return readFileSync(path).subarray(member.offset, member.offset + member.size);
}

test('signing an unsigned OVA appends the certificate and leaves every disk byte where it was', async () => {
  const ca = await testCa();
  const dir = fresh();
  const { output } = await packPackage(makeApplianceFolder(join(dir, 'src'), 's', [{ href: 's-disk1.vmdk', data: pattern(20_000) }]), { output: join(dir, 's.ova') });
  const before = await indexTar(output);
  const identity = await loadSigningIdentity({ keyPath: ca.ecLeaf.keyPath, certPath: ca.ecLeaf.certPath, chainPath: ca.ecLeaf.chainPath });
  const result = await signPackage(output, identity);
  assert.equal(result.placement, 'appended');
  const after = await indexTar(output);
  assert.deepEqual(after.members.map((m) => m.name), ['s.ovf', 's.mf', 's-disk1.vmdk', 's.cert']);
  assert.equal(after.members[2]!.offset, before.members[2]!.offset);
  assert.ok(diskBytes(output, 's-disk1.vmdk', after).equals(pattern(20_000)));
  assert.equal(statSync(output).size % 10240, 0);
  const verified = await verifyPackage(output, await trustRoot());
  assert.equal(verified.signature.status, 'trusted', verified.signature.message);
  assert.equal(verified.ok, true);
});

test('re-signing a signed OVA replaces the certificate in place with another signer', async () => {
  const ca = await testCa();
  const dir = fresh();
  const first = await loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath, chainPath: ca.rsaLeaf.chainPath });
  const { output } = await packPackage(makeApplianceFolder(join(dir, 'src'), 's', [{ href: 's-disk1.vmdk', data: pattern(5000) }]), { output: join(dir, 's.ova'), signer: first });
  const size = statSync(output).size;
  const second = await loadSigningIdentity({ keyPath: ca.ecLeaf.keyPath, certPath: ca.ecLeaf.certPath });
  const result = await signPackage(output, second, { algorithm: 'sha512' });
  assert.equal(result.placement, 'replaced-in-place');
  assert.equal(statSync(output).size, size);
  const verified = await verifyPackage(output, await trustRoot());
  assert.equal(verified.signature.signer?.subject, 'CN=Test ECDSA Signer');
  assert.equal(verified.signature.algorithm, 'sha512');
  // The ECDSA signer sent no chain here, so the intermediate is unknown: valid but untrusted.
  assert.equal(verified.signature.status, 'untrusted');
  assert.equal(verified.ok, true);
});

test('a certificate too large for its slot in the middle of an OVA is refused, and the OVA is untouched', async () => {
  const ca = await testCa();
  const dir = fresh();
  const small = Buffer.from(`SHA256(t.mf)= 00\n${ca.selfSigned.certPem}`);
  const manifest = Buffer.from('SHA256(t.ovf)= ' + '0'.repeat(64) + '\n');
  writeFileSync(join(dir, 't.ova'), rawTar([{ name: 't.ovf', data: Buffer.from('<Envelope/>') }, { name: 't.mf', data: manifest }, { name: 't.cert', data: small }, { name: 't.vmdk', data: Buffer.alloc(10) }]));
  const before = readFileSync(join(dir, 't.ova'));
  const identity = await loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath, chainPath: ca.rsaLeaf.chainPath });
  await assert.rejects(signPackage(join(dir, 't.ova'), identity), (e: unknown) => e instanceof EngineError && e.code === 'SIGN_NO_ROOM');
  assert.ok(readFileSync(join(dir, 't.ova')).equals(before));
});

test('signing a folder package writes the .cert beside the descriptor; no manifest is an error', async () => {
  const ca = await testCa();
  const dir = fresh();
  await packPackage(makeApplianceFolder(join(dir, 'src'), 'f', [{ href: 'f.vmdk', data: pattern(100) }]), { output: join(dir, 'pkg') });
  const identity = await loadSigningIdentity({ keyPath: ca.rsaLeaf.pkcs12LegacyPath, passphrase: ca.passphrase });
  assert.equal((await signPackage(join(dir, 'pkg'), identity)).placement, 'folder');
  assert.equal((await verifyPackage(join(dir, 'pkg'), await trustRoot())).signature.status, 'trusted');
  await assert.rejects(signPackage(join(dir, 'src', 'f.ovf'), identity), (e: unknown) => e instanceof EngineError && e.code === 'PACKAGE_NO_MANIFEST');
});
