// `appliance inspect PKG` reads each disk of the package in place: text, --json and the exported
// reports show the real container, sizes and layout, and where the descriptor disagrees.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DiskReport } from '../../../../electron/common/inspection.ts';
import { packPackage } from '../../../../electron/engine/package/pack.ts';
import { descriptorText, fixtureDir, writeDiskImage, writeOva } from '../../../e2e/appliance-fixtures.ts';
import { cli } from '../../../support/cli.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
let dir: string;
let ova: string;
let mislabelled: string;

before(async () => {
  dir = fixtureDir();
  ova = await writeOva(dir);
  // A QCOW2 disk packed under a descriptor that calls it a 32 MiB streamOptimized VMDK.
  const folder = join(dir, 'mislabelled');
  mkdirSync(folder);
  const disk = await writeDiskImage(folder, 'qcow2', 'mislabelled-disk1.vmdk');
  const descriptor = join(folder, 'mislabelled.ovf');
  writeFileSync(descriptor, descriptorText({ diskHref: 'mislabelled-disk1.vmdk', diskBytes: statSync(disk).size, capacityBytes: 32 * 1024 * 1024 }));
  mislabelled = join(dir, 'mislabelled.ova');
  await packPackage(descriptor, { output: mislabelled });
});

test('inspect PKG ends with its disks as read in place: container, sizes, partition layout', async () => {
  const run = await cli(['inspect', ova]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Disks as read from the package:\n {2}vmdisk1 {2}VMDK streamOptimized {2}64\.0 MiB {2}128 KiB stored {2}MBR: 1 Linux ext4 {2}in place\n/);
});

test('inspect PKG names the disagreements with the descriptor, and --json carries the disks with their findings', async () => {
  const run = await cli(['inspect', mislabelled]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /vmdisk1 {2}QCOW2 v3 \(compat 1\.1\) {2}64\.0 MiB/);
  assert.match(run.stdout, /error: mislabelled\.ovf, line \d+.*ovf:format says VMDK but mislabelled-disk1\.vmdk is QCOW2 v3 \(compat 1\.1\) \[INSPECT_DISK_FORMAT_MISMATCH\]/);
  assert.match(run.stdout, /error: .*ovf:capacity is 33554432 bytes \(32\.0 MiB\) but mislabelled-disk1\.vmdk holds a 67108864-byte \(64\.0 MiB\) disk.*\[INSPECT_DISK_CAPACITY_MISMATCH\]/);
  const json = await cli(['inspect', mislabelled, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { kind: string; disks: DiskReport[] };
  assert.equal(parsed.kind, 'package');
  assert.equal(parsed.disks[0]?.format, 'QCOW2 v3 (compat 1.1)');
  assert.equal(parsed.disks[0]?.virtualBytes, 64 * 1024 * 1024);
  assert.deepEqual(parsed.disks[0]?.findings?.map((f) => f.code), ['INSPECT_DISK_FORMAT_MISMATCH', 'INSPECT_DISK_CAPACITY_MISMATCH']);
});

test('the Markdown and HTML reports of an OVA list each disk with its layout and partitions', async () => {
  const md = await cli(['inspect', ova, '--report', 'md']);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /\| vmdisk1 \| edge-router-disk1\.vmdk \| VMDK streamOptimized \| 64\.0 MiB \| 128 KiB \| MBR: 1 Linux ext4 \| in place \|/);
  assert.match(md.stdout, /Partitions of vmdisk1 \(MBR\)/);
  assert.match(md.stdout, /\| 1 \| Linux \| 1\.00 MiB \| 63\.0 MiB \| ext4, bootable \|/);
  const html = await cli(['inspect', mislabelled, '--report', 'html']);
  assert.match(html.stdout, /INSPECT_DISK_FORMAT_MISMATCH/);
});

test('the built binary prints the same disks', { timeout: 120_000 }, () => {
  execFileSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
  const run = spawnSync(process.execPath, [join(root, 'dist/cli/appliance.js'), 'inspect', mislabelled, '--json'], { encoding: 'utf8', env: { ...process.env, APPLIANCE_STUDIO_HOME: dir } });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual((JSON.parse(run.stdout) as { disks: DiskReport[] }).disks.map((d) => [d.format, d.details.read]), [['QCOW2 v3 (compat 1.1)', 'in place']]);
});
