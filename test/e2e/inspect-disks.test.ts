// Disk images written by the disk engine (VMDK, VHD, VHDX, QCOW2, raw) and an XVA export: each
// shows its format, sizes, partition table and filesystem.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packPackage } from '../../electron/engine/package/pack.ts';
import { descriptorText, fixtureDir, writeDiskImage, writeOva, writePartitionedRaw } from './appliance-fixtures.ts';
import { axeViolations } from './axe.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';
import { activeScreen, openSection, settled } from './studio-page.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

let dir: string;
const images: Record<string, string> = {};
before(async () => {
  if (skip) return;
  dir = fixtureDir();
  for (const format of ['vmdk', 'vhd', 'vhdx', 'qcow2'] as const) images[format] = await writeDiskImage(dir, format);
  images.raw = writePartitionedRaw(join(dir, 'disk.img'));
});

const expected: Record<string, RegExp> = { vmdk: /^VMDK/, vhd: /^VHD\b/, vhdx: /^VHDX/, qcow2: /^QCOW2/, raw: /^raw/ };

test('each disk format shows its container, a 64 MiB virtual size, an MBR with one bootable Linux partition holding ext4', { skip }, async () => {
  const studio = await openStudio();
  try {
    for (const [format, path] of Object.entries(images)) {
      await studio.drop([path]);
      await settled(studio.page);
      const screen = activeScreen(studio.page);
      const overview = await screen.locator('section.overview').innerText();
      const formatText = /FORMAT\s+(.+)/i.exec(overview)?.[1] ?? '';
      assert.match(formatText, expected[format] ?? /./, `${format}: ${formatText}`);
      assert.match(overview, /VIRTUAL SIZE\s+64\.0 MiB/i, format);
      assert.match(overview, /LAYOUT\s+MBR, 1 partition/i, format);
      const disks = await screen.getByRole('tabpanel').innerText();
      assert.match(disks, /Partition table: MBR/, format);
      assert.match(disks, /1\s+Linux\s+1\.00 MiB\s+63\.0 MiB\s+ext4 · bootable/, format);
      await studio.screenshot(`disk-${format}`);
    }
    assert.deepEqual(await axeViolations(studio.page), []);
    assert.equal(await studio.page.getByRole('navigation', { name: 'Open files' }).locator('.file-tab').count(), 5);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test("an OVA's disk is read inside the archive: its container, partitions and filesystem show in the Disks tab", { skip }, async () => {
  const studio = await openStudio();
  try {
    await studio.drop([await writeOva(join(dir, 'in-place'))]);
    await settled(studio.page);
    const disks = await (await openSection(studio.page, 'Disks')).innerText();
    assert.match(disks, /vmdisk1 · VMDK streamOptimized/);
    assert.match(disks, /READ\s+in place/i);
    assert.match(disks, /Partition table: MBR/);
    assert.match(disks, /1\s+Linux\s+1\.00 MiB\s+63\.0 MiB\s+ext4 · bootable/);
    await studio.screenshot('disk-in-ova');
    assert.deepEqual(await axeViolations(studio.page), []);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('a disk whose descriptor claims another format and capacity shows both disagreements, each opening its descriptor line', { skip }, async () => {
  const folder = join(dir, 'mislabelled');
  mkdirSync(folder, { recursive: true });
  const disk = await writeDiskImage(folder, 'qcow2', 'mislabelled-disk1.vmdk');
  writeFileSync(join(folder, 'mislabelled.ovf'), descriptorText({ diskHref: 'mislabelled-disk1.vmdk', diskBytes: statSync(disk).size, capacityBytes: 32 * 1024 * 1024 }));
  const ova = join(dir, 'mislabelled.ova');
  await packPackage(join(folder, 'mislabelled.ovf'), { output: ova });
  const studio = await openStudio();
  try {
    await studio.drop([ova]);
    await settled(studio.page);
    const panel = await openSection(studio.page, 'Disks');
    assert.match(await panel.locator('h3').first().innerText(), /vmdisk1 · QCOW2 v3/);
    const disagreements = panel.getByRole('list', { name: 'Disagreements for vmdisk1' });
    const items = (await disagreements.locator('li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    assert.equal(items.length, 2);
    assert.match(items[0]!, /Error disk vmdisk1: ovf:format says VMDK but mislabelled-disk1\.vmdk is QCOW2 v3 \(compat 1\.1\) \[INSPECT_DISK_FORMAT_MISMATCH\] line \d+/);
    assert.match(items[1]!, /Error disk vmdisk1: ovf:capacity is 33554432 bytes \(32\.0 MiB\) but mislabelled-disk1\.vmdk holds a 67108864-byte \(64\.0 MiB\) disk: the guest would lose its end \[INSPECT_DISK_CAPACITY_MISMATCH\]/);
    assert.match(await panel.innerText(), /1\s+Linux\s+1\.00 MiB\s+63\.0 MiB\s+ext4 · bootable/);
    await studio.screenshot('disk-in-ova-mislabelled');
    assert.deepEqual(await axeViolations(studio.page), []);
    await disagreements.getByRole('button', { name: /Show line \d+ in the descriptor/ }).first().click();
    assert.match(await activeScreen(studio.page).getByRole('tab', { selected: true }).innerText(), /Descriptor/);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});
