import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createECDH, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readAsn1, children } from '../../../../electron/engine/trust/der.ts';
import { signDeterministic } from '../../../../electron/engine/trust/deterministic-ecdsa.ts';

/** A P-256 key from its private scalar; the public point is computed by OpenSSL. */
function p256Key(hex: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(hex, 'hex'));
  const point = ecdh.getPublicKey();
  const b64 = (bytes: Buffer) => bytes.toString('base64url');
  return createPrivateKey({ key: { kty: 'EC', crv: 'P-256', d: b64(Buffer.from(hex, 'hex')), x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)) }, format: 'jwk' });
}

test('RFC 6979 A.2.5: P-256 with SHA-256 over "sample" gives the published r and s', () => {
  const key = p256Key('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
  const [r, s] = children(readAsn1(signDeterministic('sha256', Buffer.from('sample'), key))).map((n) => n.content.toString('hex').replace(/^00/, ''));
  assert.equal(r, 'efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716');
  assert.equal(s, 'f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8');
});

test('every curve and digest signs the same bytes twice, and openssl dgst -verify accepts them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'det-ecdsa-'));
  const message = Buffer.from('SHA256(app.ovf)= 00ff\nSHA256(app-disk1.vmdk)= 11ee\n');
  writeFileSync(join(dir, 'app.mf'), message);
  for (const namedCurve of ['P-256', 'P-384', 'P-521']) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    writeFileSync(join(dir, 'pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    for (const algorithm of ['sha1', 'sha256', 'sha512']) {
      const first = signDeterministic(algorithm, message, privateKey);
      assert.deepEqual(signDeterministic(algorithm, message, privateKey), first, `${namedCurve} ${algorithm} is not reproducible`);
      writeFileSync(join(dir, 'sig.der'), first);
      const out = execFileSync('openssl', ['dgst', `-${algorithm}`, '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.der'), join(dir, 'app.mf')], { encoding: 'utf8' });
      assert.match(out, /Verified OK/, `${namedCurve} ${algorithm}`);
    }
    // A different message gives a different signature (the nonce follows the digest).
    assert.notDeepEqual(signDeterministic('sha256', Buffer.from('other'), privateKey), signDeterministic('sha256', message, privateKey));
  }
});
