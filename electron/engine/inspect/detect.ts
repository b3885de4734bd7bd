// What kind of file was dropped: decided from the bytes first (magic numbers at their documented
// offsets, see ../shared/reference/disk-formats.md), the name second, so a renamed file is still
// recognised and a hostile one cannot pick its own parser by its extension.
import { open, readdir, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { InputKind } from '../../common/inspection.ts';
import { fileError } from '../errors.ts';

export interface Detected {
  readonly kind: InputKind;
  readonly size: number;
  readonly mtimeMs: number;
  readonly isFolder: boolean;
}

/** Enough for every signature we look for: ISO 9660's volume descriptor sits at 32 KiB + 1. */
const HEAD_BYTES = 34 * 1024;
const TAIL_BYTES = 512;

/** Decides from the first bytes, the last 512 bytes and the name. Pure: unit-tested byte for byte. */
export function kindOfBytes(head: Buffer, tail: Buffer, name: string): InputKind {
  const ascii = (at: number, length: number) => head.toString('latin1', at, at + length);
  if (ascii(257, 5) === 'ustar' || (head.length >= 512 && tarChecksumMatches(head))) {
    // XenServer's XVA is a tar whose first member is ova.xml; everything else is an OVA.
    return ascii(0, 8) === 'ova.xml\0' ? 'xva' : 'ova';
  }
  // `xe vm-export compress=gzip|zstd` compresses the whole XVA; its reader says how to decompress it.
  if (compressionOf(head) && extname(name).toLowerCase() === '.xva') return 'xva';
  if (ascii(0, 4) === 'KDMV' || ascii(0, 4) === 'COWD' || /^\s*# Disk DescriptorFile/.test(ascii(0, 64))) return 'vmdk';
  if (ascii(0, 8) === 'vhdxfile') return 'vhdx';
  if (ascii(0, 4) === 'QFI\xfb') return 'qcow2';
  if (ascii(0, 8) === 'conectix' || tail.toString('latin1', tail.length - 512, tail.length - 504) === 'conectix') return 'vhd';
  if (ascii(0x8001, 5) === 'CD001') return 'iso';
  if (looksLikeOvf(head)) return 'ovf';
  const extension = extname(name).toLowerCase();
  if (extension === '.ovf') return 'ovf';
  if (['.img', '.raw', '.bin', '.dd'].includes(extension)) return 'raw';
  return 'unknown';
}

/** Whole-file compression, as xapi's export (VM.export compress=gzip|zstd) wraps an XVA's tar. */
export function compressionOf(head: Buffer): 'gzip' | 'zstd' | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return undefined;
}

/** An XML document (any encoding with an ASCII-compatible start, or UTF-16) whose root is an Envelope. */
function looksLikeOvf(head: Buffer): boolean {
  const sample = head[0] === 0xff || head[0] === 0xfe || head[1] === 0 ? head.toString('utf16le', 0, 4096).replace(/\0/g, '') : head.toString('latin1', 0, 4096);
  return /^\s*(\uFEFF|ï»¿)?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<([\w.-]+:)?Envelope[\s>]/.test(sample);
}

/** Old v7 tar headers have no magic; their checksum still identifies them. */
function tarChecksumMatches(head: Buffer): boolean {
  const field = head.toString('latin1', 148, 156).replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (head[i] ?? 0);
  return sum === Number.parseInt(field, 8) && head[0] !== 0;
}

export async function detectKind(path: string): Promise<Detected> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw fileError(error, path);
  }
  if (info.isDirectory()) {
    const names = await readdir(path).catch((error: unknown) => Promise.reject(fileError(error, path)));
    const hasDescriptor = names.some((name) => extname(name).toLowerCase() === '.ovf');
    return { kind: hasDescriptor ? 'ovf-folder' : 'unknown', size: 0, mtimeMs: Math.trunc(info.mtimeMs), isFolder: true };
  }
  const handle = await open(path, 'r').catch((error: unknown) => Promise.reject(fileError(error, path)));
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(TAIL_BYTES, info.size));
    await handle.read(tail, 0, tail.length, info.size - tail.length);
    return { kind: kindOfBytes(head, tail, path), size: info.size, mtimeMs: Math.trunc(info.mtimeMs), isFolder: false };
  } finally {
    await handle.close();
  }
}
