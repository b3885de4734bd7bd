// A VDI's data in an XVA: tar members "<id>/NNNNNNNN" of at most 1 MiB, each followed by
// "<id>/NNNNNNNN.checksum" (SHA-1, lower-case hex) or ".xxhash" (XXH64, 16 upper-case hex digits).
// Placement follows xapi's importer (stream_vdi.ml recv_all_vdi), the reader every export is
// written for: numbers rise in archive order; a gap of k numbers is k MiB of zeros (the exporter
// leaves all-zero chunks out, but always writes the first and the last); a member is placed right
// after the previous one plus the gap, so an empty member (the exporter's keep-alive on a slow
// stream) takes a number without taking space. Data past the VDI's virtual size is an error.
import type { Finding } from '../../common/finding.ts';
import type { TarMember } from '../package/tar-index.ts';

export const CHUNK_SIZE = 1024 * 1024;

export type ChecksumKind = 'sha1' | 'xxh64';

export interface Chunk {
  /** The number in the member name. */
  readonly number: number;
  /** Where its bytes go in the virtual disk. */
  readonly offset: number;
  readonly member: TarMember;
  readonly checksum?: { readonly kind: ChecksumKind; readonly member: TarMember };
}

export interface ChunkMap {
  /** The tar folder, which is the VDI's id in ova.xml ("Ref:9"). */
  readonly ref: string;
  /** Chunks holding data, in ascending offset order (empty members are not listed). */
  readonly chunks: readonly Chunk[];
  /** Bytes stored in the archive (chunk data, not checksums). */
  readonly storedBytes: number;
  /** Where the data ends: offset + size of the last chunk. */
  readonly end: number;
  readonly findings: readonly Finding[];
}

const chunkName = /^(\d{1,9})(?:\.(checksum|xxhash))?$/;

/** Groups the archive's members by folder: every folder but ova.xml's is a VDI's chunk stream. */
export function chunkFolders(members: readonly TarMember[]): Map<string, TarMember[]> {
  const folders = new Map<string, TarMember[]>();
  for (const member of members) {
    const slash = member.name.indexOf('/');
    if (slash < 0) continue;
    const ref = member.name.slice(0, slash);
    const list = folders.get(ref);
    if (list) list.push(member);
    else folders.set(ref, [member]);
  }
  return folders;
}

/**
 * Places `members` (one folder, in archive order) on a disk of `virtualSize` bytes, or of unknown
 * size. Every problem is a finding naming the member; a chunk that cannot be placed is left out.
 */
export function chunkMap(ref: string, members: readonly TarMember[], virtualSize: number | undefined, file: string): ChunkMap {
  const findings: Finding[] = [];
  const finding = (code: string, member: TarMember, message: string) => findings.push({ code, severity: 'error', message, location: { file, path: member.name, offset: member.headerOffset } });
  const checksums = new Map<string, TarMember>();
  const data: { number: number; member: TarMember }[] = [];
  for (const member of members) {
    const match = chunkName.exec(member.name.slice(ref.length + 1));
    if (!match) {
      finding('XVA_CHUNK_NAME', member, `member "${member.name}" is not a chunk (expected ${ref}/ and up to nine digits, optionally .checksum or .xxhash); it is ignored`);
      continue;
    }
    if (match[2]) checksums.set(`${match[1]}.${match[2]}`, member);
    else data.push({ number: Number(match[1]), member });
  }
  const chunks: Chunk[] = [];
  let offset = 0;
  let last = -1;
  let storedBytes = 0;
  const unchecked: TarMember[] = [];
  for (const { number, member } of data) {
    if (number <= last) {
      finding('XVA_CHUNK_ORDER', member, `chunk "${member.name}" comes after chunk ${last}: xapi reads chunks in rising order and refuses this archive`);
      continue;
    }
    if (member.size > CHUNK_SIZE) {
      finding('XVA_CHUNK_TOO_LARGE', member, `chunk "${member.name}" holds ${member.size} bytes, more than the 1 MiB (${CHUNK_SIZE}) a chunk may hold`);
      continue;
    }
    const at = offset + (number - last - 1) * CHUNK_SIZE;
    last = number;
    if (member.size === 0) continue;
    if (virtualSize !== undefined && at + member.size > virtualSize) {
      finding('XVA_CHUNK_BEYOND_END', member, `chunk "${member.name}" would hold bytes ${at} to ${at + member.size} of a ${virtualSize}-byte disk: past its end`);
      continue;
    }
    offset = at + member.size;
    storedBytes += member.size;
    const sha1 = checksums.get(`${digitsOf(member)}.checksum`);
    const xxhash = checksums.get(`${digitsOf(member)}.xxhash`);
    const checksum = sha1 ? { kind: 'sha1' as const, member: sha1 } : xxhash ? { kind: 'xxh64' as const, member: xxhash } : undefined;
    if (!checksum) unchecked.push(member);
    chunks.push({ number, offset: at, member, ...(checksum ? { checksum } : {}) });
  }
  const firstUnchecked = unchecked[0];
  if (firstUnchecked) {
    // One finding per disk: exports without inline checksums (export_vsn 0) have none on any chunk.
    findings.push({
      code: 'XVA_CHECKSUM_MISSING',
      severity: 'warning',
      message: `${unchecked.length} of ${unchecked.length + chunks.filter((c) => c.checksum).length} chunks of ${ref} have no .checksum or .xxhash member (the first is "${firstUnchecked.name}"): they cannot be verified`,
      location: { file, path: firstUnchecked.name },
    });
  }
  return { ref, chunks, storedBytes, end: offset, findings };
}

/** The digits of a chunk member's name, as its checksum member repeats them. */
function digitsOf(member: TarMember): string {
  return member.name.slice(member.name.lastIndexOf('/') + 1);
}
