import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Catalog } from '../../../../electron/engine/catalog/catalog.ts';
import { EngineError } from '../../../../electron/engine/errors.ts';
import {
  importIdentity,
  listIdentities,
  removeIdentity,
  sealedPassphrase,
  storeSealedPassphrase,
  unlockIdentity,
} from '../../../../electron/engine/identity/identities.ts';
import { testCa, TEST_PASSPHRASE } from '../../../fixtures/test-ca.ts';

const freshCatalog = () => Catalog.open(join(mkdtempSync(join(tmpdir(), 'identity-')), 'catalog.db'));
const isCode = (code: string) => (error: unknown) => error instanceof EngineError && error.code === code;

test('a PKCS#12 identity is recorded with subject, issuer, expiry and chain, and no key bytes in the catalog', async () => {
  const ca = await testCa();
  const catalog = freshCatalog();
  const record = await importIdentity(catalog, { keyPath: ca.rsaLeaf.pkcs12Path, passphrase: TEST_PASSPHRASE });
  assert.equal(record.label, 'Test RSA Signer');
  assert.match(record.subject, /^CN=Test RSA Signer$/);
  assert.match(record.issuer, /CN=Test Intermediate CA/);
  assert.equal(record.keyType, 'RSA 2048');
  assert.equal(record.chainLength, 1);
  assert.equal(record.expiry.status, 'valid');
  assert.ok(record.expiry.daysLeft > 700);
  assert.equal(record.keyLocation.needsPassphrase, true);
  assert.equal(record.usageProblem, undefined);
  const dump = JSON.stringify(catalog.db.prepare('SELECT * FROM identities').all());
  assert.doesNotMatch(dump, /PRIVATE KEY/);
  assert.ok(!dump.includes(TEST_PASSPHRASE));
  catalog.close();
});

test('a PEM key with its certificate and chain needs no passphrase and unlocks for signing', async () => {
  const ca = await testCa();
  const catalog = freshCatalog();
  const record = await importIdentity(catalog, { keyPath: ca.ecLeaf.keyPath, certPath: ca.ecLeaf.certPath, chainPath: ca.ecLeaf.chainPath, label: 'Release key' });
  assert.equal(record.label, 'Release key');
  assert.equal(record.keyType, 'EC prime256v1');
  assert.equal(record.keyLocation.needsPassphrase, false);
  const { signing, input } = await unlockIdentity(catalog, record.id);
  assert.equal(signing.certificate.fingerprint256, record.fingerprint);
  assert.equal(input.chainPath, ca.ecLeaf.chainPath);
  catalog.close();
});

test('a wrong passphrase is refused at import and nothing is recorded', async () => {
  const ca = await testCa();
  const catalog = freshCatalog();
  await assert.rejects(importIdentity(catalog, { keyPath: ca.rsaLeaf.pkcs12Path, passphrase: 'wrong' }), isCode('TRUST_KEY_BAD_PASSPHRASE'));
  await assert.rejects(importIdentity(catalog, { keyPath: ca.rsaLeaf.encryptedKeyPath, certPath: ca.rsaLeaf.certPath }), isCode('IDENTITY_PASSPHRASE_REQUIRED'));
  await assert.rejects(importIdentity(catalog, { keyPath: ca.rsaLeaf.encryptedKeyPath, certPath: ca.rsaLeaf.certPath, passphrase: 'wrong' }), isCode('TRUST_KEY_BAD_PASSPHRASE'));
  assert.equal(listIdentities(catalog).length, 0);
  catalog.close();
});

