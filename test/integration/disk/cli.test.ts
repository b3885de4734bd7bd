// `appliance disk info` and `appliance convert`, in process and once through the built binary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cli } from '../../support/cli.ts';
import { variedSegments, writeBootableDisk, writeDisk } from '../../fixtures/disks.ts';
import { compareImages, hasQemuImg, virtualSizeOf } from './qemu-img.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'disk-cli-'));

test('disk info --json reports format, sizes and details of a disk', async () => {
  const source = await writeBootableDisk(join(dir, 'boot.img'), 4 * 1024 * 1024);
  await cli(['convert', source.path, '-o', join(dir, 'boot.vhdx'), '--to', 'vhdx']);
  const run = await cli(['disk', 'info', join(dir, 'boot.vhdx'), '--json']);
  assert.equal(run.code, 0, run.stderr);
  const info = JSON.parse(run.stdout) as { format: string; virtualSize: number; details: { subformat: string; blockSize: number }; partitionTable: string };
  assert.equal(info.format, 'vhdx');
  assert.equal(info.virtualSize, 4 * 1024 * 1024);
  assert.equal(info.details.subformat, 'dynamic');
  assert.equal(info.details.blockSize, 2 * 1024 * 1024);
  const text = await cli(['disk', 'info', join(dir, 'boot.vhdx')]);
  assert.match(text.stdout, /vhdx \(dynamic\)\n {2}virtual size: {3}4\.00 MiB \(4194304 bytes\)/);
});

test('convert with repeated -o/--to pairs writes every output in one run and prints their digests', { skip: hasQemuImg ? false : 'qemu-img missing' }, async () => {
  const source = await writeDisk(join(dir, 'varied.img'), variedSegments());
  const run = await cli(['convert', source.path, '-o', join(dir, 'a.vmdk'), '--to', 'vmdk', '-o', join(dir, 'a.vhd'), '--to', 'vhd-fixed', '--round-mib', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { outputs: { path: string; format: string; sha256: string; virtualSize: number }[] };
  assert.deepEqual(result.outputs.map((o) => o.format), ['vmdk', 'vhd-fixed']);
  assert.equal(result.outputs[1]!.virtualSize % (1024 * 1024), 0);
  for (const output of result.outputs) assert.equal(output.sha256, createHash('sha256').update(readFileSync(output.path)).digest('hex'));
  assert.ok(compareImages(source.path, 'raw', join(dir, 'a.vmdk'), 'vmdk').identical);
  assert.ok(compareImages(source.path, 'raw', join(dir, 'a.vhd'), 'vpc').identical);
});

test('convert refuses unpaired -o/--to and unknown formats with exit 2, malformed input with exit 3', async () => {
  const source = await writeDisk(join(dir, 'small.img'), [{ pattern: 'text', length: 65536 }]);
  const unpaired = await cli(['convert', source.path, '-o', join(dir, 'x.vmdk')]);
  assert.equal(unpaired.code, 2);
  assert.match(unpaired.stderr, /1 outputs \(-o\) but 0 formats/);
  const unknown = await cli(['convert', source.path, '-o', join(dir, 'x.vdi'), '--to', 'vdi']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown format "vdi"/);
  const broken = join(dir, 'broken.qcow2');
  writeFileSync(broken, Buffer.concat([Buffer.from('QFI\xfb\0\0\0\x03', 'latin1'), Buffer.alloc(200)]));
  const bad = await cli(['disk', 'info', broken]);
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /broken\.qcow2, byte 20: cluster_bits 0 is out of range \(9 to 21\) \[QCOW2_CLUSTER_SIZE\]/);
  assert.equal(readdirSync(dir).filter((n) => n.startsWith('x.')).length, 0);
});

test('the built binary converts with worker threads from dist/workers', { skip: existsSync(join(root, 'dist/cli/appliance.js')) ? false : 'dist is not built (npm test builds it)' }, async () => {
  const source = await writeDisk(join(dir, 'bin.img'), variedSegments());
  const run = spawnSync(process.execPath, [join(root, 'dist/cli/appliance.js'), 'convert', source.path, '-o', join(dir, 'bin.vmdk'), '--to', 'vmdk', '--json'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { outputs: { sha256: string }[] };
  assert.equal(result.outputs[0]!.sha256, createHash('sha256').update(readFileSync(join(dir, 'bin.vmdk'))).digest('hex'));
  if (hasQemuImg) assert.ok(compareImages(source.path, 'raw', join(dir, 'bin.vmdk'), 'vmdk').identical);
});

test('convert --size grows every output to that virtual size; below the source or malformed is a usage error', { skip: hasQemuImg ? false : 'qemu-img missing' }, async () => {
  const source = await writeDisk(join(dir, 'grow.img'), variedSegments());
  const run = await cli(['convert', source.path, '-o', join(dir, 'g.qcow2'), '--to', 'qcow2', '-o', join(dir, 'g.vhdx'), '--to', 'vhdx', '--size', '64M']);
  assert.equal(run.code, 0, run.stderr);
  for (const [file, format] of [['g.qcow2', 'qcow2'], ['g.vhdx', 'vhdx']] as const) {
    assert.equal(virtualSizeOf(join(dir, file), format), 64 * 1024 * 1024, file);
    assert.ok(compareImages(source.path, 'raw', join(dir, file), format).identical, `${file}: the grown tail reads as zeros`);
  }
  const small = await cli(['convert', source.path, '-o', join(dir, 's.qcow2'), '--to', 'qcow2', '--size', '1K']);
  assert.equal(small.code, 2);
  assert.match(small.stderr, /smaller than the \d+ bytes of/);
  const junk = await cli(['convert', source.path, '-o', join(dir, 's.qcow2'), '--to', 'qcow2', '--size', 'big']);
  assert.equal(junk.code, 2);
  assert.match(junk.stderr, /--size "big" is not a size/);
  assert.ok(!existsSync(join(dir, 's.qcow2')));
});
