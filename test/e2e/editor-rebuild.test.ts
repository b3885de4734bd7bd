// Reopening an existing project in the editor (dark theme): one property changed through the
// designer, the appliance rebuilt, and the two descriptors (read out of the OVAs with GNU tar)
// differ by exactly that change. Edits made to appliance.yaml outside the studio are offered for
// reload, and the file's comments survive the editor's saves.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { initGatewayProject } from './appliance-fixtures.ts';
import { axeViolations } from './axe.ts';
import { buildFromEditor, builtDescriptor, editorSection, openProjectInEditor, waitSaved } from './editor-page.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

async function buildOnce(page: Page, builds: number): Promise<void> {
  await buildFromEditor(page, 'Build 1 target');
  await page.getByRole('list', { name: 'Build history' }).getByRole('listitem').nth(builds - 1).waitFor();
}

test('a reopened project rebuilt after one property change gives descriptors that differ by exactly that change', { skip, timeout: 120_000 }, async () => {
  const { dir, file } = await initGatewayProject('editor-rebuild-');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nproperties:\n  - key: hostname\n    type: string\n    label: Host name\n    category: Network\n    default: gateway # what the deployer starts from\n`);

  const studio = await openStudio({ colorScheme: 'dark', viewport: { width: 1440, height: 960 } });
  const { page } = studio;
  try {
    await openProjectInEditor(page, dir);
    await waitSaved(page);
    await studio.screenshot('editor-reopened-dark');
    assert.deepEqual(await axeViolations(page), []);

    await buildOnce(page, 1);
    await editorSection(page, 'Properties').click();
    const detail = page.getByRole('region', { name: 'Property hostname' });
    await detail.getByLabel('Default value').fill('edge-gateway');
    await page.getByRole('region', { name: 'Deploy form preview' }).getByLabel('Host name').and(page.locator('input[value="edge-gateway"]')).waitFor();
    await waitSaved(page);
    assert.match(readFileSync(file, 'utf8'), /default: edge-gateway # what the deployer starts from/);
    await buildOnce(page, 2);

    const builds = readdirSync(join(dir, 'out')).sort();
    assert.equal(builds.length, 2);
    const [before, after] = builds.map((stamp) => builtDescriptor(join(dir, 'out', stamp, 'vmware-esxi')).split('\n'));
    assert.ok(before && after);
    assert.equal(before.length, after.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line.trim(), after[i]?.trim()]]));
    assert.equal(changed.length, 1, JSON.stringify(changed));
    assert.match(changed[0]?.[0] ?? '', /ovf:value="gateway"/);
    assert.equal(changed[0]?.[1], changed[0]?.[0]?.replace('ovf:value="gateway"', 'ovf:value="edge-gateway"'));

    // Someone edits appliance.yaml by hand: the editor offers to reload it.
    writeFileSync(file, readFileSync(file, 'utf8').replace('cpus: 2', 'cpus: 6'));
    const banner = page.getByRole('alert').filter({ hasText: 'appliance.yaml was changed outside the studio' });
    await banner.waitFor({ timeout: 10_000 });
    await studio.screenshot('editor-changed-on-disk-dark');
    await banner.getByRole('button', { name: 'Reload from disk' }).click();
    await editorSection(page, 'Systems').click();
    assert.equal(await page.getByLabel('Virtual CPUs').inputValue(), '6');
    // The disk named in the file is shown with what the disk engine detects in it.
    await page.getByRole('region', { name: 'system · raw, 2.00 MiB virtual, 2.00 MiB file' }).waitFor();

    // Undo from the keyboard takes back the reload; autosave writes the studio's version again.
    await page.getByLabel('Virtual CPUs').focus();
    await page.keyboard.press('Control+z');
    assert.equal(await page.getByLabel('Virtual CPUs').inputValue(), '2');
    await waitSaved(page);
    assert.match(readFileSync(file, 'utf8'), /cpus: 2/);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});
