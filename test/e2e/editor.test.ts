// The project editor end to end: the real renderer in Debian's Chromium over the real handler
// table. A project is made from scratch through the forms, checked by the target rules as it is
// edited, signed with the test CA's key and built; the packages are then checked with
// `appliance verify` and qemu-img, tools the editor did not use.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { cli } from '../support/cli.ts';
import { writeBootableDisk } from '../fixtures/disks.ts';
import { testCa, TEST_PASSPHRASE } from '../fixtures/test-ca.ts';
import { axeViolations } from './axe.ts';
import { dropOn, editorSection, targetBadge, waitSaved } from './editor-page.ts';
import { chromiumMissingReason, closeBrowser, openStudio, projectRoot, type Studio } from './harness.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

async function expectNoSeriousAxe(studio: Studio, screen: string): Promise<void> {
  assert.deepEqual(await axeViolations(studio.page), [], `axe on ${screen}`);
}

const section = editorSection;

async function createProject(studio: Studio, dir: string, targets: readonly string[]): Promise<void> {
  const { page } = studio;
  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  await page.getByLabel('Project folder', { exact: true }).fill(dir);
  await page.getByLabel('Product name').fill('Acme Router');
  await page.getByLabel('Vendor').fill('Acme Networks');
  await page.getByLabel('Guest OS').selectOption('debian-64');
  const choice = page.getByRole('group', { name: 'Targets' });
  await choice.getByRole('checkbox', { name: 'VMware ESXi' }).uncheck();
  for (const title of targets) await choice.getByRole('checkbox', { name: title, exact: true }).check();
  await studio.screenshot('editor-new-project');
  await expectNoSeriousAxe(studio, 'the projects page');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { name: 'Acme Router', level: 2 }).waitFor();
}

