import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { after, test } from 'node:test';
import { axeViolations } from './axe.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

test('the app shell opens on the home screen with a drop zone, shortcuts, no console errors, and a screenshot', { skip }, async () => {
  const studio = await openStudio();
  try {
    const { page } = studio;
    await page.getByRole('heading', { name: 'Appliance Studio' }).waitFor();
    assert.match(await page.getByLabel('Drop zone').innerText(), /Drop an \.ova, \.ovf, disk image or \.iso/);
    assert.match(await page.getByRole('heading', { name: 'Keyboard shortcuts' }).locator('..').innerText(), /Ctrl\+O\s+Open a file/);
    await page.getByText('Appliance Studio 0.0.0-test').waitFor();
    await page.getByText('Nothing opened yet').waitFor();
    const shot = await studio.screenshot('shell');
    assert.ok(statSync(shot).size > 5000);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('File > Open through the host dialog; a missing file gets a tab that says what is wrong and where', { skip }, async () => {
  const studio = await openStudio({ colorScheme: 'dark' });
  try {
    studio.host.dialogAnswers.push(['/no/such/appliance.ova']);
    await studio.page.getByRole('button', { name: 'Open…' }).click();
    const alert = studio.page.getByRole('alert').filter({ hasText: 'no such file or folder' });
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /This file could not be opened/);
    assert.match(text, /\/no\/such\/appliance\.ova/);
    assert.match(text, /FILE_ENOENT/);
    assert.equal(await studio.page.getByRole('navigation', { name: 'Open files' }).getByRole('button', { name: 'appliance.ova', exact: true }).getAttribute('aria-current'), 'page');
    await studio.screenshot('shell-dark-missing-file');
    assert.ok(existsSync(studio.catalog.path));
  } finally {
    await studio.close();
  }
});

test('the home screen has no serious accessibility violations (axe-core), light and dark', { skip }, async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const studio = await openStudio({ colorScheme });
    try {
      await studio.page.getByRole('heading', { name: 'Appliance Studio' }).waitFor();
      assert.deepEqual(await axeViolations(studio.page), [], colorScheme);
    } finally {
      await studio.close();
    }
  }
});
