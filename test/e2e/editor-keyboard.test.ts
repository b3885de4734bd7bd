// The editor with a keyboard and a large project: the properties designer draws only the rows in
// view of a 500-property appliance, arrow keys move through them, and the section list is walked
// with Tab, opened with Enter and shows a visible focus ring. Closing a project with unsaved work asks.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli } from '../support/cli.ts';
import { axeViolations } from './axe.ts';
import { openProjectInEditor } from './editor-page.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

const propertyCount = 500;

test('500 properties stay a virtualised list that arrow keys move through, sections open from the keyboard, and closing unsaved work asks first', { skip, timeout: 90_000 }, async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'editor-keyboard-')), 'many');
  assert.equal((await cli(['init', dir, '--name', 'Many Settings', '--target', 'vmware-esxi'])).code, 0);
  const lines = Array.from({ length: propertyCount }, (_, i) => `  - { key: setting${i}, type: string, label: Setting ${i}, category: Group ${i % 5} }`);
  appendFileSync(join(dir, 'appliance.yaml'), `\nproperties:\n${lines.join('\n')}\n`);

  const studio = await openStudio();
  const { page } = studio;
  try {
    await openProjectInEditor(page, dir);
    const list = page.getByRole('listbox', { name: 'Properties' });
    const drawn = await list.getByRole('option').count();
    assert.ok(drawn > 5 && drawn < 40, `${drawn} of ${propertyCount} rows drawn`);

    await list.getByRole('option', { name: /^setting0\b/ }).focus();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown');
    await page.getByRole('region', { name: 'Property setting3' }).waitFor();
    assert.equal(await list.getByRole('option', { selected: true }).innerText().then((t) => t.split('\n')[0]), 'setting3');
    const preview = page.getByRole('region', { name: 'Deploy form preview' });
    await preview.getByRole('group', { name: 'Group 4' }).waitFor();
    await studio.screenshot('editor-500-properties');

    // Tab moves through the section list; Enter opens a section.
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('button', { name: 'Product' }).focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ text: document.activeElement?.textContent ?? '', outline: getComputedStyle(document.activeElement as Element).outlineStyle }));
    assert.equal(focused.text, 'Licences');
    assert.equal(focused.outline, 'solid', 'the focused section shows a focus ring');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Licences', level: 3 }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    // A draft the schema refuses is not saved; closing its tab asks first, and "no" keeps it open.
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('button', { name: 'Product' }).click();
    await page.getByRole('textbox', { name: 'Product name' }).fill('');
    await page.getByText('Not saved: fix the highlighted fields').waitFor();
    const asked: string[] = [];
    page.once('dialog', (dialog) => void (asked.push(dialog.message()), dialog.dismiss()));
    await page.getByRole('button', { name: 'Close many' }).click();
    assert.match(asked[0] ?? '', /changes that are not saved yet/);
    await page.getByRole('heading', { name: 'Untitled appliance', level: 2 }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Close many' }).click();
    await page.getByRole('heading', { name: 'Untitled appliance', level: 2 }).waitFor({ state: 'detached' });
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});
