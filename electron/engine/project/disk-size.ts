// The guest-visible size of each disk source, which rules and builds need before any conversion.
import { stat } from 'node:fs/promises';
import { fileError } from '../errors.ts';
import type { LoadedProject } from './file.ts';
import { projectFile } from './file.ts';

export async function measureDisks(loaded: LoadedProject): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const system of loaded.project.systems) {
    for (const disk of system.disks) {
      if (!disk.source) continue;
      const file = projectFile(loaded.dir, disk.source);
      try {
        sizes.set(`${system.id}/${disk.id}`, await virtualSize(file));
      } catch (error) {
        // A missing source is reported as a finding (PROJECT_FILE_MISSING), not as a failure here.
        if (fileError(error, file).code !== 'FILE_ENOENT') throw fileError(error, file);
      }
    }
  }
  return sizes;
}

async function virtualSize(file: string): Promise<number> {
  return (await stat(file)).size;
}
