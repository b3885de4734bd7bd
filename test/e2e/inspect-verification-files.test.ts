// Verification per file in the studio: while a package is hashed each file has its own row with a
// bar, rate and time left (two at once, one per lane), Cancel still stops it, and when it ends each
// row turns into that file's result.
import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { packPackage } from '../../electron/engine/package/pack.ts';
import { descriptorText, fixtureDir } from './appliance-fixtures.ts';
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

/** A descriptor naming `files` (the first one as the disk), each in References. */
function descriptorFor(files: readonly { href: string; size: number }[]): string {
  const [disk, ...rest] = files;
  const xml = descriptorText({ diskHref: disk!.href, diskBytes: disk!.size, capacityBytes: 64 * 1024 * 1024 });
  return xml.replace('</References>', `${rest.map((f, i) => `  <File ovf:id="extra${i}" ovf:href="${f.href}" ovf:size="${f.size}"/>\n`).join('')}  </References>`);
}

/** An OVA of three files (descriptor, disk, notes) whose notes were changed after packing. */
async function damagedOva(): Promise<string> {
  const folder = join(dir, 'three');
  mkdirSync(folder, { recursive: true });
  const disk = Buffer.alloc(300 * 1024, 7);
  const notes = Buffer.from('release notes\n'.repeat(2000));
  writeFileSync(join(folder, 'three-disk1.vmdk'), disk);
  writeFileSync(join(folder, 'notes.txt'), notes);
  writeFileSync(join(folder, 'three.ovf'), descriptorFor([{ href: 'three-disk1.vmdk', size: disk.length }, { href: 'notes.txt', size: notes.length }]));
  const output = join(dir, 'three.ova');
  await packPackage(join(folder, 'three.ovf'), { output });
  const bytes = readFileSync(output);
  const at = bytes.indexOf(Buffer.from('release notes'));
  bytes[at] = 'R'.charCodeAt(0);
  writeFileSync(output, bytes);
  return output;
}

/**
 * An OVF folder of two big sparse files the manifest lists. 8 GiB each (no disk space) keeps both
 * lanes hashing for seconds even on a fast machine, so the rows, axe and Cancel all happen while
 * hashing is still under way.
 */
function twoBigFiles(bytes = 8 * 1024 * 1024 * 1024): string {
  const folder = join(dir, 'two-big');
  mkdirSync(folder, { recursive: true });
  const files = ['two-big-disk1.img', 'two-big-disk2.img'];
  for (const name of files) {
    const fd = openSync(join(folder, name), 'w');
    ftruncateSync(fd, bytes);
    closeSync(fd);
  }
  writeFileSync(join(folder, 'two-big.ovf'), descriptorFor(files.map((href) => ({ href, size: bytes }))).replace('vmdk.html#streamOptimized', 'vmdk.html#monolithicFlat'));
  writeFileSync(join(folder, 'two-big.mf'), files.map((name) => `SHA256(${name})= ${'0'.repeat(64)}\n`).join(''));
  return folder;
}

test('two files hash at once, each in its own row with a bar, rate and time left; Cancel stops both', { skip }, async () => {
  const studio = await openStudio();
  try {
    await studio.drop([twoBigFiles()]);
    const rows = activeScreen(studio.page).getByRole('list', { name: 'Files being verified' }).locator('.verify-file');
    const hashing = rows.filter({ hasText: /\d+% · .* of 8\.00 GiB · .*\/s/ });
    await hashing.nth(1).waitFor({ timeout: 20_000 });
    const text = await rows.allInnerTexts();
    assert.deepEqual(text.map((row) => row.split(/\s/)[0]).sort(), ['two-big-disk1.img', 'two-big-disk2.img']);
    assert.equal(await rows.locator('progress').count(), 2);
    assert.equal(await studio.page.getByRole('progressbar', { name: 'two-big-disk1.img hashed' }).count(), 1);
    await studio.screenshot('verification-files-running');
    assert.deepEqual(await axeViolations(studio.page), []);
    await activeScreen(studio.page).locator('.verify-strip').getByRole('button', { name: 'Cancel' }).click();
    await activeScreen(studio.page).locator('.verify-strip').filter({ hasText: 'Verification cancelled' }).waitFor({ timeout: 10_000 });
    assert.equal(await activeScreen(studio.page).getByRole('list', { name: 'Files being verified' }).count(), 0);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('when verification ends each file row shows its result: matches, digest differs', { skip }, async () => {
  const studio = await openStudio();
  try {
    await studio.drop([await damagedOva()]);
    await settled(studio.page);
    const strip = activeScreen(studio.page).locator('.verify-strip');
    assert.match(await strip.innerText(), /Damaged/);
    const rows = await strip.getByRole('list', { name: 'Files verified' }).locator('.verify-file').allInnerTexts();
    assert.deepEqual(
      rows.map((row) => row.replace(/\s+/g, ' ').trim()),
      ['three.ovf ✓ matches', 'three-disk1.vmdk ✓ matches', 'notes.txt ✕ digest differs'],
    );
    await studio.screenshot('verification-files-done');
    assert.deepEqual(await axeViolations(studio.page), []);
    const section = await (await openSection(studio.page, 'Verification')).innerText();
    assert.match(section, /notes\.txt\s+✕ digest differs/);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});
