import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDynamicHeader, decodeFooter, DISK_FIXED, encodeDynamicHeader, encodeFooter, NO_DATA_OFFSET, vhdChecksum, vhdGeometry, vhdTimestamp } from '../../../../electron/engine/disk/vhd-footer.ts';

test('geometry follows the VHD specification (qemu-img create gives the same, after rounding the size up)', () => {
  // 10 MiB: 20480 sectors -> spt 17, heads 4, cylinders 301.
  assert.deepEqual(vhdGeometry(10 * 1024 * 1024), { cylinders: 301, heads: 4, sectorsPerTrack: 17 });
  // 1 GiB -> spt 63, heads 16, cylinders 2080.
  assert.deepEqual(vhdGeometry(1024 ** 3), { cylinders: 2080, heads: 16, sectorsPerTrack: 63 });
  // Past 65535x16x255 sectors the geometry is pinned at its maximum, as qemu-img create writes it.
  assert.deepEqual(vhdGeometry(200 * 1024 ** 3), { cylinders: 65535, heads: 16, sectorsPerTrack: 255 });
});

test('the footer encodes big-endian fields and a one-complement checksum that decodes back', () => {
  const footer = {
    features: 2,
    dataOffset: NO_DATA_OFFSET,
    timestamp: vhdTimestamp(new Date('2026-01-01T00:00:00Z')),
    creatorApplication: 'win ',
    creatorVersion: 0x000a0000,
    creatorHostOs: 'Wi2k',
    originalSize: 1048576n,
    currentSize: 1048576n,
    geometry: vhdGeometry(1048576),
    diskType: DISK_FIXED,
    uniqueId: Buffer.alloc(16, 0xab),
    savedState: false,
  };
  const bytes = encodeFooter(footer);
  assert.equal(bytes.toString('latin1', 0, 8), 'conectix');
  assert.equal(bytes.readUInt32BE(12), 0x00010000);
  assert.equal(bytes.readUInt32BE(24), 820_540_800);
  assert.equal(bytes.toString('latin1', 28, 32), 'win ');
  assert.equal(bytes.toString('latin1', 36, 40), 'Wi2k');
  assert.equal(bytes.readBigUInt64BE(48), 1048576n);
  assert.equal(bytes.readUInt32BE(60), 2);
  assert.equal(bytes.readUInt32BE(64), vhdChecksum(bytes, 64));
  let sum = 0;
  for (let i = 0; i < 512; i++) if (i < 64 || i >= 68) sum += bytes[i]!;
  assert.equal(bytes.readUInt32BE(64), ~sum >>> 0);
  const decoded = decodeFooter(bytes);
  assert.equal(decoded.currentSize, 1048576n);
  assert.deepEqual(decoded.geometry, footer.geometry);
});

test('the dynamic header puts all 64 bits of ones in its data offset and checksums 1024 bytes', () => {
  const bytes = encodeDynamicHeader({ tableOffset: 1536n, maxTableEntries: 5, blockSize: 2 * 1024 * 1024, parentUniqueId: Buffer.alloc(16), parentName: '' });
  assert.equal(bytes.length, 1024);
  assert.equal(bytes.toString('latin1', 0, 8), 'cxsparse');
  assert.equal(bytes.readBigUInt64BE(8), 0xffffffffffffffffn);
  assert.equal(bytes.readBigUInt64BE(16), 1536n);
  assert.equal(bytes.readUInt32BE(36), vhdChecksum(bytes, 36));
  assert.deepEqual({ ...decodeDynamicHeader(bytes), parentUniqueId: undefined }, { tableOffset: 1536n, maxTableEntries: 5, blockSize: 2097152, parentUniqueId: undefined, parentName: '' });
});
