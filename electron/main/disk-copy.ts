// Brings a disk image into a project folder: under disks/, with a free name, copied block by
// block with progress and cancel, all-zero blocks left as holes so a sparse image stays sparse,
// written to a temporary name and renamed at the end.
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Progress } from '../common/progress.ts';
import { fileError } from '../engine/errors.ts';
import { ProgressMeter, throwIfCancelled } from '../engine/job.ts';
import { isAllZero } from '../engine/zeros.ts';

export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** `disks/name.vmdk`, or `disks/name-2.vmdk` when that is taken by another file. */
export async function freeName(dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n += 1) {
    const candidate = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    if (!(await stat(candidate).then(() => true, () => false))) return candidate;
  }
}

const copyBlock = 1024 * 1024;

/** Copies an image, leaving all-zero blocks as holes so a sparse disk stays sparse; temp name, then rename. */
export async function copySparse(from: string, to: string, job: { signal: AbortSignal; onProgress: (progress: Progress) => void }): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  const temp = `${to}.partial`;
  const input = await open(from, 'r').catch((error: unknown) => Promise.reject(fileError(error, from)));
  try {
    const size = (await input.stat()).size;
    const meter = new ProgressMeter(size, job.onProgress);
    meter.setLabel(basename(from));
    const output = await open(temp, 'w');
    try {
      const buffer = Buffer.alloc(copyBlock);
      for (let offset = 0; offset < size; ) {
        throwIfCancelled(job.signal, `copying ${basename(from)}`);
        const { bytesRead } = await input.read(buffer, 0, Math.min(copyBlock, size - offset), offset);
        if (bytesRead === 0) break;
        const block = buffer.subarray(0, bytesRead);
        if (!isAllZero(block)) await output.write(block, 0, bytesRead, offset);
        offset += bytesRead;
        meter.add(bytesRead);
      }
      await output.truncate(size);
    } finally {
      await output.close();
    }
    meter.flush();
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    await input.close();
  }
}
