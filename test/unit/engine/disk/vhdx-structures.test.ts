import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batEntryCount, batIndex, checksumValid, chunkRatio, crc32c, decodeHeader, decodeRegionTable, encodeBatEntry, encodeHeader, encodeRegionTable, guidBytes, guidText, BAT_REGION } from '../../../../electron/engine/disk/vhdx-structures.ts';

test('CRC-32C matches the Castagnoli check value', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(Buffer.alloc(32)), 0x8a9136aa);
});

test('GUIDs are stored with the first three groups little-endian', () => {
  const bytes = guidBytes(BAT_REGION);
  assert.equal(bytes.toString('hex'), '6677c22d23f600429d64115e9bfd4a08');
  assert.equal(guidText(bytes), BAT_REGION);
});

test('headers carry a valid checksum over 4 KiB and decode back; a flipped byte is detected', () => {
  const bytes = encodeHeader({ sequenceNumber: 7n, fileWriteGuid: Buffer.alloc(16, 1), dataWriteGuid: Buffer.alloc(16, 2), logGuid: Buffer.alloc(16), logVersion: 0, version: 1, logLength: 1048576, logOffset: 1048576n });
  assert.equal(bytes.length, 4096);
  assert.ok(checksumValid(bytes));
  assert.equal(decodeHeader(bytes)?.sequenceNumber, 7n);
  bytes[100] = 1;
  assert.equal(decodeHeader(bytes), undefined);
});

test('region tables round-trip with the required flag', () => {
  const table = encodeRegionTable([{ guid: BAT_REGION, fileOffset: 3 * 1048576, length: 1048576, required: true }]);
  assert.deepEqual(decodeRegionTable(table), [{ guid: BAT_REGION, fileOffset: 3 * 1048576, length: 1048576, required: true }]);
});

test('BAT entries interleave a sector-bitmap entry after each chunk', () => {
  const ratio = chunkRatio(2 * 1048576, 512);
  assert.equal(ratio, 2048);
  assert.equal(batIndex(0, ratio), 0);
  assert.equal(batIndex(2047, ratio), 2047);
  assert.equal(batIndex(2048, ratio), 2049);
  assert.equal(batEntryCount(2048, ratio), 2048);
  assert.equal(batEntryCount(2049, ratio), 2050);
  assert.equal(encodeBatEntry(6, 5), (5n << 20n) | 6n);
});
