import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xxh64 } from '../../../../electron/engine/xva/xxh64.ts';

// Reference values printed by xxhsum -H1 (xxHash 0.8.1), upper-cased as xapi's %016LX writes them.
test('XXH64 with seed 0 matches xxhsum for the empty input and short inputs (tail paths only)', () => {
  assert.equal(xxh64(Buffer.alloc(0)), 'EF46DB3751D8E999');
  assert.equal(xxh64(Buffer.from('abc')), '44BC2CF5AD770999');
});

test('XXH64 covers the 32-byte stripes, the 8-byte, 4-byte and 1-byte tails, and sub-views of a buffer', () => {
  const bytes = Buffer.alloc(1000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
  const digest = xxh64(bytes.subarray(3, 3 + 45));
  assert.match(digest, /^[0-9A-F]{16}$/);
  assert.equal(xxh64(Buffer.from(bytes.subarray(3, 48))), digest);
  assert.notEqual(xxh64(bytes.subarray(3, 47)), digest);
});
