// Property defaults per deployment option, end to end: set in the properties designer, seen in the
// deploy-form preview under the option chosen there, saved to appliance.yaml, and built into the
// descriptor as a Value child of the Property (read out of the OVA with GNU tar).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { initGatewayProject } from './appliance-fixtures.ts';
import { axeViolations } from './axe.ts';
import { buildFromEditor, builtDescriptor, openProjectInEditor, waitSaved } from './editor-page.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

test('a per-option default set in the designer shows in the preview under that option and is built into the descriptor', { skip, timeout: 120_000 }, async () => {
  const { dir, file } = await initGatewayProject('editor-option-defaults-');
  writeFileSync(
    file,
    `${readFileSync(file, 'utf8')}\nproperties:\n  - key: hostname\n    type: string\n    label: Host name\n    default: gateway\n` +
      'deploymentOptions:\n  - id: small\n    label: Small\n    description: One CPU\n    default: true\n  - id: large\n    label: Large\n    description: Four CPUs\n',
  );

  const studio = await openStudio({ viewport: { width: 1440, height: 960 } });
  const { page } = studio;
  try {
    await openProjectInEditor(page, dir);
    const detail = page.getByRole('region', { name: 'Property hostname' });
    // One input per declared option; empty inherits the default value.
    assert.equal(await detail.getByLabel('Default for option small').inputValue(), '');
    await detail.getByLabel('Default for option large').fill('big-gateway');
    const preview = page.getByRole('region', { name: 'Deploy form preview' });
    const hostname = preview.getByLabel('Host name');
    // The preview starts from the project's default option (small), which inherits.
    await hostname.and(page.locator('input[value="gateway"]')).waitFor();
    await preview.getByLabel('Deployment option').selectOption('large');
    await hostname.and(page.locator('input[value="big-gateway"]')).waitFor();
    await preview.getByLabel('Deployment option').selectOption('small');
    await hostname.and(page.locator('input[value="gateway"]')).waitFor();
    await waitSaved(page);
    assert.match(readFileSync(file, 'utf8'), /optionDefaults:\n\s+large: big-gateway\n/);
    await studio.screenshot('editor-option-defaults');
    assert.deepEqual(await axeViolations(page), []);

    await buildFromEditor(page, 'Build 1 target');
    const [stamp] = readdirSync(join(dir, 'out'));
    const descriptor = builtDescriptor(join(dir, 'out', stamp ?? '', 'vmware-esxi'));
    assert.match(descriptor, /<Property ovf:key="hostname"[^>]* ovf:value="gateway">[\s\S]*?<Value ovf:value="big-gateway" ovf:configuration="large"\/>\s*<\/Property>/);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});
