import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadSigningIdentity } from '../../../../electron/engine/trust/keys.ts';
import { signManifest } from '../../../../electron/engine/trust/sign.ts';
import { makeStore } from '../../../../electron/engine/trust/trust-store.ts';
import { verifyManifestSignature } from '../../../../electron/engine/trust/verify-signature.ts';
import { testCa, type TestIdentity } from '../../../fixtures/test-ca.ts';

const manifest = Buffer.from('SHA256(a.ovf)= 1111111111111111111111111111111111111111111111111111111111111111\n');

async function signedBy(identity: TestIdentity, chain = true): Promise<Buffer> {
  const ca = await testCa();
  const loaded = await loadSigningIdentity({ keyPath: identity.keyPath, certPath: identity.certPath, ...(chain && identity !== ca.selfSigned ? { chainPath: ca.intermediate.certPath } : {}) });
  return Buffer.from(signManifest(manifest, 'a.mf', loaded));
}

async function rootStore() {
  const ca = await testCa();
  return makeStore([{ certificate: new X509Certificate(readFileSync(ca.root.certPath)), source: 'user' }]);
}

test('a chain to a trusted root verifies as trusted, with signer details and the chain', async () => {
  const ca = await testCa();
  const result = verifyManifestSignature({ certFile: await signedBy(ca.rsaLeaf), certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: await rootStore() });
  assert.equal(result.status, 'trusted', result.message);
  assert.equal(result.signer?.subject, 'CN=Test RSA Signer');
  assert.equal(result.signer?.issuer, 'CN=Test Intermediate CA');
  assert.match(result.signer?.fingerprint ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.deepEqual(result.chain.map((l) => [l.subject, l.source]), [['CN=Test RSA Signer', 'package'], ['CN=Test Intermediate CA', 'package'], ['CN=Test Root CA, O=Appliance Studio Tests', 'user']]);
});

test('an ECDSA signature verifies too', async () => {
  const ca = await testCa();
  assert.equal(verifyManifestSignature({ certFile: await signedBy(ca.ecLeaf), certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: await rootStore() }).status, 'trusted');
});

test('without the root in the store the signature is valid but untrusted', async () => {
  const ca = await testCa();
  const result = verifyManifestSignature({ certFile: await signedBy(ca.rsaLeaf), certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: makeStore([]) });
  assert.equal(result.status, 'untrusted');
  assert.equal(result.signatureValid, true);
  assert.match(result.message, /"CN=Test Root CA, O=Appliance Studio Tests" of "CN=Test Intermediate CA" is neither in the package nor in the trust store/);
});

test('a self-signed signer is untrusted until its certificate is trusted', async () => {
  const ca = await testCa();
  const certFile = await signedBy(ca.selfSigned);
  assert.match(verifyManifestSignature({ certFile, certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: makeStore([]) }).message, /self-signed/);
  const store = makeStore([{ certificate: new X509Certificate(ca.selfSigned.certPem), source: 'given' }]);
  assert.equal(verifyManifestSignature({ certFile, certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: store }).status, 'trusted');
});

test('expired, not-yet-valid and wrong-usage certificates are reported as such', async () => {
  const ca = await testCa();
  const store = await rootStore();
  const check = async (identity: TestIdentity) => verifyManifestSignature({ certFile: await signedBy(identity), certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: store });
  const expired = await check(ca.expiredLeaf);
  assert.equal(expired.status, 'expired');
  assert.match(expired.message, /expired on 2021-01-01/);
  assert.equal((await check(ca.futureLeaf)).status, 'not-yet-valid');
  const wrong = await check(ca.wrongUsageLeaf);
  assert.equal(wrong.status, 'wrong-usage');
  assert.match(wrong.message, /does not allow digital signatures|code signing/);
});

test('a manifest changed after signing is told apart from a corrupt signature', async () => {
  const ca = await testCa();
  const certFile = await signedBy(ca.rsaLeaf);
  const altered = Buffer.from(manifest.toString().replace('1111', '2222'));
  assert.equal(verifyManifestSignature({ certFile, certName: 'a.cert', manifest: altered, manifestName: 'a.mf', trustStore: await rootStore() }).status, 'manifest-altered');
  const text = certFile.toString('latin1');
  const corrupt = Buffer.from(text.replace(/= ([0-9a-f]{10})/, '= 0000000000'), 'latin1');
  assert.equal(verifyManifestSignature({ certFile: corrupt, certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: await rootStore() }).status, 'bad-signature');
});

test('a certificate that does not belong to the signing key gives a bad signature', async () => {
  const ca = await testCa();
  const rsa = (await signedBy(ca.rsaLeaf)).toString('latin1');
  const swapped = Buffer.from(rsa.slice(0, rsa.indexOf('-----BEGIN')) + ca.ecLeaf.certPem, 'latin1');
  const result = verifyManifestSignature({ certFile: swapped, certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: await rootStore() });
  assert.equal(result.status, 'bad-signature');
  assert.equal(result.signatureValid, false);
});

test('ovftool-style space padding and VirtualBox-style spacing are read', async () => {
  const ca = await testCa();
  const text = (await signedBy(ca.rsaLeaf)).toString('latin1').replace(')= ', ') = ');
  const padded = Buffer.from(text.padEnd(102400, ' '), 'latin1');
  assert.equal(verifyManifestSignature({ certFile: padded, certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: await rootStore() }).status, 'trusted');
});

test('garbage in place of a .cert is malformed, not a crash', () => {
  const result = verifyManifestSignature({ certFile: Buffer.from('hello\n'), certName: 'a.cert', manifest, manifestName: 'a.mf', trustStore: makeStore([]) });
  assert.equal(result.status, 'malformed');
});
