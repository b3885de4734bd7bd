// The studio on real third-party files from ../shared/corpus: VirtualBox's ovftool-signed t4 OVA,
// a descriptor designed to fail, a govmomi OVF folder, a COT streamOptimized disk, an ISO.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { axeViolations } from './axe.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';
import { activeScreen, corpusDir, corpusMissing, openSection, settled } from './studio-page.ts';

const skip = chromiumMissingReason() ?? corpusMissing;
after(closeBrowser);

const corpus = (path: string) => join(corpusDir, path);
const t4 = corpus('ova/cyberus-technology__virtualbox-kvm__src__VBox__ValidationKit__tests__api__tdAppliance1-t4.ova');

test('VirtualBox t4 (ovftool-signed OVA): intact, signed by beispiel.example.org, self-signed and so not trusted', { skip }, async () => {
  const studio = await openStudio();
  try {
    await studio.drop([t4]);
    await settled(studio.page);
    const screen = activeScreen(studio.page);
    const overview = await screen.locator('section.overview').innerText();
    assert.match(overview, /tdAppliance1-t4/);
    assert.match(overview, /SIGNED BY\s+beispiel\.example\.org \(Beispiel GmbH\) — valid, but not trusted here/i);
    assert.match(overview, /TOTAL DISK SIZE\s+80\.0 GiB/i);
    // VirtualBox's manifest does not list the descriptor, so neither it nor the signature protects it.
    assert.match(await screen.locator('.verify-strip').innerText(), /Intact.*intact \(2 files; not covered by the manifest: tdAppliance1-t4\.ovf\), signed by beispiel\.example\.org, not trusted here/s);
    assert.match(await screen.locator('.verify-strip').innerText(), /tdAppliance1-t4\.ovf\s+⚠ not in manifest/);
    const verification = await (await openSection(studio.page, 'Verification')).innerText();
    assert.match(verification, /tdAppliance1-t4-disk1\.vmdk\.gz\s+✓ matches/);
    assert.match(verification, /tdAppliance1-t4-disk2\.vmdk\.gz\s+✓ matches/);
    assert.match(verification, /beispiel\.example\.org \(self-signed\)/);
    assert.match(verification, /PUBLIC KEY\s+RSA 1024/i);
    await studio.screenshot('corpus-t4-signed-ova');
    assert.deepEqual(await axeViolations(studio.page), []);
    const pkg = await (await openSection(studio.page, 'Package')).innerText();
    assert.match(pkg, /5 files/);
    assert.match(pkg, /tdAppliance1-t4\.cert\s+Certificate\s+100 KiB/);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('a govmomi descriptor designed to fail shows its errors, and a finding jumps to its line', { skip }, async () => {
  const negative = corpus('ovf/vmware__govmomi__ovf__fixtures__external__ImportOvf2014__invalid.ovf');
  const studio = await openStudio();
  try {
    await studio.drop([negative]);
    await settled(studio.page);
    const screen = activeScreen(studio.page);
    const findingsTab = screen.getByRole('tab', { name: /^Findings/ });
    const count = Number(/(\d+)/.exec(await findingsTab.innerText())?.[1]);
    assert.ok(count > 0, 'the invalid descriptor has findings');
    const findings = await openSection(studio.page, 'Findings');
    assert.match(await findings.innerText(), /[1-9]\d* errors?/);
    await studio.screenshot('corpus-negative-findings');
    assert.deepEqual(await axeViolations(studio.page), []);
    const jump = findings.getByRole('button', { name: /Show line \d+ in the descriptor/ }).first();
    const line = Number(/Show line (\d+)/.exec((await jump.getAttribute('aria-label')) ?? '')?.[1]);
    await jump.click();
    const focused = screen.locator('.code-line.focused');
    await focused.waitFor();
    assert.equal(await focused.getAttribute('data-line'), String(line));
    await studio.screenshot('corpus-negative-descriptor-line');
  } finally {
    await studio.close();
  }
});

test('a govmomi OVF folder (its disk cut short), a COT streamOptimized VMDK and an ISO open in three tabs', { skip }, async () => {
  const studio = await openStudio();
  try {
    await studio.drop([corpus('packages/vmware__govmomi__ttylinux'), corpus('disk/glennmatthews__cot__COT__tests__input.vmdk'), corpus('other/vmware__govmomi__vapi__library__testdata__ttylinux-pc_i486-16.1.iso')]);
    const tabs = studio.page.getByRole('navigation', { name: 'Open files' });
    assert.equal(await tabs.locator('.file-tab').count(), 3);
    await settled(studio.page);
    const iso = activeScreen(studio.page);
    assert.match(await iso.locator('section.overview').innerText(), /ISO 9660 image/);
    await studio.screenshot('corpus-iso');

    await tabs.getByRole('button', { name: 'glennmatthews__cot__COT__tests__input.vmdk', exact: true }).click();
    await settled(studio.page);
    const disk = await (await openSection(studio.page, 'Disks')).innerText();
    assert.match(disk, /VMDK streamOptimized/);
    assert.match(disk, /VIRTUAL SIZE\s+1\.00 GiB/i);
    await studio.screenshot('corpus-cot-vmdk');

    await tabs.getByRole('button', { name: 'vmware__govmomi__ttylinux', exact: true }).click();
    await settled(studio.page);
    const folder = activeScreen(studio.page);
    // A known quirk of this corpus copy: the disk is cut to 1 MiB, the descriptor says 10 MiB.
    assert.match(await folder.locator('.verify-strip').innerText(), /Damaged.*1 of 2 files damaged or missing, unsigned/s);
    const files = await (await openSection(studio.page, 'Verification')).innerText();
    assert.match(files, /ttylinux-pc_i486-16\.1-disk1\.vmdk\s+✕ size differs\s+1\.00 MiB, descriptor says 10\.1 MiB/);
    // The folder's disk is read by the disk engine: its partition, filesystem and the truncation.
    const folderDisk = await (await openSection(studio.page, 'Disks')).innerText();
    assert.match(folderDisk, /1\s+Linux\s+31\.5 KiB\s+30\.0 MiB\s+ext3/);
    assert.match(folderDisk, /the grain directory is missing \(the file is truncated at 1048576 bytes\)/);
    await studio.screenshot('corpus-ovf-folder-disk');
    assert.match(await folder.locator('section.overview').innerText(), /OVF folder/);
    await studio.screenshot('corpus-ovf-folder');
    assert.deepEqual(await axeViolations(studio.page), []);
  } finally {
    await studio.close();
  }
});

test('the 1.7 MB descriptor from govmomi opens quickly and its raw view draws only the lines in sight', { skip }, async () => {
  const large = corpus('ovf/vmware__govmomi__ovf__fixtures__external__large_descriptor_ovf__UnOS2-large-descriptor.ovf');
  const studio = await openStudio();
  try {
    const started = performance.now();
    await studio.drop([large]);
    await settled(studio.page);
    const opened = performance.now() - started;
    const descriptor = await openSection(studio.page, 'Descriptor');
    assert.match(await descriptor.locator('p.muted').first().innerText(), /2194 lines · read as utf-8/);
    const drawn = await descriptor.locator('.code-line').count();
    assert.ok(drawn > 0 && drawn < 100, `${drawn} lines drawn of 2194`);
    await descriptor.locator('.virtual-list').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
      element.dispatchEvent(new Event('scroll'));
    });
    await descriptor.locator('.code-line[data-line="2193"]').waitFor();
    assert.ok(opened < 15_000, `opened and drawn in ${opened.toFixed(0)} ms`);
    await studio.screenshot('corpus-large-descriptor-end');
  } finally {
    await studio.close();
  }
});
