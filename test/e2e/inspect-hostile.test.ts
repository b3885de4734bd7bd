// Broken and hostile files: the studio says what is wrong and where, never a blank screen.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { descriptorText, fixtureDir, writeOva } from './appliance-fixtures.ts';
import { axeViolations } from './axe.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';
import { activeScreen, openSection, settled } from './studio-page.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

let ova: string;
let dir: string;
before(async () => {
  if (skip) return;
  dir = fixtureDir();
  ova = await writeOva(dir);
});

test('a truncated OVA says the archive is cut short, at which byte, with its code', { skip }, async () => {
  const truncated = join(dir, 'truncated.ova');
  const bytes = readFileSync(ova);
  writeFileSync(truncated, bytes.subarray(0, bytes.length - 40_000));
  const studio = await openStudio();
  try {
    await studio.drop([truncated]);
    await settled(studio.page);
    const banner = activeScreen(studio.page).getByRole('alert');
    const text = await banner.innerText();
    assert.match(text, /could not be read completely/);
    assert.match(text, /TAR_TRUNCATED/);
    assert.match(text, /byte \d+/);
    assert.match(await activeScreen(studio.page).locator('section.overview').innerText(), /OVA package/);
    await studio.screenshot('hostile-truncated-ova');
    assert.deepEqual(await axeViolations(studio.page), []);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('a descriptor with a DOCTYPE (XXE) is refused before parsing, and "Show line" opens it at the declaration', { skip }, async () => {
  const folder = join(dir, 'xxe');
  mkdirSync(folder, { recursive: true });
  const text = descriptorText({ diskHref: 'missing.vmdk', diskBytes: 1, capacityBytes: 1 }).replace(
    '<!-- Made',
    '<!DOCTYPE Envelope [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<!-- Made',
  );
  writeFileSync(join(folder, 'xxe.ovf'), text);
  const studio = await openStudio({ colorScheme: 'dark' });
  try {
    await studio.drop([join(folder, 'xxe.ovf')]);
    await settled(studio.page);
    const screen = activeScreen(studio.page);
    const banner = await screen.getByRole('alert').first().innerText();
    assert.match(banner, /DOCTYPE declaration/);
    assert.match(banner, /OVF_XML_DTD_REFUSED/);
    // The view opens on the descriptor, at the refused line.
    const focused = screen.locator('.code-line.focused');
    await focused.waitFor();
    assert.match(await focused.innerText(), /^2\s*<!DOCTYPE Envelope/);
    assert.doesNotMatch(await studio.page.locator('body').innerText(), /root:x:0:0/);
    await studio.screenshot('hostile-xxe-descriptor');
    assert.deepEqual(await axeViolations(studio.page), []);
  } finally {
    await studio.close();
  }
});

test('an OVA whose disk was altered after packing verifies as damaged and names the file', { skip }, async () => {
  const tampered = join(dir, 'tampered.ova');
  const bytes = Buffer.from(readFileSync(ova));
  // The disk is the last member: flip a byte well inside its data.
  bytes[bytes.length - 12_000] = (bytes[bytes.length - 12_000] ?? 0) ^ 0xff;
  writeFileSync(tampered, bytes);
  const studio = await openStudio();
  try {
    await studio.drop([tampered]);
    await settled(studio.page);
    const strip = await activeScreen(studio.page).locator('.verify-strip').innerText();
    assert.match(strip, /Damaged/);
    assert.match(strip, /1 of \d+ files damaged or missing/);
    const section = await (await openSection(studio.page, 'Verification')).innerText();
    assert.match(section, /edge-router-disk1\.vmdk\s+✕ digest differs/);
    await studio.screenshot('hostile-tampered-ova');
    assert.deepEqual(await axeViolations(studio.page), []);
  } finally {
    await studio.close();
  }
});

test('an OVA signed with an expired certificate is intact but flagged: the signature is not valid', { skip }, async () => {
  const expired = await writeOva(fixtureDir(), { signer: 'expiredLeaf' });
  const studio = await openStudio();
  try {
    await studio.drop([expired]);
    await settled(studio.page);
    const strip = activeScreen(studio.page).locator('.verify-strip');
    assert.match(await strip.innerText(), /✕ Signature not valid\s+intact \(2 files\), signature expired/);
    assert.match((await strip.getAttribute('class')) ?? '', /\bbad\b/);
    assert.match(await activeScreen(studio.page).locator('section.overview').innerText(), /SIGNED BY\s+.+ — expired/i);
    const signature = await (await openSection(studio.page, 'Verification')).getByRole('region', { name: 'Signature' }).innerText();
    assert.match(signature, /Signature: expired/);
    await studio.screenshot('hostile-expired-signature');
    assert.deepEqual(await axeViolations(studio.page), []);
  } finally {
    await studio.close();
  }
});

test('a file that is nothing the studio reads is named as such, and random bytes named .ova are not a tar', { skip }, async () => {
  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, 'shopping list\n');
  const fake = join(dir, 'fake.ova');
  writeFileSync(fake, Buffer.alloc(4096, 0x41));
  const studio = await openStudio();
  try {
    await studio.drop([notes]);
    await settled(studio.page);
    assert.match(await activeScreen(studio.page).getByRole('alert').innerText(), /not a file the studio reads.*INSPECT_UNKNOWN_KIND/s);
    await studio.drop([fake]);
    await settled(studio.page);
    assert.match(await activeScreen(studio.page).getByRole('alert').innerText(), /INSPECT_UNKNOWN_KIND/);
    await studio.screenshot('hostile-unknown-file');
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('a catalog record damaged inside its sections shows an error in its tab, never a blank window', { skip }, async () => {
  const studio = await openStudio();
  try {
    const { page, catalog } = studio;
    await studio.drop([ova]);
    await settled(page);
    await page.getByRole('button', { name: 'Close edge-router.ova' }).click();
    // The outline is intact (so the catalog serves it) but a hardware table is not a table.
    const row = catalog.db.prepare('SELECT id, report_json FROM inspections WHERE path = ? ORDER BY id DESC LIMIT 1').get(ova) as { id: number; report_json: string };
    const stored = JSON.parse(row.report_json) as { report: { systems: { tables: unknown }[] } };
    for (const system of stored.report.systems) system.tables = 'not a list';
    catalog.db.prepare('UPDATE inspections SET report_json = ? WHERE id = ?').run(JSON.stringify(stored), row.id);
    await page.getByRole('list', { name: 'Recent items' }).getByRole('button', { name: /edge-router\.ova/ }).click();
    const alert = activeScreen(page).getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Something went wrong while showing edge-router\.ova/);
    // The rest of the studio still works.
    await page.getByRole('button', { name: 'Home', exact: true }).click();
    await page.getByLabel('Drop zone').waitFor();
    await page.getByRole('button', { name: 'edge-router.ova', exact: true }).click();
    await studio.screenshot('hostile-error-boundary');
    // Inspecting afresh replaces the damaged record.
    await activeScreen(page).getByRole('button', { name: 'Inspect the file again' }).click();
    await settled(page);
    assert.match(await activeScreen(page).locator('section.overview').innerText(), /Acme Edge Router/);
  } finally {
    await studio.close();
  }
});
