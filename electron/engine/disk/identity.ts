// The identifiers and times a disk writer invents (VMDK content ids, VHD and VHDX GUIDs, the VHD
// timestamp). With WriterOptions.seed they are derived from it, so the same source and seed give
// byte-identical disks (reproducible builds); without it they are random, as each format intends.
import { createHash, randomBytes } from 'node:crypto';
import type { WriterOptions } from './types.ts';

/** `length` bytes for the identifier called `purpose`. */
export function uniqueBytes(options: WriterOptions, purpose: string, length = 16): Buffer {
  if (options.seed === undefined) return randomBytes(length);
  return createHash('sha256').update(options.seed).update('\0').update(purpose).digest().subarray(0, length);
}

/** When the disk claims to have been made. */
export function creationTime(options: WriterOptions): Date {
  return options.time ?? new Date();
}
