// Disk images written by the disk engine (VMDK, VHD, VHDX, QCOW2, raw) and an XVA export: each
// shows its format, sizes, partition table and filesystem.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { fixtureDir, writeDiskImage, writePartitionedRaw, writeXva } from './appliance-fixtures.ts';
import { axeViolations } from './axe.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';
import { activeScreen, settled } from './studio-page.ts';

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

test('a XenServer .xva shows as an export with its chunks in the package section', { skip }, async () => {
  const studio = await openStudio();
  try {
    await studio.drop([writeXva(dir)]);
    await settled(studio.page);
    const screen = activeScreen(studio.page);
    assert.match(await screen.locator('section.overview').innerText(), /XenServer export, 2 disk chunks/);
    const pkg = await screen.getByRole('tabpanel').innerText();
    assert.match(pkg, /ova\.xml\s+Descriptor/);
    await studio.screenshot('disk-xva');
  } finally {
    await studio.close();
  }
});
