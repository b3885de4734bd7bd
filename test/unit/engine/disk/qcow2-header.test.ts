import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compressedDescriptor, decodeQcow2Header, encodeQcow2Header, standardOffset } from '../../../../electron/engine/disk/qcow2-header.ts';

test('a v3 header encodes big-endian at the documented offsets and decodes back', () => {
  const fields = {
    backingFileOffset: 0n, backingFileSize: 0, clusterBits: 16, size: 5n * 2n ** 32n, cryptMethod: 0, l1Size: 10,
    l1TableOffset: 65536n, refcountTableOffset: 196608n, refcountTableClusters: 1, nbSnapshots: 0, snapshotsOffset: 0n,
    incompatibleFeatures: 0n, compatibleFeatures: 0n, autoclearFeatures: 0n, refcountOrder: 4,
  };
  const bytes = encodeQcow2Header(fields, 65536);
  assert.equal(bytes.toString('latin1', 0, 4), 'QFI\xfb');
  assert.equal(bytes.readUInt32BE(4), 3);
  assert.equal(bytes.readUInt32BE(20), 16);
  assert.equal(bytes.readBigUInt64BE(24), 5n * 2n ** 32n);
  assert.equal(bytes.readUInt32BE(36), 10);
  assert.equal(bytes.readBigUInt64BE(40), 65536n);
  assert.equal(bytes.readUInt32BE(96), 4);
  assert.equal(bytes.readUInt32BE(100), 104);
  assert.equal(bytes.readBigUInt64BE(104), 0n, 'the extension list ends at once');
  assert.deepEqual(decodeQcow2Header(bytes), { ...fields, version: 3, headerLength: 104, compressionType: 0 });
});

test('standard entries keep bits 9..55; compressed descriptors split offset and sector count by cluster_bits', () => {
  assert.equal(standardOffset({ high: 0x80000001, low: 0x00010000 }), 2 ** 32 + 65536);
  // cluster_bits 16: x = 54; offset in bits 0..53, additional sectors above.
  const offset = 0x123456;
  const value = (3n << 54n) | BigInt(offset);
  const entry = { high: 0x40000000 | Number(value >> 32n), low: Number(value & 0xffffffffn) };
  assert.deepEqual(compressedDescriptor(entry, 16), { offset, length: 4 * 512 - (offset % 512) });
});
