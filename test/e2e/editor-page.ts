// What the editor's tests and the snapshot tool do on the project editor, in one place.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** A project folder (holding appliance.yaml) or the appliance.yaml itself. */
export function isProjectPath(path: string): boolean {
  if (basename(path) === 'appliance.yaml') return existsSync(path);
  return existsSync(path) && statSync(path).isDirectory() && existsSync(join(path, 'appliance.yaml'));
}

export function editorSection(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Project sections' }).getByRole('button', { name: new RegExp(`^${name}`) });
}

/**
 * Opens a project from the Projects page and shows its Properties section: the designer, the
 * deploy-form preview and the targets panel, once the engine has checked the project.
 */
export async function openProjectInEditor(page: Page, path: string, timeout = 20_000): Promise<void> {
  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  await page.getByLabel('Project folder or appliance.yaml').fill(path);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('navigation', { name: 'Project sections' }).waitFor({ timeout });
  await editorSection(page, 'Properties').click();
  await page.getByRole('region', { name: 'Deploy form preview' }).waitFor({ timeout });
  await page.getByRole('list', { name: 'Targets' }).waitFor({ timeout });
}

export function targetBadge(page: Page, title: string): Locator {
  return page.getByRole('img', { name: new RegExp(`^${title}: `) });
}

/** Waits for autosave to have written the draft to appliance.yaml. */
export async function waitSaved(page: Page, timeout = 15_000): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor({ timeout });
}

/** Drops files on one element (not the window), as a user dragging disk images onto the disks list. */
export async function dropOn(page: Page, target: Locator, paths: readonly string[]): Promise<void> {
  const files = paths.map((path) => ({ name: basename(path), path }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    const dropped = (window as unknown as { __applianceDroppedPaths: Map<string, string> }).__applianceDroppedPaths;
    for (const { name, path } of list) {
      dropped.set(name, path);
      transfer.items.add(new File([], name));
    }
    return transfer;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
}

/** Starts a build from the Build section (`button`: "Build 1 target", ...) and waits for its result. */
export async function buildFromEditor(page: Page, button: string): Promise<void> {
  await editorSection(page, 'Build').click();
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('region', { name: 'Build result' }).waitFor({ timeout: 60_000 });
}

/** The descriptor of the OVA in a target's output folder, as GNU tar extracts it. */
export function builtDescriptor(folder: string): string {
  const ova = join(folder, readdirSync(folder).find((name) => name.endsWith('.ova')) ?? 'missing.ova');
  const ovf = execFileSync('tar', ['-tf', ova], { encoding: 'utf8' }).split('\n').find((name) => name.endsWith('.ovf'));
  assert.ok(ovf, `${ova} holds a descriptor`);
  return execFileSync('tar', ['-xOf', ova, ovf], { encoding: 'utf8' });
}
