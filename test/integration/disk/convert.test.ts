// Every writer checked by qemu-img: compare (identical), check (clean), info (virtual size), on disks
// our fixtures generate: random, text-like, zero runs, unaligned sizes, and a sparse disk past 4 GiB.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertDisk, TARGET_FORMATS, type TargetFormat } from '../../../electron/engine/disk/index.ts';
import { variedSegments, writeDisk, writeSparseDisk } from '../../fixtures/disks.ts';
import { checkImage, compareImages, hasQemuImg, qemuFormat, virtualSizeOf } from './qemu-img.ts';

const skip = hasQemuImg ? false : 'qemu-img is not installed';
const dir = mkdtempSync(join(tmpdir(), 'disk-convert-'));

async function convertAll(source: string, name: string, formats: readonly TargetFormat[] = TARGET_FORMATS) {
  const outputs = formats.map((format) => ({ path: join(dir, `${name}.${format}`), format, options: { digests: ['sha256', 'sha512'] as const } }));
  return convertDisk(source, outputs);
}

function assertOracles(source: string, results: Awaited<ReturnType<typeof convertAll>>, expectedSize: (format: TargetFormat) => number): void {
  for (const result of results) {
    const format = qemuFormat[result.format];
    const compare = compareImages(source, 'raw', result.path, format);
    assert.ok(compare.identical, `${result.format}: ${compare.output}`);
    const check = checkImage(result.path, format);
    if (check) assert.ok(check.clean, `${result.format}: ${check.output}`);
    assert.equal(virtualSizeOf(result.path, format), expectedSize(result.format), `${result.format} virtual size`);
    const bytes = readFileSync(result.path);
    assert.equal(result.bytes, bytes.length);
    assert.equal(result.sha256, createHash('sha256').update(bytes).digest('hex'), `${result.format} sha256`);
    assert.equal(result.sha512, createHash('sha512').update(bytes).digest('hex'), `${result.format} sha512`);
  }
}

test('one pass writes all six formats from random, text and zero runs with an unaligned size; qemu-img finds them identical and clean', { skip }, async () => {
  const source = await writeDisk(join(dir, 'varied-source.img'), variedSegments());
  assert.notEqual(source.size % 512, 0, 'the fixture size is deliberately unaligned');
  const results = await convertAll(source.path, 'varied');
  const rounded = Math.ceil(source.size / 512) * 512;
  assertOracles(source.path, results, () => rounded);
});

test('zero regions are never stored: dynamic outputs stay far smaller than the disk', { skip }, async () => {
  const source = await writeDisk(join(dir, 'mostly-zero-source.img'), [{ pattern: 'random', length: 65536 }, { pattern: 'zero', length: 64 * 1024 * 1024 }, { pattern: 'text', length: 65536 }]);
  const results = await convertAll(source.path, 'mostly-zero', ['vmdk', 'vhd', 'vhdx', 'qcow2', 'raw']);
  const byFormat = Object.fromEntries(results.map((r) => [r.format, r]));
  assert.ok(byFormat.vmdk!.bytes < 300 * 1024, `vmdk ${byFormat.vmdk!.bytes}`);
  assert.ok(byFormat.qcow2!.bytes < 600 * 1024, `qcow2 ${byFormat.qcow2!.bytes}`);
  assert.ok(byFormat.vhd!.bytes < 5 * 1024 * 1024, `vhd ${byFormat.vhd!.bytes}`);
  assert.ok(byFormat.vhdx!.bytes < 9 * 1024 * 1024, `vhdx ${byFormat.vhdx!.bytes}`);
  // The raw output is sparse: its zero run is a hole.
  assert.ok(statSync(byFormat.raw!.path).blocks * 512 < 2 * 1024 * 1024);
  assertOracles(source.path, results, () => source.size);
});

test('a sparse disk past 4 GiB keeps its offsets above 32 bits in every format', { skip }, async () => {
  const size = 5 * 1024 ** 3 + 1024 * 1024;
  const source = await writeSparseDisk(join(dir, 'big-source.img'), size, [
    { offset: 0, pattern: 'random', length: 65536 },
    { offset: 4 * 1024 ** 3 + 12 * 65536, pattern: 'text', length: 3 * 65536 },
    { offset: size - 65536, pattern: 'random', length: 65536 },
  ]);
  const results = await convertAll(source.path, 'big', ['vmdk', 'vhd', 'vhdx', 'qcow2']);
  assertOracles(source.path, results, () => size);
});

