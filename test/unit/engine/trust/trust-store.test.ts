import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { loadTrustStore, trustCertificate, userTrustDir } from '../../../../electron/engine/trust/trust-store.ts';
import { testCa } from '../../../fixtures/test-ca.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'trust-store-'));

test('combines system roots (a bundle file), the user store and given PEMs, each with its source', async () => {
  const ca = await testCa();
  const system = fresh();
  writeFileSync(join(system, 'ca-certificates.crt'), ca.root.certPem + ca.intermediate.certPem);
  const home = fresh();
  await trustCertificate(new X509Certificate(ca.selfSigned.certPem), home);
  const store = await loadTrustStore({ systemDir: system, home, extra: [ca.ecLeaf.certPath] });
  assert.deepEqual(store.anchors.map((a) => [a.certificate.subject.split('\n').at(-1), a.source]), [
    ['CN=Test Root CA', 'system'],
    ['CN=Test Intermediate CA', 'system'],
    ['CN=Test Self-Signed Signer', 'user'],
    ['CN=Test ECDSA Signer', 'given'],
  ]);
  assert.equal(store.find(new X509Certificate(ca.root.certPem))?.source, 'system');
  assert.equal(store.bySubject(new X509Certificate(ca.rsaLeaf.certPem).issuer).length, 1);
});

test('reads /etc/ssl/certs on this machine', async () => {
  const store = await loadTrustStore({ home: fresh() });
  assert.ok(store.anchors.length > 50, `${store.anchors.length} system roots`);
});

test('a broken file in the user store is skipped; trusting twice keeps one file', async () => {
  const ca = await testCa();
  const home = fresh();
  mkdirSync(userTrustDir(home), { recursive: true });
  writeFileSync(join(userTrustDir(home), 'broken.pem'), '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n');
  const certificate = new X509Certificate(ca.root.certPem);
  await trustCertificate(certificate, home);
  await trustCertificate(certificate, home);
  assert.equal(readdirSync(userTrustDir(home)).length, 2);
  const store = await loadTrustStore({ system: false, home });
  assert.equal(store.anchors.length, 1);
});

test('a --trust file without a certificate is an input error', async () => {
  const dir = fresh();
  writeFileSync(join(dir, 'empty.pem'), 'nothing here');
  await assert.rejects(loadTrustStore({ system: false, home: dir, extra: [join(dir, 'empty.pem')] }), (e: unknown) => e instanceof EngineError && e.code === 'TRUST_CERT_MISSING');
  await assert.rejects(loadTrustStore({ system: false, home: dir, extra: [join(dir, 'absent.pem')] }), (e: unknown) => e instanceof EngineError && e.code === 'FILE_ENOENT');
});

test('the user store lists what it trusts and forgets a certificate by fingerprint', async () => {
  const { listTrusted, untrustCertificate } = await import('../../../../electron/engine/trust/trust-store.ts');
  const ca = await testCa();
  const home = fresh();
  await trustCertificate(new X509Certificate(ca.root.certPem), home);
  await trustCertificate(new X509Certificate(ca.selfSigned.certPem), home);
  const listed = await listTrusted(home);
  assert.deepEqual(listed.map((e) => e.subject).sort(), ['CN=Test Root CA, O=Appliance Studio Tests', 'CN=Test Self-Signed Signer, O=Appliance Studio Tests']);
  const root = listed.find((e) => e.subject.startsWith('CN=Test Root CA'))!;
  assert.equal(await untrustCertificate(root.fingerprint.toLowerCase(), home), 1);
  assert.deepEqual((await listTrusted(home)).map((e) => e.subject), ['CN=Test Self-Signed Signer, O=Appliance Studio Tests']);
  assert.equal(await untrustCertificate(root.fingerprint, home), 0);
});
