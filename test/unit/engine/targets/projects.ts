// Projects made in code for the rule tests: a valid single-VM appliance, changed per test.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { loadProject, type LoadedProject } from '../../../../electron/engine/project/file.ts';
import type { ProjectInput } from '../../../../electron/engine/project/schema.ts';

export function baseProject(): ProjectInput {
  return {
    format: 1,
    product: { name: 'Acme Router', vendor: 'Acme', version: '1.0' },
    networks: [{ name: 'VM Network' }],
    systems: [
      {
        id: 'router',
        name: 'Acme Router',
        os: 'debian-64',
        firmware: 'efi',
        cpus: 2,
        memoryMiB: 1024,
        controllers: [{ id: 'scsi0', type: 'scsi' }],
        disks: [{ id: 'system', capacityMiB: 1024, controller: 'scsi0', unit: 0 }],
        nics: [{ network: 'VM Network', model: 'e1000' }],
      },
    ],
    targets: [],
  };
}

/** small (default), medium, large; a system disk everywhere, a data disk sized per option, a log disk only in large. */
export function sizedProject(): ProjectInput {
  const input = baseProject();
  const system = input.systems[0];
  if (!system) throw new Error('baseProject has a system');
  system.disks = [
    { id: 'system', capacityMiB: 1024, controller: 'scsi0', unit: 0 },
    { id: 'data', capacityMiB: 2048, optionCapacityMiB: { large: 8192 }, controller: 'scsi0', unit: 1 },
    { id: 'logs', capacityMiB: 512, options: ['large'], controller: 'scsi0', unit: 2 },
  ];
  input.deploymentOptions = [
    { id: 'small', label: 'Small', description: 'Two CPUs' },
    { id: 'medium', label: 'Medium', description: 'Two CPUs, more memory', default: true, systems: { router: { memoryMiB: 2048 } } },
    { id: 'large', label: 'Large', description: 'Four CPUs', systems: { router: { cpus: 4, memoryMiB: 4096 } } },
  ];
  return input;
}

/** Writes appliance.yaml (and any extra files) into a fresh folder and loads it. */
export async function writeProject(project: ProjectInput | string, files: Record<string, string | Buffer> = {}): Promise<LoadedProject> {
  const dir = mkdtempSync(join(tmpdir(), 'project-'));
  writeFileSync(join(dir, 'appliance.yaml'), typeof project === 'string' ? project : stringify(project));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return loadProject(dir);
}
