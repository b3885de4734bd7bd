// Hostile input: damaged images made from our own valid ones. Each must fail with a clear code
// naming the file, quickly and with bounded memory, never hang and never crash.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { convertDisk, inspectDisk, type TargetFormat } from '../../../../electron/engine/disk/index.ts';
import { sealChecksum } from '../../../../electron/engine/disk/vhdx-structures.ts';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { writeDisk } from '../../../fixtures/disks.ts';

const dir = mkdtempSync(join(tmpdir(), 'disk-hostile-'));
let counter = 0;

async function validImage(format: TargetFormat): Promise<Buffer> {
  const source = await writeDisk(join(dir, `src-${counter++}.img`), [{ pattern: 'text', length: 3 * 65536 }, { pattern: 'zero', length: 65536 }, { pattern: 'random', length: 65536 }]);
  const [out] = await convertDisk(source.path, [{ path: join(dir, `valid-${counter++}.${format}`), format }]);
  return readFileSync(out!.path);
}

/** Writes `bytes` and expects reading the whole disk to fail with `code`, in well under a second. */
async function expectRefused(bytes: Buffer, code: string): Promise<EngineError> {
  const path = join(dir, `hostile-${counter++}`);
  writeFileSync(path, bytes);
  const started = performance.now();
  const error = await convertDisk(path, [{ path: `${path}.out`, format: 'raw' }]).then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof EngineError, String(error));
  assert.equal(error.code, code, error.message);
  assert.equal(error.location?.file, path);
  assert.ok(performance.now() - started < 2000, 'refused quickly');
  return error;
}

const footerOf = (vmdk: Buffer) => vmdk.length - 1024;

test('a VMDK grain size that is not a power of two up to 1 MiB is refused', async () => {
  const vmdk = await validImage('vmdk');
  vmdk.writeBigUInt64LE(3n, 20);
  vmdk.writeBigUInt64LE(3n, footerOf(vmdk) + 20);
  await expectRefused(vmdk, 'VMDK_GRAIN_SIZE');
});

test('a VMDK grain directory past the end of the file is refused as truncated', async () => {
  const vmdk = await validImage('vmdk');
  vmdk.writeBigUInt64LE(1n << 40n, footerOf(vmdk) + 56);
  const error = await expectRefused(vmdk, 'DISK_TRUNCATED');
  assert.match(error.message, /grain directory/);
});

test('a huge declared VMDK capacity costs nothing: its directory would have to fit in the file', async () => {
  const vmdk = await validImage('vmdk');
  vmdk.writeBigUInt64LE(1n << 40n, 12);
  vmdk.writeBigUInt64LE(1n << 40n, footerOf(vmdk) + 12);
  await expectRefused(vmdk, 'DISK_TRUNCATED');
});

test('a grain table entry pointing into the metadata is refused, not misread', async () => {
  const vmdk = await validImage('vmdk');
  const gdSector = Number(vmdk.readBigUInt64LE(footerOf(vmdk) + 56));
  const gtSector = vmdk.readUInt32LE(gdSector * 512);
  // Point grain 0 at the grain table itself.
  vmdk.writeUInt32LE(gtSector, gtSector * 512);
  await expectRefused(vmdk, 'VMDK_BAD_MARKER');
});

test('a compressed grain that inflates past the grain size is refused', async () => {
  const vmdk = await validImage('vmdk');
  const bomb = deflateSync(Buffer.alloc(4 * 65536));
  const first = 65536;
  assert.ok(vmdk.readUInt32LE(first + 8) >= bomb.length, 'the first grain has room for the bomb');
  vmdk.writeUInt32LE(bomb.length, first + 8);
  bomb.copy(vmdk, first + 12);
  await expectRefused(vmdk, 'VMDK_GRAIN_INFLATES_PAST_GRAIN');
});

test('a grain marker claiming far more compressed bytes than a grain can need is refused', async () => {
  const vmdk = await validImage('vmdk');
  vmdk.writeUInt32LE(0x7fffffff, 65536 + 8);
  await expectRefused(vmdk, 'VMDK_GRAIN_TOO_BIG');
});

