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
