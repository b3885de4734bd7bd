import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { loadSigningIdentity } from '../../../../electron/engine/trust/keys.ts';
import { testCa } from '../../../fixtures/test-ca.ts';
import { signManifest } from '../../../../electron/engine/trust/sign.ts';
import { parseCertFile } from '../../../../electron/engine/trust/cert-file.ts';

const code = (expected: string) => (error: unknown) => error instanceof EngineError && error.code === expected;

for (const keyType of ['rsa', 'ec'] as const) {
  test(`${keyType}: every key form (PKCS#8, traditional, encrypted PKCS#8, PKCS#12 modern and legacy) loads the same key and certificate`, async () => {
    const ca = await testCa();
    const signer = keyType === 'rsa' ? ca.rsaLeaf : ca.ecLeaf;
    const forms = [
      { keyPath: signer.keyPath, certPath: signer.certPath },
      { keyPath: signer.traditionalKeyPath, certPath: signer.certPath },
      { keyPath: signer.encryptedKeyPath, certPath: signer.certPath, passphrase: ca.passphrase },
      { keyPath: signer.pkcs12Path, passphrase: ca.passphrase },
      { keyPath: signer.pkcs12LegacyPath, passphrase: ca.passphrase },
    ];
    const manifest = Buffer.from('SHA256(a.ovf)= 00\n');
    for (const form of forms) {
      const identity = await loadSigningIdentity(form);
      assert.equal(identity.certificate.toString().trim(), signer.certPem.trim());
      assert.match(identity.certificate.subject, new RegExp(signer.commonName));
      const cert = parseCertFile(Buffer.from(signManifest(manifest, 'a.mf', identity)), 'a.cert');
      assert.ok(verify('sha256', manifest, identity.certificate.publicKey, cert.signature.signature), form.keyPath);
      if (form.keyPath.endsWith('.p12')) assert.deepEqual(identity.chain.map((c) => c.subject), ['CN=Test Intermediate CA']);
    }
  });
}

test('an encrypted key without a passphrase asks for one', async () => {
  const ca = await testCa();
  await assert.rejects(loadSigningIdentity({ keyPath: ca.rsaLeaf.encryptedKeyPath, certPath: ca.rsaLeaf.certPath }), code('TRUST_KEY_PASSPHRASE_REQUIRED'));
});

test('a wrong passphrase is reported as such, for PEM and PKCS#12', async () => {
  const ca = await testCa();
  await assert.rejects(loadSigningIdentity({ keyPath: ca.rsaLeaf.encryptedKeyPath, certPath: ca.rsaLeaf.certPath, passphrase: 'nope' }), code('TRUST_KEY_BAD_PASSPHRASE'));
  await assert.rejects(loadSigningIdentity({ keyPath: ca.ecLeaf.pkcs12Path, passphrase: 'nope' }), code('TRUST_KEY_BAD_PASSPHRASE'));
  await assert.rejects(loadSigningIdentity({ keyPath: ca.ecLeaf.pkcs12LegacyPath, passphrase: 'nope' }), code('TRUST_KEY_BAD_PASSPHRASE'));
});

test('a certificate that does not match the key is refused', async () => {
  const ca = await testCa();
  await assert.rejects(loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.ecLeaf.certPath }), (error: unknown) => code('TRUST_KEY_CERT_MISMATCH')(error) && /public keys differ/.test((error as Error).message));
});

test('a file that is neither a PEM key nor a PKCS#12 gives a clear error', async () => {
  const ca = await testCa();
  await assert.rejects(loadSigningIdentity({ keyPath: ca.rsaLeaf.certPath }), code('TRUST_KEY_MISSING'));
  await assert.rejects(loadSigningIdentity({ keyPath: `${ca.dir}/serial`, passphrase: 'x' }), code('TRUST_PKCS12_MALFORMED'));
});

test('the .cert lists the signer first, then the chain', async () => {
  const ca = await testCa();
  const identity = await loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath, chainPath: ca.rsaLeaf.chainPath });
  const text = signManifest(Buffer.from('x'), 'a.mf', identity, 'sha512');
  assert.match(text, /^SHA512\(a\.mf\)= [0-9a-f]{512}\n-----BEGIN CERTIFICATE-----/);
  assert.deepEqual(parseCertFile(Buffer.from(text), 'a.cert').certificates.map((c) => c.subject), ['CN=Test RSA Signer', 'CN=Test Intermediate CA']);
});