test('fixed VHD rounds the virtual size up to a whole MiB when asked, and the footer follows the data', { skip }, async () => {
  const source = await writeDisk(join(dir, 'odd-source.img'), [{ pattern: 'text', length: 3 * 1024 * 1024 + 4096 }]);
  const [fixed] = await convertDisk(source.path, [{ path: join(dir, 'odd-mib.vhd'), format: 'vhd-fixed', options: { roundToMiB: true } }]);
  assert.equal(fixed!.virtualSize, 4 * 1024 * 1024);
  assert.equal(fixed!.bytes, 4 * 1024 * 1024 + 512);
  const footer = readFileSync(fixed!.path).subarray(-512);
  assert.equal(footer.toString('latin1', 0, 8), 'conectix');
  assert.equal(footer.toString('latin1', 28, 32), 'win ');
  assert.equal(virtualSizeOf(fixed!.path, 'vpc'), 4 * 1024 * 1024);
  assert.ok(compareImages(source.path, 'raw', fixed!.path, 'vpc').identical);
});

test('the streamOptimized VMDK uses the layout ESXi accepts: version 3, GD at end, footer and end-of-stream last', { skip }, async () => {
  const source = await writeDisk(join(dir, 'layout-source.img'), [{ pattern: 'text', length: 40 * 1024 * 1024 }]);
  const [vmdk] = await convertDisk(source.path, [{ path: join(dir, 'layout.vmdk'), format: 'vmdk' }]);
  const bytes = readFileSync(vmdk!.path);
  assert.equal(bytes.toString('latin1', 0, 4), 'KDMV');
  assert.equal(bytes.readUInt32LE(4), 3);
  assert.equal(bytes.readUInt32LE(8), 0x30001);
  assert.equal(bytes.readBigUInt64LE(56), 0xffffffffffffffffn);
  assert.match(bytes.toString('utf8', 512, 1024), /createType="streamOptimized"/);
  // Grains start at 64 KiB, as in VMware's exports; each carries a zlib (RFC 1950) stream.
  assert.equal(bytes.readBigUInt64LE(65536), 0n);
  assert.equal(bytes[65536 + 12], 0x78);
  const tail = bytes.subarray(bytes.length - 1536);
  assert.equal(tail.readUInt32LE(12), 3, 'footer marker');
  assert.equal(tail.toString('latin1', 512, 516), 'KDMV');
  const gd = tail.readBigUInt64LE(512 + 56);
  assert.notEqual(gd, 0xffffffffffffffffn);
  assert.equal(bytes.readUInt32LE(Number(gd) * 512 - 512 + 12), 2, 'a GD marker precedes the grain directory');
  assert.ok(tail.subarray(1024).every((b) => b === 0), 'end-of-stream marker');
  assert.equal(readdirSync(dir).filter((n) => n.includes('.partial-')).length, 0);
});

test('an output grown past its odd-sized source declares the capacity in every format, stores none of the new space, and reads as the source then zeros', { skip }, async () => {
  const source = await writeDisk(join(dir, 'grow-source.img'), variedSegments());
  const capacity = 96 * 1024 * 1024;
  assert.ok(source.size % 65536 !== 0 && source.size < capacity / 2);
  const results = await convertDisk(
    source.path,
    TARGET_FORMATS.map((format) => ({ path: join(dir, `grown.${format}`), format, capacity, options: { digests: ['sha256', 'sha512'] as const } })),
  );
  assertOracles(source.path, results, () => capacity);
  for (const result of results) {
    assert.equal(result.virtualSize, capacity, `${result.format} reports the capacity`);
    // The new space is not stored: on disk each output takes about what the source's data takes.
    assert.ok(statSync(result.path).blocks * 512 < source.size + 4 * 1024 * 1024, `${result.format}: ${statSync(result.path).blocks * 512} bytes allocated`);
  }
  // A fixed VHD is its whole capacity plus the footer, the grown part a hole.
  assert.equal(results.find((r) => r.format === 'vhd-fixed')!.bytes, capacity + 512);
});

test('a grown fixed VHD rounds the capacity up to a whole MiB when asked', { skip }, async () => {
  const source = await writeDisk(join(dir, 'grow-mib-source.img'), [{ pattern: 'random', length: 1024 * 1024 }]);
  const capacity = 5 * 1024 * 1024 + 512;
  const [fixed] = await convertDisk(source.path, [{ path: join(dir, 'grow-mib.vhd'), format: 'vhd-fixed', capacity, options: { roundToMiB: true } }]);
  assert.equal(fixed!.virtualSize, 6 * 1024 * 1024);
  assert.equal(virtualSizeOf(fixed!.path, 'vpc'), 6 * 1024 * 1024);
  assert.ok(compareImages(source.path, 'raw', fixed!.path, 'vpc').identical);
});
