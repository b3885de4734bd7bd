// Working with the studio: cancelling a verification, several files in tabs with the keyboard,
// reopening an unchanged file from the catalog, recent items with their verification, exports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fixtureDir, PRODUCT, writeDiskImage, writeOva, writeSlowFolder } from './appliance-fixtures.ts';
import { axeViolations } from './axe.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';
import { activeScreen, settled } from './studio-page.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

let dir: string;
let ova: string;
before(async () => {
  if (skip) return;
  dir = fixtureDir();
  ova = await writeOva(dir);
});

test('a long verification shows progress with rate and ETA, and Cancel stops it', { skip }, async () => {
  const slow = writeSlowFolder(dir);
  const studio = await openStudio();
  try {
    await studio.drop([slow]);
    const strip = activeScreen(studio.page).locator('.verify-strip.running');
    // The strip's own figures (each file row below has its own).
    await strip.locator(':scope > .verify-figures', { hasText: /\d+% · .* of 8\.00 GiB · .*\/s/ }).waitFor({ timeout: 15_000 });
    assert.match(await strip.innerText(), /Verifying…/);
    await studio.screenshot('workflow-verification-running');
    assert.deepEqual(await axeViolations(studio.page), []);
    await strip.getByRole('button', { name: 'Cancel' }).click();
    const cancelled = activeScreen(studio.page).locator('.verify-strip').filter({ hasText: 'Verification cancelled' });
    await cancelled.waitFor({ timeout: 10_000 });
    await studio.screenshot('workflow-verification-cancelled');
    assert.equal(await cancelled.getByRole('button', { name: 'Verify again' }).count(), 1);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('several files open in tabs; Ctrl+Tab, Alt+1 and Ctrl+W move between and close them; arrow keys move between report sections', { skip }, async () => {
  const disk = await writeDiskImage(dir, 'qcow2');
  const studio = await openStudio();
  try {
    const { page } = studio;
    await page.getByRole('heading', { name: 'Appliance Studio' }).waitFor();
    await studio.drop([ova, disk]);
    const tabs = page.getByRole('navigation', { name: 'Open files' });
    assert.equal(await tabs.locator('.file-tab').count(), 2);
    const current = async () => (await tabs.locator('[aria-current="page"]').innerText()).trim();
    assert.equal(await current(), 'disk.qcow2');
    await page.keyboard.press('Control+Tab');
    assert.equal(await current(), 'Home');
    await page.keyboard.press('Control+Tab');
    assert.equal(await current(), 'edge-router.ova');
    await settled(page);
    // Report sections follow the WAI-ARIA tabs pattern: arrow keys move the selection.
    const sections = activeScreen(page).getByRole('tablist', { name: 'Report sections' });
    await sections.getByRole('tab', { selected: true }).focus();
    const before = await sections.getByRole('tab', { selected: true }).innerText();
    await page.keyboard.press('ArrowRight');
    const after = await sections.getByRole('tab', { selected: true }).innerText();
    assert.notEqual(after, before);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-selected')), 'true');
    await page.keyboard.press('Alt+1');
    assert.equal(await current(), 'Home');
    await page.keyboard.press('Alt+3');
    assert.equal(await current(), 'disk.qcow2');
    await page.keyboard.press('Control+w');
    assert.equal(await tabs.locator('.file-tab').count(), 1);
    assert.equal(await current(), 'edge-router.ova');
    await studio.screenshot('workflow-tabs');
  } finally {
    await studio.close();
  }
});

test('reopening an unchanged file comes from the catalog at once; Home lists it with its last verification', { skip }, async () => {
  const studio = await openStudio({ colorScheme: 'dark' });
  try {
    const { page } = studio;
    await studio.drop([ova]);
    await settled(page);
    assert.doesNotMatch(await activeScreen(page).locator('.inspection-path').innerText(), /from the catalog/);
    await page.getByRole('button', { name: 'Close edge-router.ova' }).click();
    const recent = page.getByRole('list', { name: 'Recent items' });
    await recent.getByText('intact (2 files), unsigned').waitFor();
    assert.match(await recent.innerText(), new RegExp(`edge-router\\.ova\\s+${PRODUCT} 4\\.2\\.1 \\(Acme Networks\\)`));
    await studio.screenshot('workflow-home-recent-dark');
    assert.deepEqual(await axeViolations(page), []);

    await recent.getByRole('button', { name: /edge-router\.ova/ }).click();
    await settled(page);
    const head = await activeScreen(page).locator('.inspection-path').innerText();
    assert.match(head, /from the catalog \(file unchanged\)/);
    // The stored verification is shown; nothing is hashed again.
    assert.match(await activeScreen(page).locator('.verify-strip').innerText(), /Intact/);
    assert.equal(await activeScreen(page).locator('.verify-strip.running').count(), 0);
    const history = await activeScreen(page).getByRole('tab', { name: 'History' });
    await history.click();
    assert.match(await activeScreen(page).getByRole('tabpanel').innerText(), /intact \(2 files\), unsigned/);
    await studio.screenshot('workflow-reopened-from-catalog-dark');
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await studio.close();
  }
});

test('the inspection exports as HTML, Markdown and JSON downloads holding the product', { skip }, async () => {
  const studio = await openStudio();
  try {
    const { page } = studio;
    await studio.drop([ova]);
    await settled(page);
    for (const [label, name, check] of [
      ['HTML', 'edge-router-inspection.html', /<h1>Inspection of edge-router\.ova<\/h1>/],
      ['Markdown', 'edge-router-inspection.md', /^# Inspection of edge-router\.ova/m],
      ['JSON', 'edge-router-inspection.json', /"product": "Acme Edge Router"/],
    ] as const) {
      const download = page.waitForEvent('download');
      await activeScreen(page).getByRole('button', { name: label, exact: true }).click();
      const file = await download;
      assert.equal(file.suggestedFilename(), name);
      const text = readFileSync((await file.path()) ?? '', 'utf8');
      assert.match(text, check);
      assert.match(text, new RegExp(PRODUCT));
    }
  } finally {
    await studio.close();
  }
});
