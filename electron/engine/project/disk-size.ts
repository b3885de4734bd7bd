// What the rules and the build need to know about each disk source before any conversion: its
// guest-visible size, its format and its partition table (GCE wants one with a bootable partition).
import { inspectDisk } from '../disk/index.ts';
import { fileError } from '../errors.ts';
import type { LoadedProject } from './file.ts';
import { projectFile } from './file.ts';

export interface SourceDisk {
  readonly virtualSize: number;
  readonly format: string;
  readonly partitionTable: 'mbr' | 'gpt' | 'none';
  readonly bootablePartition: boolean;
}

/** Facts of every disk source that exists, keyed by "system/disk"; missing ones are left to PROJECT_FILE_MISSING. */
export async function measureDisks(loaded: LoadedProject): Promise<Map<string, SourceDisk>> {
  const sizes = new Map<string, SourceDisk>();
  for (const system of loaded.project.systems) {
    for (const disk of system.disks) {
      if (!disk.source) continue;
      const file = projectFile(loaded.dir, disk.source);
      try {
        const facts = await inspectDisk(file);
        sizes.set(`${system.id}/${disk.id}`, {
          virtualSize: facts.virtualSize,
          format: facts.format,
          partitionTable: facts.partitionTable,
          // An MBR active flag, or any GPT (UEFI boots from its EFI system partition).
          bootablePartition: facts.partitions.some((p) => p.bootable === true || p.scheme === 'gpt'),
        });
      } catch (error) {
        if (fileError(error, file).code !== 'FILE_ENOENT') throw error;
      }
    }
  }
  return sizes;
}
