// An existing OVA imported through the editor (dropped on the import card), one property changed
// in the designer, the appliance rebuilt: the rebuilt descriptor differs from the imported one by
// exactly that change. The OVA is made beforehand with the CLI (init, build), and both descriptors
// are read out of their OVAs with GNU tar.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeBootableDisk } from '../fixtures/disks.ts';
import { cli } from '../support/cli.ts';
import { axeViolations } from './axe.ts';
import { buildFromEditor, builtDescriptor, dropOn, editorSection, waitSaved } from './editor-page.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

const ovaIn = (folder: string) => join(folder, readdirSync(folder).find((name) => name.endsWith('.ova')) ?? 'missing.ova');

test('an imported OVA rebuilt after one property change differs from the original descriptor by exactly that change', { skip, timeout: 120_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'editor-import-'));
  const original = join(work, 'original');
  mkdirSync(join(original, 'disks'), { recursive: true });
  await writeBootableDisk(join(original, 'disks', 'system.img'), 2 * 1024 * 1024);
  assert.equal((await cli(['init', original, '--name', 'Acme Gateway', '--vendor', 'Acme', '--os', 'debian-64', '--disk', join(original, 'disks', 'system.img'), '--target', 'vmware-esxi'])).code, 0);
  const yaml = join(original, 'appliance.yaml');
  writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}\nproperties:\n  - { key: hostname, type: string, label: Host name, category: Network, default: gateway }\n  - { key: dns, type: string, label: DNS server, category: Network, default: 192.0.2.53 }\n`);
  const built = await cli(['build', original, '-o', join(work, 'first')]);
  assert.equal(built.code, 0, built.stderr);
  const ova = ovaIn(join(work, 'first', 'vmware-esxi'));

  const studio = await openStudio({ viewport: { width: 1440, height: 960 } });
  const { page } = studio;
  try {
    await page.getByRole('button', { name: 'Projects', exact: true }).click();
    const card = page.getByRole('form', { name: 'Import an appliance' });
    await dropOn(page, card, [ova]);
    await card.getByLabel('New project folder').fill(join(work, 'imported'));
    await card.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Acme Gateway', level: 2 }).waitFor({ timeout: 30_000 });
    await waitSaved(page);

    await editorSection(page, 'Properties').click();
    await page.getByRole('listbox', { name: 'Properties' }).getByRole('option', { name: /^hostname/ }).click();
    await page.getByRole('region', { name: 'Property hostname' }).getByLabel('Default value').fill('edge-gateway');
    await waitSaved(page);
    await studio.screenshot('editor-imported');
    assert.deepEqual(await axeViolations(page), []);

    await editorSection(page, 'Build').click();
    const buildFor = page.getByRole('checkbox', { name: 'Build for VMware ESXi' });
    if (!(await buildFor.isChecked())) {
      await buildFor.check();
      await waitSaved(page);
    }
    await buildFromEditor(page, 'Build 1 target');

    const [stamp] = readdirSync(join(work, 'imported', 'out'));
    const before = builtDescriptor(join(work, 'first', 'vmware-esxi')).split('\n');
    const after = builtDescriptor(join(work, 'imported', 'out', stamp ?? '', 'vmware-esxi')).split('\n');
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [`- ${line.trim()}\n+ ${after[i]?.trim()}`]));
    assert.equal(before.length, after.length, 'same number of descriptor lines');
    assert.equal(changed.length, 1, changed.join('\n'));
    assert.match(changed[0] ?? '', /^- .*ovf:value="gateway".*\n\+ .*ovf:value="edge-gateway"/);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});
