// Disks per deployment option, end to end: a disk limited to one option and sized per option in
// the disks form, the same choice seen and changed in the deployment options form, the targets
// panel reacting (KVM names the disk it leaves out; a boot disk missing from the default option
// fails every target), and the built descriptor carrying the Disk per size and ovf:configuration.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { initGatewayProject } from './appliance-fixtures.ts';
import { axeViolations } from './axe.ts';
import { buildFromEditor, builtDescriptor, editorSection, openProjectInEditor, targetBadge, waitSaved } from './editor-page.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

test('a disk limited to one option and sized per option in the editor changes the targets panel and the built descriptor', { skip, timeout: 120_000 }, async () => {
  const { dir, file } = await initGatewayProject('editor-option-disks-', ['vmware-esxi', 'kvm']);
  const project = parse(readFileSync(file, 'utf8')) as { systems: { controllers: { id: string }[]; disks: Record<string, unknown>[] }[]; deploymentOptions?: unknown[] };
  const system = project.systems[0];
  assert.ok(system);
  system.disks.push({ id: 'data', capacityMiB: 64, controller: system.controllers[0]?.id ?? '', unit: 1 });
  project.deploymentOptions = [
    { id: 'small', label: 'Small', description: 'One CPU', default: true },
    { id: 'large', label: 'Large', description: 'Four CPUs' },
  ];
  writeFileSync(file, stringify(project));

  const studio = await openStudio({ viewport: { width: 1440, height: 1100 } });
  const { page } = studio;
  try {
    await openProjectInEditor(page, dir);
    await editorSection(page, 'Systems').click();
    const data = page.getByRole('region', { name: /^data · blank/ });
    const options = data.getByRole('group', { name: 'In deployment options' });
    // Not limited: every option is ticked, and each has its capacity field.
    assert.equal(await options.getByLabel('small').isChecked(), true);
    assert.equal(await options.getByLabel('large').isChecked(), true);
    await options.getByLabel('small').uncheck();
    await data.getByLabel('Capacity under large (MiB)').fill('256');
    assert.equal(await data.getByLabel('Capacity under small (MiB)').count(), 0);
    // KVM builds the default option (small), so it names the disk it leaves out.
    await page.getByRole('list', { name: 'Targets' }).getByRole('button', { name: 'KVM/libvirt' }).click();
    await page.getByText(/KVM\/libvirt offers no deployment options; it gets the default option "small" and drops "large" \(disk "data" left out\)/).first().waitFor();
    await targetBadge(page, 'KVM/libvirt').filter({ hasText: 'Warnings' }).waitFor();
    await waitSaved(page);
    const saved = parse(readFileSync(file, 'utf8')) as typeof project;
    assert.deepEqual([saved.systems[0]?.disks[1]?.options, saved.systems[0]?.disks[1]?.optionCapacityMiB], [['large'], { large: 256 }]);

    // The boot disk taken out of the default option: an error under the field, every target fails.
    const boot = page.getByRole('region', { name: /^system · / });
    await boot.getByRole('group', { name: 'In deployment options' }).getByLabel('small').uncheck();
    await boot.getByText(/boots from disk "system", which the default deployment option "small" leaves out/).waitFor();
    await targetBadge(page, 'VMware ESXi').filter({ hasText: 'Fails' }).waitFor();
    await boot.getByRole('group', { name: 'In deployment options' }).getByLabel('small').check();
    await targetBadge(page, 'VMware ESXi').filter({ hasText: 'Pass' }).waitFor();

    // The deployment options form shows the same choice per option, with the blank disk's size there.
    await editorSection(page, 'Deployment options').click();
    const large = page.getByRole('region', { name: 'large' });
    assert.equal(await large.getByLabel('Disk data').isChecked(), true);
    assert.equal(await large.getByLabel('data capacity (MiB)').inputValue(), '256');
    const small = page.getByRole('region', { name: 'small (default)' });
    assert.equal(await small.getByLabel('Disk data').isChecked(), false);
    await studio.screenshot('editor-option-disks');

    // The deploy-form preview sums up what the chosen option deploys.
    await editorSection(page, 'Properties').click();
    const preview = page.getByRole('region', { name: 'Deploy form preview' });
    const hardware = preview.getByRole('list', { name: 'Hardware under this option' });
    await hardware.getByText(/disks: system \(image\)$/).waitFor();
    await preview.getByLabel('Deployment option').selectOption('large');
    await hardware.getByText(/disks: system \(image\), data 256 MiB$/).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await waitSaved(page);

    await buildFromEditor(page, 'Build 2 targets');
    const [stamp] = readdirSync(join(dir, 'out'));
    const descriptor = builtDescriptor(join(dir, 'out', stamp ?? '', 'vmware-esxi'));
    assert.match(descriptor, /<Disk ovf:capacity="256" ovf:capacityAllocationUnits="byte \* 2\^20" ovf:diskId="data"\/>/);
    assert.match(descriptor, /<Item ovf:configuration="large">\s*<rasd:AddressOnParent>1<\/rasd:AddressOnParent>[\s\S]*?ovf:\/disk\/data</);
    const kvm = readdirSync(join(dir, 'out', stamp ?? '', 'kvm'));
    assert.equal(kvm.filter((name) => name.endsWith('.qcow2')).length, 1, kvm.join(', '));
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});
