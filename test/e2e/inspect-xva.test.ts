// A XenServer XVA dropped on the studio: the VM's name and hardware, its disks read through the
// chunk map, where it imports, and the background verification of every chunk's checksum.
import assert from 'node:assert/strict';
import { closeSync, openSync, writeSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { indexTar } from '../../electron/engine/package/tar-index.ts';
import { mbrDiskHead, MiB, writeXvaFixture, type XvaSpec } from '../fixtures/xva.ts';
import { fixtureDir } from './appliance-fixtures.ts';
import { axeViolations } from './axe.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';
import { activeScreen, openSection, settled } from './studio-page.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

let dir: string;
before(() => {
  if (skip) return;
  dir = fixtureDir();
});

const spec: XvaSpec = {
  vmName: 'edge-gateway',
  memoryBytes: 2 * 1024 * MiB,
  vcpus: 2,
  disks: [{ name: 'gateway-root', virtualSize: 16 * MiB, head: mbrDiskHead(3 * MiB) }],
  nics: [{ mac: '2e:3a:0a:0b:0c:0d', network: 'Pool-wide network associated with eth0' }],
};

test('a dropped .xva shows the VM, its disk with partitions, where it imports, and verifies intact', { skip }, async () => {
  const studio = await openStudio();
  try {
    const fixture = writeXvaFixture(dir, 'gateway', spec);
    await studio.drop([fixture.path]);
    await settled(studio.page);
    const screen = activeScreen(studio.page);
    const overview = await screen.locator('section.overview').innerText();
    assert.match(overview, /edge-gateway \(XCP-ng 8\.2\.1 export: 1 VM, 1 disk, 16\.0 MiB\)/);
    assert.match(overview, /SYSTEMS\s+edge-gateway/i);
    assert.match(overview, /TOTAL DISK SIZE\s+16\.0 MiB/i);
    assert.match(overview, /2 of 12 targets import it as it is/);
    assert.match(overview, /XCP-ng\s*: imports as is/);
    assert.match(overview, /VMware ESXi\s*: after conversion \(does not import XVA: make a project with `appliance import`/);
    const strip = screen.locator('.verify-strip');
    assert.match(await strip.innerText(), /Intact[\s\S]*intact \(4 chunks checked\), unsigned/);
    const rows = await strip.getByRole('list', { name: 'Files verified' }).locator('.verify-file').allInnerTexts();
    assert.deepEqual(rows.map((row) => row.replace(/\s+/g, ' ').trim()), ['gateway-root (Ref:3, 4 chunks) ✓ matches']);
    // ova.xml describes the VM: its hardware, networks and the XML itself have their tabs; an XVA has no properties or EULA.
    const hardware = await (await openSection(studio.page, 'Hardware')).innerText();
    assert.match(hardware, /2 vCPU/);
    assert.match(hardware, /2\.00 GiB/);
    assert.match(await (await openSection(studio.page, 'Networks')).innerText(), /Pool-wide network associated with eth0/);
    assert.equal(await screen.getByRole('tab', { name: /^(Properties|EULA)/ }).count(), 0);
    const disks = await (await openSection(studio.page, 'Disks')).innerText();
    assert.match(disks, /Ref:3 · XVA chunks/);
    assert.match(disks, /NAME\s+gateway-root/i);
    assert.match(disks, /Partition table: MBR/);
    assert.match(disks, /1\s+Linux\s+1\.00 MiB\s+2\.00 MiB/);
    await studio.screenshot('xva-intact');
    assert.deepEqual(await axeViolations(studio.page), []);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('a chunk changed after export turns the verification to damaged, naming the disk', { skip }, async () => {
  const studio = await openStudio();
  try {
    const fixture = writeXvaFixture(dir, 'damaged', spec);
    const chunk = (await indexTar(fixture.path)).members.find((member) => member.name === 'Ref:3/00000001')!;
    const fd = openSync(fixture.path, 'r+');
    writeSync(fd, Buffer.from([0x5a]), 0, 1, chunk.offset + 100);
    closeSync(fd);
    await studio.drop([fixture.path]);
    await settled(studio.page);
    const strip = activeScreen(studio.page).locator('.verify-strip');
    assert.match(await strip.innerText(), /Damaged[\s\S]*1 chunk damaged, unsigned/);
    const rows = await strip.getByRole('list', { name: 'Files verified' }).locator('.verify-file').allInnerTexts();
    assert.deepEqual(rows.map((row) => row.replace(/\s+/g, ' ').trim()), ['gateway-root (Ref:3, 4 chunks) ✕ digest differs']);
    await studio.screenshot('xva-damaged');
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});