test('a project made from scratch through the forms is checked as it is edited, signed and built for three targets', { skip, timeout: 180_000 }, async () => {
  const ca = await testCa();
  const work = mkdtempSync(join(tmpdir(), 'editor-e2e-'));
  const dir = join(work, 'acme-router');
  const image = join(work, 'router-system.img');
  await writeBootableDisk(image, 4 * 1024 * 1024);
  const studio = await openStudio({ viewport: { width: 1440, height: 960 } });
  const { page } = studio;
  try {
    await createProject(studio, dir, ['VMware ESXi', 'Oracle VirtualBox', 'KVM/libvirt']);

    // Product: a field the schema refuses says so under the field, and the save waits for it.
    await page.getByLabel('Product URL').fill('not a url');
    await page.getByText('Not saved: fix the highlighted fields').waitFor();
    assert.match(await page.locator('[data-path="product.productUrl"]').innerText(), /Invalid URL/i);
    await page.getByLabel('Product URL').fill('https://acme.example/router');
    await page.getByLabel('Version', { exact: true }).fill('2.1');
    await waitSaved(page);
    await studio.screenshot('editor-product');

    // Systems: replace the blank disk with a dropped image, whose format and sizes are detected.
    await section(page, 'Systems').click();
    await page.getByRole('button', { name: 'Remove disk 1' }).click();
    await dropOn(page, page.getByRole('group', { name: 'Disks: drop disk images here' }), [image]);
    await page.getByRole('region', { name: /disk0 · raw, 4\.00 MiB virtual, 4\.00 MiB file/ }).waitFor({ timeout: 15000 });
    await waitSaved(page);
    await studio.screenshot('editor-systems');
    await expectNoSeriousAxe(studio, 'the systems section');

    // Two deployment options; making both the default turns the ESXi badge red, its fix green.
    await section(page, 'Deployment options').click();
    await page.getByRole('button', { name: 'Add deployment option' }).click();
    await page.getByRole('button', { name: 'Add deployment option' }).click();
    const second = page.getByRole('region', { name: /^option1/ });
    await second.getByLabel('Label').fill('Large');
    await second.getByLabel('Memory (MiB)').fill('4096');
    await second.getByRole('checkbox', { name: 'Selected by default' }).check();
    await targetBadge(page, 'VMware ESXi').filter({ hasText: 'Fails' }).waitFor();
    await studio.screenshot('editor-badge-red');
    await page.getByRole('button', { name: 'VMware ESXi', exact: true }).click();
    await page.getByRole('button', { name: 'Fix: keep only the first default' }).first().click();
    await targetBadge(page, 'VMware ESXi').filter({ hasText: 'Pass' }).waitFor();
    await waitSaved(page);
    await studio.screenshot('editor-badge-green');

    // Properties: the designer and the live deploy form, which checks what is typed into it.
    await section(page, 'Properties').click();
    await page.getByRole('button', { name: 'Add property' }).click();
    const detail = page.getByRole('region', { name: /^Property / });
    await detail.getByLabel('Key').fill('hostname');
    await detail.getByLabel('Label').fill('Host name');
    await detail.getByLabel('Category').fill('Network');
    await detail.getByLabel('Qualifiers').fill('MinLen(3) MaxLen(63)');
    await detail.getByLabel('Default value').fill('router');
    await page.getByRole('button', { name: 'Add property' }).click();
    await detail.getByLabel('Key').fill('admin_password');
    await detail.getByLabel('Label').fill('Administrator password');
    await detail.getByLabel('Category').fill('Security');
    await detail.getByLabel('Qualifiers').fill('MinLen(12)');
    await detail.getByRole('checkbox', { name: /^Password/ }).check();
    const preview = page.getByRole('region', { name: 'Deploy form preview' });
    await preview.getByRole('group', { name: 'Network' }).waitFor();
    await preview.getByRole('group', { name: 'Security' }).waitFor();
    // The preview masks a password property as the deploy wizard does.
    const password = preview.getByLabel('Administrator password').and(page.locator('input[type="password"]'));
    await password.fill('short');
    await preview.getByText('at least 12 characters (MinLen)').waitFor();
    await password.fill('a much longer secret');
    await preview.getByText('at least 12 characters (MinLen)').waitFor({ state: 'detached' });
    await waitSaved(page);
    await studio.screenshot('editor-properties');
    await expectNoSeriousAxe(studio, 'the properties designer');

    // Undo takes back the last edit, redo puts it back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Redo' }).click();
    await waitSaved(page);

    // Signing: import the test CA's PKCS#12; the passphrase is checked, the summary shown.
    await section(page, 'Signing').click();
    await page.getByRole('textbox', { name: 'Private key (PEM) or PKCS#12 (.p12/.pfx)' }).fill(ca.rsaLeaf.pkcs12Path);
    await page.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase');
    await page.getByRole('button', { name: 'Import identity' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong passphrase' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Import identity' }).click();
    await page.getByRole('list', { name: 'Signing identities' }).getByText('Test RSA Signer').first().waitFor();
    assert.match(await page.getByRole('list', { name: 'Signing identities' }).innerText(), /valid until \d{4}-\d\d-\d\d[\s\S]*issued by CN=Test Intermediate CA · RSA 2048 · chain of 1/);
    await studio.screenshot('editor-signing');
    await expectNoSeriousAxe(studio, 'the signing section');

    // Build the three targets, signed; the passphrase is asked for this build.
    await section(page, 'Build').click();
    const signWith = page.getByLabel('Sign with');
    await signWith.selectOption((await signWith.locator('option', { hasText: 'Test RSA Signer' }).getAttribute('value')) ?? '');
    await page.getByLabel('Passphrase for Test RSA Signer').fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Build 3 targets' }).click();
    const result = page.getByRole('region', { name: 'Build result' });
    await result.waitFor({ timeout: 120_000 });
    assert.match(await result.innerText(), /Built 3 targets in [\d.]+ s, signed by CN=Test RSA Signer/);
    await page.getByRole('list', { name: 'Build history' }).getByText('ok').first().waitFor();
    await studio.screenshot('editor-built');
    await expectNoSeriousAxe(studio, 'the build section');
    assert.deepEqual(studio.errors, []);

    // The packages, checked by tools that are not the editor: the CLI's verify and qemu-img.
    const out = join(dir, 'out');
    const [stamp] = readdirSync(out);
    const built = join(out, stamp ?? '');
    const ovaOf = (target: string) => join(built, target, readdirSync(join(built, target)).find((name) => name.endsWith('.ova')) ?? 'missing.ova');
    const inProcess = await cli(['verify', ovaOf('vmware-esxi'), '--trust', ca.root.certPath, '--json']);
    assert.equal(inProcess.code, 0, `${inProcess.stdout}${inProcess.stderr}`);
    assert.match(inProcess.stdout, /Test RSA Signer/);
    // The same check through the built binary, as a customer's script would run it.
    const binary = execFileSync(process.execPath, [join(projectRoot, 'dist/cli/appliance.js'), 'verify', ovaOf('virtualbox'), '--trust', ca.root.certPath], { encoding: 'utf8', env: { ...process.env, APPLIANCE_STUDIO_HOME: work } });
    assert.match(binary, /Test RSA Signer/);
    const [qcow2] = readdirSync(join(built, 'kvm')).filter((name) => name.endsWith('.qcow2'));
    assert.ok(qcow2, 'a qcow2 disk for KVM');
    execFileSync('qemu-img', ['check', join(built, 'kvm', qcow2)]);
    assert.match(execFileSync('qemu-img', ['compare', '-f', 'raw', '-F', 'qcow2', image, join(built, 'kvm', qcow2)], { encoding: 'utf8' }), /Images are identical/);

    // Any output opens in the inspection view, which reads what the build wrote.
    await page.getByRole('region', { name: 'Build result' }).getByRole('button', { name: /^virtualbox\/.*\.ova$/ }).click();
    await page.getByRole('heading', { name: 'Acme Router', exact: false }).last().waitFor();
    await page.getByRole('button', { name: /\.ova$/, exact: false }).first().waitFor();
    await studio.screenshot('editor-output-inspected');

    // appliance.yaml holds what the forms said, and its comments.
    const yaml = readFileSync(join(dir, 'appliance.yaml'), 'utf8');
    assert.match(yaml, /^# Appliance Studio project\./);
    assert.match(yaml, /key: hostname/);
    assert.match(yaml, /source: disks\/router-system\.img/);
  } finally {
    await studio.close();
  }
});

test('a project started from a disk image dropped on the new-project form uses it as the system disk', { skip, timeout: 60_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'editor-from-disk-'));
  const image = join(work, 'edge-system.img');
  await writeBootableDisk(image, 2 * 1024 * 1024);
  const studio = await openStudio();
  const { page } = studio;
  try {
    await page.getByRole('button', { name: 'Projects', exact: true }).click();
    await page.getByLabel('Project folder', { exact: true }).fill(join(work, 'edge'));
    await page.getByLabel('Product name').fill('Edge Appliance');
    await dropOn(page, page.getByRole('form', { name: 'New appliance project' }), [image]);
    assert.equal(await page.getByLabel('Start from a disk image (optional)').inputValue(), image);
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Edge Appliance', level: 2 }).waitFor();
    await editorSection(page, 'Systems').click();
    assert.equal(await page.getByRole('textbox', { name: 'Image', exact: true }).inputValue(), 'disks/edge-system.img');
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});
