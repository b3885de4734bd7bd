// A small appliance for build tests: a bootable raw disk (the shared fixture's boot sector plus one
// active MBR partition, so GCE's rule is met) in a project folder with the given targets.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ProjectInput } from '../../../electron/engine/project/schema.ts';
import { writeBootableDisk } from '../../fixtures/disks.ts';

export const diskBytes = 8 * 1024 * 1024;

/** Writes the boot sector disk and marks sectors 2048.. as one active Linux partition. */
export async function writePartitionedBootDisk(path: string, size = diskBytes): Promise<void> {
  await writeBootableDisk(path, size);
  const entry = Buffer.alloc(16);
  entry[0] = 0x80; // active
  entry[4] = 0x83; // Linux
  entry.writeUInt32LE(2048, 8);
  entry.writeUInt32LE(size / 512 - 2048, 12);
  const handle = await open(path, 'r+');
  try {
    await handle.write(entry, 0, 16, 446);
  } finally {
    await handle.close();
  }
}

export function applianceProject(targets: ProjectInput['targets'], changes: Partial<ProjectInput> = {}): ProjectInput {
  return {
    format: 1,
    product: { name: 'Acme Router', vendor: 'Acme', version: '1.0' },
    networks: [{ name: 'VM Network' }],
    systems: [
      {
        id: 'router',
        name: 'Acme Router',
        os: 'debian-64',
        firmware: 'bios',
        cpus: 1,
        memoryMiB: 64,
        controllers: [{ id: 'ide0', type: 'ide' }],
        disks: [{ id: 'system', source: 'disks/system.raw', controller: 'ide0', unit: 0 }],
        nics: [{ network: 'VM Network', model: 'e1000' }],
      },
    ],
    properties: [{ key: 'hostname', type: 'string', default: 'router', label: 'Host name' }],
    targets,
    ...changes,
  };
}

/** A project folder holding appliance.yaml and its disk. */
export async function writeAppliance(project: ProjectInput): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'build-project-'));
  mkdirSync(join(dir, 'disks'));
  await writePartitionedBootDisk(join(dir, 'disks', 'system.raw'));
  writeFileSync(join(dir, 'appliance.yaml'), stringify(project));
  return dir;
}
