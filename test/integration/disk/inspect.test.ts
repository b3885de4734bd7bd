// Deep inspection checked against disks built by real tools: sfdisk (MBR), sgdisk (GPT), and
// mkfs.ext2/3/4, mkfs.xfs, mkfs.btrfs, mkfs.fat, mkfs.ntfs, mkswap writing real filesystems.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readSync, writeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertDisk, inspectDisk } from '../../../electron/engine/disk/index.ts';
import { hasQemuImg, qemuImg } from './qemu-img.ts';

const dir = mkdtempSync(join(tmpdir(), 'disk-inspect-'));
const MIB = 1024 * 1024;
const tool = (name: string) => ['/sbin', '/usr/sbin', '/usr/bin'].map((d) => join(d, name)).find((p) => spawnSync(p, ['--version']).error === undefined);

function run(command: string, args: string[], input?: string): void {
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}: ${result.stderr}`);
}

/** Makes a filesystem image of `size` bytes with `mkfs`, then copies it into `disk` at `offset`. */
function placeFilesystem(disk: string, offset: number, size: number, mkfs: string, args: string[]): void {
  const image = join(dir, `fs-${offset}.img`);
  const fd = openSync(image, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
  run(mkfs, [...args, image]);
  const from = openSync(image, 'r');
  const to = openSync(disk, 'r+');
  const buffer = Buffer.alloc(MIB);
  for (let at = 0; at < size; at += MIB) {
    const n = readSync(from, buffer, 0, MIB, at);
    if (buffer.subarray(0, n).some((b) => b !== 0)) writeSync(to, buffer, 0, n, offset + at);
  }
  closeSync(from);
  closeSync(to);
}

function blankDisk(name: string, size: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
}

const mkfs = { ext2: tool('mkfs.ext2'), ext3: tool('mkfs.ext3'), ext4: tool('mkfs.ext4'), fat: tool('mkfs.fat'), swap: tool('mkswap'), xfs: tool('mkfs.xfs'), btrfs: tool('mkfs.btrfs'), ntfs: tool('mkfs.ntfs'), sfdisk: tool('sfdisk'), sgdisk: tool('sgdisk') };
const missing = Object.entries(mkfs).filter(([, p]) => !p).map(([n]) => n);
const skip = missing.length > 0 ? `missing tools: ${missing.join(', ')}` : false;

test('an MBR disk made by sfdisk shows its partitions, types and the filesystems mkfs wrote', { skip }, async () => {
  const disk = blankDisk('mbr.img', 64 * MIB);
  run(mkfs.sfdisk!, [disk], 'label: dos\nstart=2048, size=16384, type=83, bootable\nstart=18432, size=8192, type=82\nstart=26624, size=16384, type=c\nstart=43008, type=5\nstart=45056, size=16384, type=83\n');
  placeFilesystem(disk, 2048 * 512, 8 * MIB, mkfs.ext4!, ['-q', '-F']);
  placeFilesystem(disk, 18432 * 512, 4 * MIB, mkfs.swap!, []);
  placeFilesystem(disk, 26624 * 512, 8 * MIB, mkfs.fat!, ['-F', '32']);
  placeFilesystem(disk, 45056 * 512, 8 * MIB, mkfs.ext3!, ['-q', '-F']);
  const info = await inspectDisk(disk);
  assert.equal(info.partitionTable, 'mbr');
  assert.deepEqual(
    info.partitions.map((p) => [p.index, p.type, p.offset, p.filesystem ?? '-']),
    [
      [1, '83', 2048 * 512, 'ext4'],
      [2, '82', 18432 * 512, 'swap'],
      [3, '0c', 26624 * 512, 'fat32'],
      [4, '05', 43008 * 512, '-'],
      [5, '83', 45056 * 512, 'ext3'],
    ],
  );
  assert.equal(info.partitions[0]!.bootable, true);
  assert.equal(info.partitions[1]!.typeName, 'Linux swap');
});

test('a GPT disk made by sgdisk shows partition type names and names, through a VMDK too', { skip: skip || (hasQemuImg ? false : 'qemu-img missing') }, async () => {
  const disk = blankDisk('gpt.img', 64 * MIB);
  run(mkfs.sgdisk!, ['-n', '1:2048:+33M', '-t', '1:ef00', '-c', '1:EFI', '-n', '2:0:+8M', '-t', '2:8300', '-c', '2:root', '-n', '3:0:+4M', '-t', '3:8200', '-c', '3:swap', disk]);
  const p = (await inspectDisk(disk)).partitions;
  placeFilesystem(disk, p[0]!.offset, p[0]!.length, mkfs.fat!, ['-F', '16']);
  placeFilesystem(disk, p[1]!.offset, p[1]!.length, mkfs.ext4!, ['-q', '-F']);
  placeFilesystem(disk, p[2]!.offset, p[2]!.length, mkfs.swap!, []);
  const [vmdk] = await convertDisk(disk, [{ path: join(dir, 'gpt.vmdk'), format: 'vmdk' }]);
  const info = await inspectDisk(vmdk!.path);
  assert.equal(info.format, 'vmdk');
  assert.equal(info.partitionTable, 'gpt');
  assert.deepEqual(
    info.partitions.map((x) => [x.typeName, x.name, x.filesystem]),
    [
      ['EFI system', 'EFI', 'fat16'],
      ['Linux filesystem', 'root', 'ext4'],
      ['Linux swap', 'swap', 'swap'],
    ],
  );
  assert.ok(info.allocatedSize < info.virtualSize / 4, 'only the written areas are allocated');
});

/** A disk that is one filesystem, made by mkfs in place. */
function filesystemDisk(name: string, size: number, command: string, args: string[]): string {
  const disk = blankDisk(name, size);
  run(command, [...args, disk]);
  return disk;
}

test('a whole-disk filesystem without a partition table is found (ext2, NTFS, XFS, Btrfs)', { skip }, async () => {
  const cases: [string, string][] = [
    [filesystemDisk('ext2.img', 8 * MIB, mkfs.ext2!, ['-q', '-F']), 'ext2'],
    [filesystemDisk('ntfs.img', 8 * MIB, mkfs.ntfs!, ['-q', '-F', '-f']), 'ntfs'],
    [filesystemDisk('xfs.img', 320 * MIB, mkfs.xfs!, ['-q', '-f']), 'xfs'],
    [filesystemDisk('btrfs.img', 128 * MIB, mkfs.btrfs!, ['-q', '-f']), 'btrfs'],
  ];
  for (const [disk, expected] of cases) {
    const info = await inspectDisk(disk);
    assert.equal(info.partitionTable, 'none', expected);
    assert.equal(info.filesystem, expected);
  }
});

test('differencing disks are reported with their parent and refused for packaging', { skip: hasQemuImg ? false : 'qemu-img missing' }, async () => {
  const base = join(dir, 'base.qcow2');
  assert.equal(qemuImg(['create', '-q', '-f', 'qcow2', base, '16M']).status, 0);
  for (const format of ['qcow2', 'vmdk', 'vpc', 'vhdx']) {
    const child = join(dir, `child.${format}`);
    const made = qemuImg(['create', '-q', '-f', format, '-b', base, '-F', 'qcow2', child]);
    if (made.status !== 0) continue; // qemu cannot make every format as an overlay
    const info = await inspectDisk(child);
    assert.match(info.parent ?? '', /base\.qcow2|parent/, format);
    await assert.rejects(convertDisk(child, [{ path: join(dir, `flat-${format}.raw`), format: 'raw' }]), (e: unknown) => (e as { code?: string }).code === 'DISK_HAS_PARENT' && /merge it/.test((e as Error).message));
  }
});
