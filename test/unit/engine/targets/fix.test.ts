import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { LoadedProject } from '../../../../electron/engine/project/file.ts';
import { applyFixes } from '../../../../electron/engine/targets/fix.ts';
import { checkProject, selectTargets } from '../../../../electron/engine/targets/index.ts';
import { writeProject } from './projects.ts';

const check = async (loaded: LoadedProject) => checkProject(loaded, selectTargets(loaded), new Map());

const yaml = `# My router appliance
format: 1
product:
  name: Router # shown in the deploy wizard
systems:
  - id: router
    name: Router
    os: linux-64
    firmware: bios # old bootloader
    secureBoot: true
    cpus: 2
    memoryMiB: 512
    controllers: [{ id: scsi0, type: scsi }]
    disks:
      - { id: system, capacityMiB: 100, controller: scsi0, unit: 0 }
    nics:
      - network: LAN # inside
      - network: WAN # outside
targets:
  # Hyper-V for the Windows shops
  - id: hyperv
  - id: gce
`;

test('--fix applies every automatic fix, keeps the comments, and leaves no fixable finding', async () => {
  const loaded = await writeProject(yaml);
  const { applied, project } = await applyFixes(loaded, check);
  assert.deepEqual(applied.map((f) => f.code).sort(), [
    'PROJECT_NETWORK_UNDECLARED',
    'PROJECT_NETWORK_UNDECLARED',
    'PROJECT_SECURE_BOOT_NEEDS_EFI',
    'TARGET_DISK_SIZE_ALIGNMENT',
  ]);
  const text = readFileSync(project.file, 'utf8');
  for (const comment of ['# My router appliance', '# shown in the deploy wizard', '# old bootloader', '# inside', '# outside', '# Hyper-V for the Windows shops']) {
    assert.ok(text.includes(comment), comment);
  }
  assert.equal(project.project.systems[0]?.firmware, 'efi');
  assert.deepEqual(project.project.networks.map((n) => n.name), ['LAN', 'WAN']);
  assert.equal(project.project.systems[0]?.disks[0]?.capacityMiB, 1024);
  const after = checkProject(project, selectTargets(project), new Map());
  assert.deepEqual(after.filter((f) => f.fix).map((f) => f.code), []);
});

test('a project with nothing to fix is not rewritten', async () => {
  const loaded = await writeProject(yaml.replace('firmware: bios # old bootloader', 'firmware: efi').replace('capacityMiB: 100', 'capacityMiB: 1024').replace('targets:', 'networks: [{ name: LAN }, { name: WAN }]\ntargets:'));
  const before = readFileSync(loaded.file, 'utf8');
  const { applied } = await applyFixes(loaded, check);
  assert.deepEqual(applied, []);
  assert.equal(readFileSync(loaded.file, 'utf8'), before);
});
