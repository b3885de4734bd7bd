// The studio on packages made by the project's own engines: a signed OVA, its sections, the deploy
// form, the descriptor, and verification with the certificate chain.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testCa, type TestCa } from '../fixtures/test-ca.ts';
import { fixtureDir, PRODUCT, VENDOR, VERSION, writeApplianceFolder, writeOva } from './appliance-fixtures.ts';
import { axeViolations } from './axe.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';
import { activeScreen, openSection, settled } from './studio-page.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

let signedOva: string;
let ca: TestCa;
before(async () => {
  if (skip) return;
  ca = await testCa();
  signedOva = await writeOva(fixtureDir(), { signer: 'rsaLeaf' });
});

test('a signed OVA shows product, vendor, version, signer, disk size, targets and an intact verification', { skip }, async () => {
  const studio = await openStudio();
  try {
    await studio.drop([signedOva]);
    await settled(studio.page);
    const screen = activeScreen(studio.page);
    const overview = await screen.locator('section.overview').innerText();
    assert.match(overview, new RegExp(PRODUCT));
    assert.match(overview, new RegExp(`VENDOR\\s+${VENDOR}`, 'i'));
    assert.match(overview, new RegExp(`VERSION\\s+${VERSION.replace(/\./g, '\\.')}`, 'i'));
    assert.match(overview, /TOTAL DISK SIZE\s+64\.0 MiB/i);
    assert.match(overview, new RegExp(`SIGNED BY\\s+${ca.rsaLeaf.commonName}`, 'i'));
    assert.match(overview, /valid, but not trusted here/);
    assert.match(overview, /\d+ of 12 targets import it as it is/);
    const strip = await screen.locator('.verify-strip').innerText();
    assert.match(strip, /Intact/);
    assert.match(strip, /intact \(2 files\)/);
    await studio.screenshot('package-signed-ova-overview');
    assert.deepEqual(await axeViolations(studio.page), []);

    const verification = await openSection(studio.page, 'Verification');
    const text = await verification.innerText();
    assert.equal((text.match(/✓ matches/g) ?? []).length, 2);
    assert.match(text, /Signature: untrusted/);
    const chain = verification.getByRole('region', { name: 'Certificate chain' });
    const nodes = chain.locator('.cert-node');
    assert.ok((await nodes.count()) >= 2, 'the chain holds the signer and its intermediate');
    await nodes.first().click();
    assert.match(await chain.innerText(), /SHA-256 FINGERPRINT\s+([0-9A-F]{2}:){31}[0-9A-F]{2}/i);
    await studio.screenshot('package-signed-ova-certificate-chain');
    assert.deepEqual(await axeViolations(studio.page), []);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('every section of the report shows what the descriptor says, and a line number opens the raw descriptor there', { skip }, async () => {
  const studio = await openStudio();
  try {
    await studio.drop([signedOva]);
    await settled(studio.page);
    const hardware = await openSection(studio.page, 'Hardware');
    const tables = await hardware.innerText();
    assert.match(tables, /Deployment option “Small” · vmx-14 \(6 items\)/);
    assert.match(tables, /Deployment option “Large” · vmx-14 \(6 items\)/);
    assert.match(tables, /Memory\s+2 GiB\s+2\.00 GiB/);
    assert.match(tables, /Memory\s+16 GiB\s+16\.0 GiB/);
    assert.match(tables, /Ethernet adapter\s+Traffic NIC\s+VmxNet3/);
    await studio.screenshot('package-hardware');

    const disks = await (await openSection(studio.page, 'Disks')).innerText();
    assert.match(disks, /vmdisk1 · VMDK streamOptimized/);
    assert.match(disks, /VIRTUAL SIZE\s+64\.0 MiB/i);

    const networks = await (await openSection(studio.page, 'Networks')).innerText();
    assert.match(networks, /VM Network\s+Traffic to route/);
    assert.match(networks, /Management\s+Administration only/);

    const form = await openSection(studio.page, 'Properties');
    assert.equal(await form.getByLabel(/^Host name/).inputValue(), 'edge1');
    assert.equal(await form.getByLabel(/^Mode/).inputValue(), 'router');
    assert.deepEqual(await form.getByLabel(/^Mode/).locator('option').allInnerTexts(), ['router', 'bridge']);
    assert.equal(await form.getByLabel(/^Administrator password/).getAttribute('type'), 'password');
    await studio.screenshot('package-properties');
    assert.deepEqual(await axeViolations(studio.page), []);

    assert.match(await (await openSection(studio.page, 'EULA')).innerText(), /ACME END USER LICENCE AGREEMENT/);

    const pkg = await (await openSection(studio.page, 'Package')).innerText();
    assert.match(pkg, /tar archive \(ustar\)/);
    const order = [...pkg.matchAll(/^\d+\s+(\S+)\s+(Descriptor|Manifest|Certificate|Disk)/gm)].map((m) => m[2]);
    assert.deepEqual(order, ['Descriptor', 'Manifest', 'Certificate', 'Disk']);
    await studio.screenshot('package-structure');

    await openSection(studio.page, 'Hardware');
    await activeScreen(studio.page).getByRole('button', { name: /Show line \d+ in the descriptor/ }).first().click();
    const focused = activeScreen(studio.page).locator('.code-line.focused');
    await focused.waitFor();
    assert.match(await focused.innerText(), /<Item ovf:configuration="small">/);
    assert.ok((await activeScreen(studio.page).locator('.code-line .tok-attr').count()) > 0, 'attributes are highlighted');
    await studio.screenshot('package-descriptor-at-line');
    assert.deepEqual(await axeViolations(studio.page), []);
    assert.deepEqual(studio.errors, []);
  } finally {
    await studio.close();
  }
});

test('an appliance with 600 properties keeps the deploy form virtualised: few fields in the page, the last one reachable', { skip }, async () => {
  const dir = fixtureDir();
  const appliance = await writeApplianceFolder(dir, { extraProperties: 600, name: 'many-properties' });
  const studio = await openStudio();
  try {
    await studio.drop([appliance.dir]);
    await settled(studio.page);
    const tab = activeScreen(studio.page).getByRole('tab', { name: /^Properties/ });
    assert.match(await tab.innerText(), /603/);
    const form = await openSection(studio.page, 'Properties');
    const drawn = await form.locator('.property-field').count();
    assert.ok(drawn > 0 && drawn < 60, `only the visible fields are drawn (${drawn})`);
    await form.locator('.virtual-list').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
      element.dispatchEvent(new Event('scroll'));
    });
    await form.getByLabel(/^Option 599/).waitFor();
    assert.equal(await form.getByLabel(/^Option 599/).inputValue(), 'value 599');
    await studio.screenshot('package-600-properties');
  } finally {
    await studio.close();
  }
});
