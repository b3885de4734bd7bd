// Verifies an XVA the way xapi's importer does (stream_vdi.ml): every chunk hashed and compared
// with its checksum member, SHA-1 for ".checksum" (lower-case hex) and XXH64 for ".xxhash"
// (%016LX). One pass in archive order, so the file is read front to back once; progress counts
// chunk bytes, and the signal is honoured between chunks.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Finding } from '../../common/finding.ts';
import type { FileCheck, Verification } from '../../common/inspection.ts';
import { fileError } from '../errors.ts';
import { ProgressMeter, throwIfCancelled, type JobContext } from '../job.ts';
import { openXva } from './archive.ts';
import { CHUNK_SIZE, type Chunk, type ChecksumKind } from './chunks.ts';
import { xxh64 } from './xxh64.ts';

export interface ChunkMismatch {
  readonly member: string;
  readonly chunk: number;
  /** Where the chunk's bytes sit in the virtual disk. */
  readonly diskOffset: number;
  readonly algorithm: ChecksumKind;
  readonly expected: string;
  readonly actual: string;
}

export interface DiskVerification {
  readonly ref: string;
  readonly name: string;
  readonly chunks: number;
  readonly checked: number;
  /** Chunks without a checksum member. */
  readonly unchecked: number;
  readonly algorithms: readonly ChecksumKind[];
  readonly storedBytes: number;
  readonly mismatches: readonly ChunkMismatch[];
}

export interface XvaVerification {
  readonly path: string;
  /** No mismatch and no error in the archive's structure. */
  readonly ok: boolean;
  readonly disks: readonly DiskVerification[];
  /** Errors in the structure (chunks past the end, too large, out of order ...): the import would fail on them. */
  readonly structureErrors: readonly Finding[];
  readonly bytesHashed: number;
  readonly seconds: number;
}

/** A checksum member holds 40 or 16 hex digits; anything much longer is not one. */
const MAX_CHECKSUM_BYTES = 256;

interface Job {
  readonly chunk: Chunk;
  readonly disk: number;
}

export async function verifyXva(path: string, context: JobContext = {}): Promise<XvaVerification> {
  const started = performance.now();
  const archive = await openXva(path);
  const vdis = archive.model.vdis.filter((vdi) => archive.chunkMaps.has(vdi.ref));
  const counts = vdis.map(() => ({ checked: 0, mismatches: [] as ChunkMismatch[] }));
  const jobs: Job[] = vdis.flatMap((vdi, disk) => archive.chunkMaps.get(vdi.ref)!.chunks.filter((chunk) => chunk.checksum).map((chunk) => ({ chunk, disk })));
  jobs.sort((a, b) => a.chunk.member.offset - b.chunk.member.offset);
  const meter = new ProgressMeter(
    jobs.reduce((sum, job) => sum + job.chunk.member.size, 0),
    context.onProgress,
  );
  const handle = await open(path, 'r').catch((error: unknown) => Promise.reject(fileError(error, path)));
  const buffer = Buffer.alloc(CHUNK_SIZE);
  let bytesHashed = 0;
  try {
    for (const { chunk, disk } of jobs) {
      throwIfCancelled(context.signal, 'Verification');
      const checksum = chunk.checksum!;
      meter.setLabel(`${vdis[disk]!.name} (${chunk.member.name})`);
      const data = buffer.subarray(0, chunk.member.size);
      await handle.read(data, 0, data.length, chunk.member.offset);
      const actual = checksum.kind === 'sha1' ? createHash('sha1').update(data).digest('hex') : xxh64(data);
      const stored = Buffer.alloc(Math.min(checksum.member.size, MAX_CHECKSUM_BYTES));
      await handle.read(stored, 0, stored.length, checksum.member.offset);
      const expected = stored.toString('latin1').trim();
      counts[disk]!.checked += 1;
      if (expected.toLowerCase() !== actual.toLowerCase() || checksum.member.size > MAX_CHECKSUM_BYTES) {
        counts[disk]!.mismatches.push({ member: chunk.member.name, chunk: chunk.number, diskOffset: chunk.offset, algorithm: checksum.kind, expected: printable(expected), actual });
      }
      bytesHashed += data.length;
      meter.add(data.length);
    }
    meter.flush();
  } finally {
    await handle.close();
  }
  const disks = vdis.map((vdi, i): DiskVerification => {
    const map = archive.chunkMaps.get(vdi.ref)!;
    const algorithms = [...new Set(map.chunks.flatMap((chunk) => (chunk.checksum ? [chunk.checksum.kind] : [])))];
    return { ref: vdi.ref, name: vdi.name, chunks: map.chunks.length, checked: counts[i]!.checked, unchecked: map.chunks.length - counts[i]!.checked, algorithms, storedBytes: map.storedBytes, mismatches: counts[i]!.mismatches };
  });
  const structureErrors = archive.findings.filter((finding) => finding.severity === 'error');
  const ok = structureErrors.length === 0 && disks.every((disk) => disk.mismatches.length === 0);
  return { path, ok, disks, structureErrors, bytesHashed, seconds: (performance.now() - started) / 1000 };
}

function printable(text: string): string {
  const shown = text.slice(0, 80);
  return /^[\x20-\x7e]*$/.test(shown) ? shown : JSON.stringify(shown);
}

/** The studio's Verification: one row per disk, the first mismatch's digests, no signature (XVAs carry none). */
export function xvaVerification(result: XvaVerification, at = new Date()): Verification {
  const files: FileCheck[] = result.disks.map((disk) => {
    const first = disk.mismatches[0];
    return {
      name: `${disk.name} (${disk.ref}, ${disk.chunks} chunks)`,
      verdict: first ? 'mismatch' : disk.checked === 0 ? 'unchecked' : 'ok',
      ...(disk.algorithms[0] ? { algorithm: disk.algorithms[0] } : {}),
      ...(first ? { expected: `${first.member}: ${first.expected}`, actual: first.actual } : {}),
      size: disk.storedBytes,
    };
  });
  const damaged = result.disks.reduce((sum, disk) => sum + disk.mismatches.length, 0);
  const checked = result.disks.reduce((sum, disk) => sum + disk.checked, 0);
  const outcome = !result.ok ? 'damaged' : checked > 0 ? 'intact' : 'unverifiable';
  const summary =
    outcome === 'damaged'
      ? damaged > 0
        ? `${damaged} chunk${damaged === 1 ? '' : 's'} damaged`
        : `damaged structure: ${result.structureErrors[0]?.message ?? ''}`
      : outcome === 'intact'
        ? `intact (${checked} chunk${checked === 1 ? '' : 's'} checked)`
        : 'no chunk checksums';
  return {
    outcome,
    summary: `${summary}, unsigned`,
    files,
    signature: { verdict: 'absent', message: 'an XVA carries no signature: only its chunk checksums can be checked', chain: [] },
    verifiedAt: at.toISOString(),
  };
}

export async function verifyXvaForInspection(path: string, context: JobContext): Promise<Verification> {
  return xvaVerification(await verifyXva(path, context));
}
