// Partition tables and filesystem signatures on bytes built here; real tools check the same in
// test/integration/disk/inspect.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFilesystem, FS_PROBE_BYTES } from '../../../../electron/engine/disk/filesystems.ts';
import { readPartitions } from '../../../../electron/engine/disk/partitions.ts';

const MIB = 1024 * 1024;

function diskOf(size: number, writes: [number, Buffer][]) {
  const disk = Buffer.alloc(size);
  for (const [at, bytes] of writes) bytes.copy(disk, at);
  return async (offset: number, length: number) => disk.subarray(offset, offset + length);
}

function mbrEntry(status: number, type: number, start: number, sectors: number): Buffer {
  const entry = Buffer.alloc(16);
  entry[0] = status;
  entry[4] = type;
  entry.writeUInt32LE(start, 8);
  entry.writeUInt32LE(sectors, 12);
  return entry;
}

const signature = Buffer.from([0x55, 0xaa]);

test('an extended partition chain that loops back on itself ends, listing each logical partition once', async () => {
  const ebr = 4096 * 512;
  const read = diskOf(4 * MIB, [
    [446, mbrEntry(0x80, 0x83, 2048, 2048)],
    [462, mbrEntry(0, 0x05, 4096, 4096)],
    [510, signature],
    [ebr + 446, mbrEntry(0, 0x83, 63, 1000)],
    // The "next" entry points back at this same EBR.
    [ebr + 462, mbrEntry(0, 0x05, 0, 4096)],
    [ebr + 510, signature],
  ]);
  const table = await readPartitions(read, 4 * MIB);
  assert.equal(table.scheme, 'mbr');
  assert.deepEqual(table.partitions.map((p) => [p.index, p.type, p.offset]), [[1, '83', 2048 * 512], [2, '05', 4096 * 512], [5, '83', ebr + 63 * 512]]);
});

test('a boot sector with 55 AA but no sane entries is not a partition table', async () => {
  const read = diskOf(MIB, [[446, Buffer.alloc(64, 0x41)], [510, signature]]);
  assert.deepEqual(await readPartitions(read, MIB), { scheme: 'none', partitions: [] });
});

test('a GPT whose entry array lies past the end of the disk yields no partitions rather than an error', async () => {
  const header = Buffer.alloc(92);
  header.write('EFI PART', 0, 'latin1');
  header.writeBigUInt64LE(1n << 40n, 72);
  header.writeUInt32LE(128, 80);
  header.writeUInt32LE(128, 84);
  const read = diskOf(MIB, [[512, header], [510, signature], [446, mbrEntry(0, 0xee, 1, 2047)]]);
  assert.deepEqual(await readPartitions(read, MIB), { scheme: 'gpt', partitions: [] });
});

test('filesystem signatures: ext4 by its feature flags, LVM PV label, swap, LUKS; nothing on zeros', () => {
  const ext = Buffer.alloc(FS_PROBE_BYTES);
  ext.writeUInt16LE(0xef53, 1024 + 56);
  assert.equal(detectFilesystem(ext), 'ext2');
  ext.writeUInt32LE(0x4, 1024 + 92);
  assert.equal(detectFilesystem(ext), 'ext3');
  ext.writeUInt32LE(0x40, 1024 + 96);
  assert.equal(detectFilesystem(ext), 'ext4');
  const lvm = Buffer.alloc(FS_PROBE_BYTES);
  lvm.write('LABELONE', 512, 'latin1');
  lvm.write('LVM2 001', 512 + 24, 'latin1');
  assert.equal(detectFilesystem(lvm), 'lvm2-pv');
  const swap = Buffer.alloc(FS_PROBE_BYTES);
  swap.write('SWAPSPACE2', 4086, 'latin1');
  assert.equal(detectFilesystem(swap), 'swap');
  assert.equal(detectFilesystem(Buffer.from('LUKS\xba\xbe\0\x02', 'latin1')), 'luks');
  assert.equal(detectFilesystem(Buffer.alloc(FS_PROBE_BYTES)), undefined);
  assert.equal(detectFilesystem(Buffer.alloc(10)), undefined, 'a tiny partition is probed without reading past its end');
});
