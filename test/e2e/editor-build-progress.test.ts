// The build panel while a build runs: one row per target with its own bar, bytes, rate and time
// left (the engine counts the shared disk conversion for both targets), then a cancel that leaves
// the output folder empty; a build that fails keeps its rows, each target marked failed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeDisk } from '../fixtures/disks.ts';
import { cli } from '../support/cli.ts';
import { axeViolations } from './axe.ts';
import { editorSection, openProjectInEditor, waitSaved } from './editor-page.ts';
import { chromiumMissingReason, closeBrowser, openStudio } from './harness.ts';

const skip = chromiumMissingReason();
after(closeBrowser);

/** A project folder for VMware ESXi and KVM whose one disk holds `bytes` of random data. */
async function project(bytes: number): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'editor-progress-')), 'appliance');
  mkdirSync(join(dir, 'disks'), { recursive: true });
  await writeDisk(join(dir, 'disks', 'system.img'), [{ pattern: 'random', length: bytes }]);
  const init = await cli(['init', dir, '--name', 'Acme Probe', '--os', 'debian-64', '--disk', join(dir, 'disks', 'system.img'), '--target', 'vmware-esxi', 'kvm']);
  assert.equal(init.code, 0, init.stderr);
  return dir;
}

test('a running build shows a row per target with bytes, rate and time left, and cancelling it leaves nothing', { skip, timeout: 120_000 }, async () => {
  // Random bytes do not compress: 512 MiB of them take seconds to convert even on a fast machine,
  // long enough to watch, screenshot, run axe and cancel.
  const dir = await project(512 * 1024 * 1024);

  const studio = await openStudio({ viewport: { width: 1440, height: 960 } });
  const { page } = studio;
  try {
    await openProjectInEditor(page, dir);
    await waitSaved(page);
    await editorSection(page, 'Build').click();
    await page.getByRole('button', { name: 'Build 2 targets' }).click();

    const rows = page.getByRole('table', { name: 'Progress per target' });
    const esxi = rows.getByRole('row', { name: /VMware ESXi/ });
    const kvm = rows.getByRole('row', { name: /KVM/ });
    // Both rows count the one conversion they share, each with its own rate and time left.
    for (const row of [esxi, kvm]) {
      await row.filter({ hasText: 'Converting disks' }).filter({ hasText: /\d+(\.\d+)? [KMG]iB of \d+(\.\d+)? [MG]iB/ }).filter({ hasText: /[KMG]iB\/s/ }).filter({ hasText: /\d+s$/ }).waitFor({ timeout: 30_000 });
      assert.ok(Number(await row.getByRole('progressbar').getAttribute('value')) > 0);
    }
    await studio.screenshot('editor-build-progress');
    assert.deepEqual(await axeViolations(page), []);

    await page.getByRole('button', { name: 'Cancel build' }).click();
    await page.getByRole('status').filter({ hasText: 'Build cancelled; nothing was left in the output folder.' }).waitFor({ timeout: 30_000 });
    assert.equal(await rows.count(), 0, 'the rows go with the build');
    const builds = readdirSync(join(dir, 'out'));
    assert.equal(builds.length, 1);
    assert.deepEqual(readdirSync(join(dir, 'out', builds[0] ?? '')), [], 'the output folder holds nothing');
  } finally {
    await studio.close();
  }
});

test('a build that fails keeps its rows, every unfinished target marked failed', { skip, timeout: 120_000 }, async () => {
  const dir = await project(2 * 1024 * 1024);
  // The studio builds into out/<time>: with a file named out in the way, the build fails as it starts.
  writeFileSync(join(dir, 'out'), 'not a folder');
  const studio = await openStudio({ viewport: { width: 1440, height: 960 } });
  const { page } = studio;
  try {
    await openProjectInEditor(page, dir);
    await waitSaved(page);
    await editorSection(page, 'Build').click();
    await page.getByRole('button', { name: 'Build 2 targets' }).click();
    await page.getByRole('alert').filter({ hasText: `The build failed: ${join(dir, 'out')}` }).filter({ hasText: 'a part of the path is not a folder' }).waitFor({ timeout: 30_000 });
    const rows = page.getByRole('table', { name: 'Progress per target' });
    // Each row still says how much its target had to do: the disk it shares with the other.
    for (const name of [/VMware ESXi/, /KVM/]) await rows.getByRole('row', { name }).filter({ hasText: 'Failed' }).filter({ hasText: /0 B of [1-9][\d.]* MiB/ }).waitFor();
    await studio.screenshot('editor-build-failed');
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await studio.close();
  }
});
