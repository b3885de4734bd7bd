// Detection by content, never by extension: every format module gives a confidence, probed in the
// order that avoids false positives (see the reference's cheat-sheet); raw is what remains.
import { inputError } from '../errors.ts';
import { DiskFile } from './disk-file.ts';
import { isoFormat } from './iso9660.ts';
import { qcow2Format } from './qcow2.ts';
import { rawFormat } from './raw.ts';
import type { DiskReader, FormatModule, ProbeResult } from './types.ts';
import { vhdFormat } from './vhd.ts';
import { vhdxFormat } from './vhdx.ts';
import { vmdkFormat } from './vmdk.ts';

export const formats: readonly FormatModule[] = [vhdxFormat, qcow2Format, vmdkFormat, vhdFormat, isoFormat, rawFormat];

const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 1536;

/** Every format's confidence for this file, most likely first. */
export async function probeFile(file: DiskFile): Promise<ProbeResult[]> {
  const head = await file.readUpTo(0, HEAD_BYTES);
  const tail = await file.readUpTo(Math.max(0, file.size - TAIL_BYTES), TAIL_BYTES);
  return formats.map((format) => ({ format: format.name, confidence: format.probe(head, tail, file.size) })).filter((r) => r.confidence > 0).sort((a, b) => b.confidence - a.confidence);
}

export interface OpenedDisk {
  readonly reader: DiskReader;
  readonly confidence: number;
  readonly file: DiskFile;
}

/** Opens `path` with the most likely format; closes the file again when that fails. */
export async function openDisk(path: string): Promise<OpenedDisk> {
  return openDiskFile(await DiskFile.open(path));
}

/** Opens an already open file (or a window onto a package member); closes it when that fails. */
export async function openDiskFile(file: DiskFile): Promise<OpenedDisk> {
  try {
    const [best] = await probeFile(file);
    const format = formats.find((f) => f.name === best?.format);
    if (!best || !format) throw inputError('DISK_UNKNOWN_FORMAT', 'the disk format is not recognised', { file: file.path });
    return { reader: await format.open(file), confidence: best.confidence, file };
  } catch (error) {
    await file.close().catch(() => undefined);
    throw error;
  }
}
