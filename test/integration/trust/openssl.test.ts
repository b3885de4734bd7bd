// openssl is the oracle for signatures: every signature we make verifies with `openssl dgst
// -verify`, and a .cert built from `openssl dgst -sign` output verifies with ours.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ManifestAlgorithm } from '../../../electron/engine/package/manifest.ts';
import { packPackage } from '../../../electron/engine/package/pack.ts';
import { verifyPackage } from '../../../electron/engine/package/verify.ts';
import { parseCertFile } from '../../../electron/engine/trust/cert-file.ts';
import { loadSigningIdentity } from '../../../electron/engine/trust/keys.ts';
import { testCa } from '../../fixtures/test-ca.ts';
import { makeApplianceFolder, pattern } from '../../unit/engine/package/appliance-folder.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'openssl-'));

const cases: [string, ManifestAlgorithm][] = [
  ['rsa', 'sha1'],
  ['rsa', 'sha256'],
  ['rsa', 'sha512'],
  ['ec', 'sha256'],
  ['ec', 'sha512'],
];

for (const [keyType, algorithm] of cases) {
  test(`openssl dgst -${algorithm} -verify accepts the ${keyType.toUpperCase()} signature we put in a package`, async () => {
    const ca = await testCa();
    const leaf = keyType === 'rsa' ? ca.rsaLeaf : ca.ecLeaf;
    const dir = fresh();
    const descriptor = makeApplianceFolder(join(dir, 'src'), 'app', [{ href: 'app.vmdk', data: pattern(2048) }]);
    const signer = await loadSigningIdentity({ keyPath: leaf.encryptedKeyPath, certPath: leaf.certPath, passphrase: ca.passphrase });
    await packPackage(descriptor, { output: join(dir, 'out'), signer, signatureAlgorithm: algorithm });
    const cert = parseCertFile(readFileSync(join(dir, 'out', 'app.cert')), 'app.cert');
    assert.equal(cert.signature.algorithm, algorithm);
    writeFileSync(join(dir, 'sig.bin'), cert.signature.signature);
    writeFileSync(join(dir, 'pub.pem'), new X509Certificate(leaf.certPem).publicKey.export({ type: 'spki', format: 'pem' }));
    const out = execFileSync('openssl', ['dgst', `-${algorithm}`, '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.bin'), join(dir, 'out', 'app.mf')], { encoding: 'utf8' });
    assert.match(out, /Verified OK/);
  });
}

test('a .cert made with openssl dgst -sign verifies as trusted with our verifier, and fails once the manifest changes', async () => {
  const ca = await testCa();
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'app', [{ href: 'app.vmdk', data: pattern(2048) }]);
  await packPackage(descriptor, { output: join(dir, 'out') });
  const manifest = join(dir, 'out', 'app.mf');
  const signature = execFileSync('openssl', ['dgst', '-sha256', '-sign', ca.rsaLeaf.keyPath, manifest]);
  writeFileSync(join(dir, 'out', 'app.cert'), `SHA256(app.mf)= ${signature.toString('hex')}\n${ca.rsaLeaf.certPem}${ca.intermediate.certPem}`);
  const trust = { system: false, home: dir, extra: [ca.root.certPath] };
  const good = await verifyPackage(join(dir, 'out'), { trust });
  assert.equal(good.signature.status, 'trusted', good.signature.message);
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/= ./, '= 0'));
  const bad = await verifyPackage(join(dir, 'out'), { trust });
  assert.equal(bad.signature.status, 'manifest-altered');
  assert.equal(bad.ok, false);
});

test('a VirtualBox signova-style .cert (spaced line, blank line, PEM, detached CMS block from openssl cms) verifies', async () => {
  const ca = await testCa();
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'vb', [{ href: 'vb.vmdk', data: pattern(4096) }]);
  await packPackage(descriptor, { output: join(dir, 'out'), algorithm: 'sha256' });
  const manifest = join(dir, 'out', 'vb.mf');
  const signature = execFileSync('openssl', ['dgst', '-sha256', '-sign', ca.rsaLeaf.keyPath, manifest]).toString('hex');
  const cms = execFileSync('openssl', ['cms', '-sign', '-binary', '-in', manifest, '-signer', ca.rsaLeaf.certPath, '-inkey', ca.rsaLeaf.keyPath, '-md', 'sha512', '-outform', 'PEM'], { encoding: 'utf8' });
  assert.match(cms, /-----BEGIN CMS-----/);
  writeFileSync(join(dir, 'out', 'vb.cert'), `SHA256(vb.mf) = ${signature}\n\n${ca.rsaLeaf.certPem}${cms}`);
  const result = await verifyPackage(join(dir, 'out'), { trust: { system: false, home: dir, extra: [ca.root.certPath] } });
  // The chain is not in this .cert (signova adds intermediates only on request), so the root cannot be reached.
  assert.equal(result.signature.status, 'untrusted', result.signature.message);
  assert.equal(result.signature.signatureValid, true);
  assert.equal(result.signature.hasCms, true);
  const withIntermediate = await verifyPackage(join(dir, 'out'), { trust: { system: false, home: dir, extra: [ca.intermediate.certPath] } });
  assert.equal(withIntermediate.signature.status, 'trusted');
});