test('a truncated streamOptimized VMDK is recovered from its markers with a warning', async () => {
  const vmdk = await validImage('vmdk');
  const path = join(dir, 'truncated.vmdk');
  writeFileSync(path, vmdk.subarray(0, vmdk.length - 3072));
  const info = await inspectDisk(path);
  assert.match(info.warnings.join(' '), /grain directory is missing.*recovered/);
  assert.equal(info.allocatedSize, 4 * 65536, 'all four data grains recovered');
});

test('QCOW2 cluster bits out of range are refused', async () => {
  const qcow2 = await validImage('qcow2');
  qcow2.writeUInt32BE(30, 20);
  await expectRefused(qcow2, 'QCOW2_CLUSTER_SIZE');
});

test('a QCOW2 L1 table past the end of the file is refused as truncated', async () => {
  const qcow2 = await validImage('qcow2');
  qcow2.writeBigUInt64BE(1n << 40n, 40);
  await expectRefused(qcow2, 'DISK_TRUNCATED');
});

test('a QCOW2 size far beyond its L1 table is refused', async () => {
  const qcow2 = await validImage('qcow2');
  qcow2.writeBigUInt64BE(1n << 50n, 24);
  await expectRefused(qcow2, 'QCOW2_L1_SIZE');
});

test('a compressed QCOW2 cluster that inflates past the cluster size is refused', async () => {
  const qcow2 = await validImage('qcow2');
  const bomb = deflateRawSync(Buffer.alloc(4 * 65536));
  const at = qcow2.length;
  const l2At = Number(qcow2.readBigUInt64BE(65536) & 0x00fffffffffffe00n);
  const sectors = BigInt(Math.ceil(bomb.length / 512) - 1);
  qcow2.writeBigUInt64BE((1n << 62n) | (sectors << 54n) | BigInt(at), l2At);
  await expectRefused(Buffer.concat([qcow2, bomb, Buffer.alloc(512)]), 'QCOW2_CLUSTER_INFLATES_PAST_SIZE');
});

test('a VHD BAT past the end of the file is refused', async () => {
  const vhd = await validImage('vhd');
  vhd.writeBigUInt64BE(1n << 40n, 512 + 16);
  await expectRefused(vhd, 'VHD_BAT_OFFSET');
});

test('a VHD block size that is not a power of two is refused', async () => {
  const vhd = await validImage('vhd');
  vhd.writeUInt32BE(3 * 1024 * 1024, 512 + 32);
  await expectRefused(vhd, 'VHD_BLOCK_SIZE');
});

test('a fixed VHD shorter than its footer says is refused as truncated', async () => {
  const vhd = await validImage('vhd-fixed');
  await expectRefused(Buffer.concat([vhd.subarray(0, 65536), vhd.subarray(-512)]), 'DISK_TRUNCATED');
});

test('a VHDX whose log must be replayed is refused with the reason', async () => {
  const vhdx = await validImage('vhdx');
  for (const at of [65536, 131072]) {
    const header = vhdx.subarray(at, at + 4096);
    header.fill(0x11, 48, 64);
    sealChecksum(header);
  }
  const error = await expectRefused(vhdx, 'VHDX_LOG_DIRTY');
  assert.match(error.message, /log must be replayed/);
});

test('a VHDX with both headers damaged is refused', async () => {
  const vhdx = await validImage('vhdx');
  vhdx.writeUInt8(vhdx.readUInt8(65536 + 200) ^ 1, 65536 + 200);
  vhdx.writeUInt8(vhdx.readUInt8(131072 + 200) ^ 1, 131072 + 200);
  await expectRefused(vhdx, 'VHDX_BAD_HEADER');
});

test('a file of random bytes is read as raw, and an empty file as an empty disk', async () => {
  const path = join(dir, 'noise.bin');
  writeFileSync(path, Buffer.alloc(10_000, 0x5a));
  const info = await inspectDisk(path);
  assert.equal(info.format, 'raw');
  assert.equal(info.virtualSize, 10_000);
  writeFileSync(join(dir, 'empty.bin'), Buffer.alloc(0));
  assert.equal((await inspectDisk(join(dir, 'empty.bin'))).virtualSize, 0);
});
