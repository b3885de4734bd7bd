import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatStreamDescriptor, looksLikeDescriptor, parseDescriptor } from '../../../../electron/engine/disk/vmdk-descriptor.ts';
import { decodeMarker, decodeSparseExtentHeader, encodeGrain, encodeMetadataMarker, encodeSparseExtentHeader, GD_AT_END, type SparseExtentHeader } from '../../../../electron/engine/disk/vmdk-header.ts';
import { EngineError } from '../../../../electron/engine/errors.ts';

const header: SparseExtentHeader = {
  version: 3,
  flags: 0x30001,
  capacity: 8_388_608n,
  grainSize: 128n,
  descriptorOffset: 1n,
  descriptorSize: 20n,
  numGTEsPerGT: 512,
  rgdOffset: 0n,
  gdOffset: GD_AT_END,
  overHead: 128n,
  uncleanShutdown: false,
  compressAlgorithm: 1,
};

test('a sparse extent header encodes to the technote layout byte for byte', () => {
  const bytes = encodeSparseExtentHeader(header);
  assert.equal(bytes.length, 512);
  assert.equal(bytes.toString('latin1', 0, 4), 'KDMV');
  assert.equal(bytes.readUInt32LE(4), 3);
  assert.equal(bytes.readUInt32LE(8), 0x30001);
  assert.equal(bytes.readBigUInt64LE(12), 8_388_608n);
  assert.equal(bytes.readBigUInt64LE(20), 128n);
  assert.equal(bytes.readBigUInt64LE(28), 1n);
  assert.equal(bytes.readBigUInt64LE(36), 20n);
  assert.equal(bytes.readUInt32LE(44), 512);
  assert.equal(bytes.readBigUInt64LE(56), 0xffffffffffffffffn);
  assert.equal(bytes.readBigUInt64LE(64), 128n);
  assert.deepEqual([...bytes.subarray(72, 79)], [0, 0x0a, 0x20, 0x0d, 0x0a, 1, 0]);
  assert.ok(bytes.subarray(79).every((b) => b === 0));
  assert.deepEqual(decodeSparseExtentHeader(bytes), header);
});

test('a header without the KDMV magic is refused with VMDK_BAD_MAGIC', () => {
  assert.throws(() => decodeSparseExtentHeader(Buffer.alloc(512), 'x.vmdk'), (e: unknown) => e instanceof EngineError && e.code === 'VMDK_BAD_MAGIC' && e.location?.file === 'x.vmdk');
});

test('grain markers carry the LBA and compressed size and pad to whole sectors', () => {
  const grain = encodeGrain(256n, Buffer.alloc(501, 7));
  assert.equal(grain.length, 1024);
  assert.equal(grain.readBigUInt64LE(0), 256n);
  assert.equal(grain.readUInt32LE(8), 501);
  assert.equal(grain[12], 7);
  assert.equal(grain[512], 7);
  assert.equal(grain[513], 0);
  assert.deepEqual(decodeMarker(grain), { kind: 'grain', lba: 256n, size: 501 });
});

test('metadata markers are one sector with size 0 and a type', () => {
  const marker = encodeMetadataMarker(4, 1);
  assert.equal(marker.length, 512);
  assert.deepEqual(decodeMarker(marker), { kind: 'metadata', numSectors: 4n, type: 1 });
  assert.deepEqual(decodeMarker(Buffer.alloc(512)), { kind: 'metadata', numSectors: 0n, type: 0 });
});

test('the stream descriptor names streamOptimized, the capacity and geometry', () => {
  const text = formatStreamDescriptor(8_388_608, 'disk1.vmdk', 0x1234abcd, 'ab'.repeat(16));
  const parsed = parseDescriptor(text);
  assert.equal(parsed.createType, 'streamOptimized');
  assert.equal(parsed.cid, '1234abcd');
  assert.equal(parsed.parentCid, 'ffffffff');
  assert.deepEqual(parsed.extents, [{ access: 'RW', sectors: 8_388_608, type: 'SPARSE', file: 'disk1.vmdk', offset: 0 }]);
  assert.equal(parsed.ddb['geometry.cylinders'], String(Math.ceil(8_388_608 / (255 * 63))));
  assert.equal(parsed.ddb.adapterType, 'lsilogic');
  assert.equal(parsed.ddb.longContentID, 'ab'.repeat(16));
  assert.ok(Buffer.byteLength(text) <= 20 * 512);
});

test('descriptor probing accepts comments, CRLF and NUL padding, and refuses other text', () => {
  assert.ok(looksLikeDescriptor(Buffer.from('# Disk DescriptorFile\r\nversion=1\r\n\0\0\0')));
  assert.ok(looksLikeDescriptor(Buffer.from('\n# c\nversion=3\n')));
  assert.equal(looksLikeDescriptor(Buffer.from('hello\nversion=1\n')), false);
  assert.equal(looksLikeDescriptor(Buffer.from('version=4\n')), false);
});

test('a descriptor line that is neither key, extent nor comment is an error with its line number', () => {
  assert.throws(
    () => parseDescriptor('version=1\ncreateType="monolithicFlat"\nRW 100 FLAT "a" 0\n!!!\n', 'd.vmdk'),
    (e: unknown) => e instanceof EngineError && e.code === 'VMDK_DESCRIPTOR_SYNTAX' && e.location?.line === 4,
  );
});
