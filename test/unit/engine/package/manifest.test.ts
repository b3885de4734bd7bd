import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { formatManifest, manifestSize, parseManifest } from '../../../../electron/engine/package/manifest.ts';

const SHA1 = 'a'.repeat(40);
const SHA256 = 'b'.repeat(64);
const SHA512 = 'c'.repeat(128);

test('reads the strict form and reports it as strict', () => {
  const manifest = parseManifest(`SHA256(a.ovf)= ${SHA256}\nSHA512(disk.vmdk)= ${SHA512}\n`, 'a.mf');
  assert.equal(manifest.dialect, 'strict');
  assert.deepEqual(manifest.algorithms, ['sha256', 'sha512']);
  assert.deepEqual(manifest.entries.map((e) => [e.algorithm, e.name, e.line]), [['sha256', 'a.ovf', 1], ['sha512', 'disk.vmdk', 2]]);
});

test('reads the spaced GNU-tag dialect, CRLF, blank and space-padded lines, upper-case hex', () => {
  const text = `SHA1 (ttylinux.ovf) = ${SHA1.toUpperCase()}\r\n\r\n  sha256(disk (1).vmdk)= ${SHA256}   \r\n${' '.repeat(68)}`;
  const manifest = parseManifest(Buffer.from(text), 'x.mf');
  assert.equal(manifest.dialect, 'lenient');
  assert.deepEqual(manifest.entries.map((e) => [e.algorithm, e.name, e.digest]), [['sha1', 'ttylinux.ovf', SHA1], ['sha256', 'disk (1).vmdk', SHA256]]);
});

test('an all-space manifest (ovftool 4.0 placeholder) has no entries', () => {
  assert.equal(parseManifest(' '.repeat(68), 't1.mf').entries.length, 0);
});

test('refuses a line that is not a digest line, naming the line', () => {
  assert.throws(() => parseManifest(`SHA256(a)= ${SHA256}\nMD5(b)= 00\n`, 'a.mf'), (e: unknown) => e instanceof EngineError && e.code === 'MANIFEST_BAD_LINE' && e.location?.line === 2);
});

test('refuses a digest of the wrong length for its algorithm', () => {
  assert.throws(() => parseManifest(`SHA256(a)= ${SHA1}\n`, 'a.mf'), /has 40 hex digits, expected 64/);
});

test('refuses a file listed twice with the same algorithm', () => {
  assert.throws(() => parseManifest(`SHA1(a)= ${SHA1}\nSHA1(a)= ${SHA1}\n`, 'a.mf'), (e: unknown) => e instanceof EngineError && e.code === 'MANIFEST_DUPLICATE');
});

test('writes the strict form, whose size is known before the digests', () => {
  const text = formatManifest([{ algorithm: 'sha256', name: 'a.ovf', digest: SHA256 }, { algorithm: 'sha256', name: 'a-disk1.vmdk', digest: SHA256 }]);
  assert.equal(text, `SHA256(a.ovf)= ${SHA256}\nSHA256(a-disk1.vmdk)= ${SHA256}\n`);
  assert.equal(manifestSize('sha256', ['a.ovf', 'a-disk1.vmdk']), Buffer.byteLength(text));
  assert.equal(parseManifest(text, 'a.mf').dialect, 'strict');
});
