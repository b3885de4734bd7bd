import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { initProject } from '../../../../electron/engine/project/init.ts';
import { guestOsNames } from '../../../../electron/engine/project/os.ts';

test('init writes a commented project that loads, for every OS name', async () => {
  for (const os of guestOsNames) {
    const dir = join(mkdtempSync(join(tmpdir(), 'init-')), 'new');
    const loaded = await initProject(dir, { name: 'Édition "Spéciale"', os, targets: ['hyperv', 'gce'] });
    assert.equal(loaded.project.product.name, 'Édition "Spéciale"');
    assert.equal(loaded.project.systems[0]?.os, os);
    const text = readFileSync(join(dir, 'appliance.yaml'), 'utf8');
    assert.match(text, /^# Appliance Studio project/);
    assert.match(text, /# Settings the deployer fills in/);
  }
});

test('init references a disk inside the folder by its relative path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'init-'));
  writeFileSync(join(dir, 'system.raw'), Buffer.alloc(512));
  const loaded = await initProject(dir, { name: 'x', os: 'linux-64', disk: join(dir, 'system.raw'), targets: [] });
  assert.equal(loaded.project.systems[0]?.disks[0]?.source, 'system.raw');
});

test('init refuses a disk outside the project folder and never overwrites a project', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'init-'));
  await assert.rejects(initProject(join(dir, 'p'), { name: 'x', os: 'linux-64', disk: join(dir, 'elsewhere.raw'), targets: [] }), (e: unknown) => e instanceof EngineError && e.code === 'PROJECT_PATH_OUTSIDE');
  await initProject(dir, { name: 'first', os: 'linux-64', targets: [] });
  await assert.rejects(initProject(dir, { name: 'second', os: 'linux-64', targets: [] }), (e: unknown) => e instanceof EngineError && e.code === 'PROJECT_EXISTS');
  assert.match(readFileSync(join(dir, 'appliance.yaml'), 'utf8'), /"first"/);
});