test('an encrypted key asks for its passphrase at unlock and a remembered one is kept only sealed', async () => {
  const ca = await testCa();
  const catalog = freshCatalog();
  const record = await importIdentity(catalog, { keyPath: ca.rsaLeaf.encryptedKeyPath, certPath: ca.rsaLeaf.certPath, passphrase: TEST_PASSPHRASE });
  await assert.rejects(unlockIdentity(catalog, record.id), (error: unknown) => isCode('IDENTITY_PASSPHRASE_REQUIRED')(error) && /protected by a passphrase: enter it/.test((error as Error).message));
  assert.equal((await unlockIdentity(catalog, record.id, TEST_PASSPHRASE)).record.id, record.id);
  storeSealedPassphrase(catalog, record.id, Buffer.from([1, 2, 3]));
  assert.deepEqual(sealedPassphrase(catalog, record.id), Buffer.from([1, 2, 3]));
  assert.equal(listIdentities(catalog)[0]?.passphraseRemembered, true);
  storeSealedPassphrase(catalog, record.id, null);
  assert.equal(sealedPassphrase(catalog, record.id), undefined);
  catalog.close();
});

test('expired and wrong-usage certificates are imported with their status so the studio can warn', async () => {
  const ca = await testCa();
  const catalog = freshCatalog();
  const expired = await importIdentity(catalog, { keyPath: ca.expiredLeaf.keyPath, certPath: ca.expiredLeaf.certPath });
  assert.equal(expired.expiry.status, 'expired');
  assert.ok(expired.expiry.daysLeft < 0);
  const future = await importIdentity(catalog, { keyPath: ca.futureLeaf.keyPath, certPath: ca.futureLeaf.certPath });
  assert.equal(future.expiry.status, 'not-yet-valid');
  const server = await importIdentity(catalog, { keyPath: ca.wrongUsageLeaf.keyPath, certPath: ca.wrongUsageLeaf.certPath });
  assert.match(server.usageProblem ?? '', /does not allow digital signatures/);
  const soon = await importIdentity(catalog, { keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath });
  assert.equal(soon.expiry.status, 'valid');
  assert.deepEqual(
    listIdentities(catalog, new Date(Date.parse(soon.notAfter) - 10 * 86_400_000)).map((r) => [r.label, r.expiry.status]),
    [
      ['Test Expired Signer', 'expired'],
      ['Test Future Signer', 'not-yet-valid'],
      ['Test RSA Signer', 'expiring'],
      ['Test Server Certificate', 'expiring'],
    ],
  );
  catalog.close();
});

test('importing the same certificate again updates it in place; removing forgets it', async () => {
  const ca = await testCa();
  const catalog = freshCatalog();
  const first = await importIdentity(catalog, { keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath });
  const second = await importIdentity(catalog, { keyPath: ca.rsaLeaf.pkcs12LegacyPath, passphrase: TEST_PASSPHRASE, label: 'Legacy' });
  assert.equal(second.id, first.id);
  assert.equal(listIdentities(catalog).length, 1);
  assert.equal(listIdentities(catalog)[0]?.label, 'Legacy');
  assert.equal(removeIdentity(catalog, first.id), true);
  assert.equal(removeIdentity(catalog, first.id), false);
  await assert.rejects(unlockIdentity(catalog, first.id), isCode('IDENTITY_NOT_FOUND'));
  catalog.close();
});

test('a key file replaced by another key is refused at unlock rather than signing under the old name', async () => {
  const ca = await testCa();
  const catalog = freshCatalog();
  const dir = mkdtempSync(join(tmpdir(), 'identity-swap-'));
  const keyPath = join(dir, 'signer.key');
  const certPath = join(dir, 'signer.pem');
  copyFileSync(ca.rsaLeaf.keyPath, keyPath);
  copyFileSync(ca.rsaLeaf.certPath, certPath);
  const record = await importIdentity(catalog, { keyPath, certPath });
  copyFileSync(ca.selfSigned.keyPath, keyPath);
  copyFileSync(ca.selfSigned.certPath, certPath);
  await assert.rejects(unlockIdentity(catalog, record.id), isCode('IDENTITY_KEY_CHANGED'));
  writeFileSync(keyPath, '-----BEGIN NOTHING-----\n');
  await assert.rejects(unlockIdentity(catalog, record.id), isCode('TRUST_KEY_MISSING'));
  catalog.close();
});
