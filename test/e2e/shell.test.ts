import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';
import { axeViolations } from './axe.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

test('the app shell opens with a drop zone, no console errors, and a screenshot', { skip }, async () => {
  const studio = await openStudio();
  try {
    const { page } = studio;
    await page.getByRole('heading', { name: 'Appliance Studio' }).waitFor();
    assert.match(await page.getByLabel('Drop zone').innerText(), /Drop an \.ova, \.ovf, disk image or \.iso/);
    await page.getByText('Appliance Studio 0.0.0-test').waitFor();
    const shot = await studio.screenshot('shell');
    assert.ok(statSync(shot).size > 5000);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('a file dropped on the window is digested in the background through the handler table', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
  const file = join(dir, 'appliance-disk1.vmdk');
  const bytes = Buffer.alloc(3 * 1024 * 1024, 9);
  writeFileSync(file, bytes);
  const studio = await openStudio();
  try {
    await studio.drop([file]);
    const digest = createHash('sha256').update(bytes).digest('hex');
    await studio.page.getByText(digest).waitFor({ timeout: 10000 });
    assert.match(await studio.page.getByLabel('Opened files').innerText(), /appliance-disk1\.vmdk/);
    await studio.screenshot('shell-dropped');
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('File > Open through the host dialog, and a missing file shows a human error', { skip }, async () => {
  const studio = await openStudio({ colorScheme: 'dark' });
  try {
    studio.host.dialogAnswers.push(['/no/such/appliance.ova']);
    await studio.page.getByRole('button', { name: 'Open…' }).click();
    await studio.page.getByRole('alert').filter({ hasText: 'no such file or folder' }).waitFor();
    assert.match(await studio.page.getByRole('alert').innerText(), /\/no\/such\/appliance\.ova: no such file or folder/);
    await studio.screenshot('shell-dark-error');
    assert.ok(existsSync(studio.catalog.path));
  } finally {
    await studio.close();
  }
});

test('the shell has no serious accessibility violations (axe-core)', { skip }, async () => {
  const studio = await openStudio();
  try {
    await studio.page.getByRole('heading', { name: 'Appliance Studio' }).waitFor();
    assert.deepEqual(await axeViolations(studio.page), []);
  } finally {
    await studio.close();
  }
});
