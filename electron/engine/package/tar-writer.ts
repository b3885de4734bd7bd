// Lays out and encodes an OVA's tar structure. Writing is positional: the whole layout is known
// from the member sizes before any data is copied, which lets the packer reserve the manifest and
// certificate slots right after the descriptor and fill them in once the disks have been hashed.
// Every header uses the same owner, mode and time, so identical inputs give identical bytes.
import { inputError } from '../errors.ts';
import { BLOCK, encodeFileHeader, paddedSize } from './tar-header.ts';

export interface TarEntry {
  readonly name: string;
  readonly size: number;
}

export interface PlacedEntry extends TarEntry {
  readonly headerOffset: number;
  readonly dataOffset: number;
}

export interface TarLayout {
  readonly entries: readonly PlacedEntry[];
  /** Offset of the end-of-archive marker. */
  readonly endOffset: number;
  /** Size of the whole archive: the entries, two zero blocks, padding to a 10 KiB record. */
  readonly totalSize: number;
}

/** GNU tar's default record: 20 blocks. Archives padded to it are what every tar reader expects. */
const RECORD = 20 * BLOCK;

export function layoutTar(entries: readonly TarEntry[]): TarLayout {
  const placed: PlacedEntry[] = [];
  let at = 0;
  for (const entry of entries) {
    placed.push({ ...entry, headerOffset: at, dataOffset: at + BLOCK });
    at += BLOCK + paddedSize(entry.size);
  }
  const totalSize = Math.ceil((at + 2 * BLOCK) / RECORD) * RECORD;
  return { entries: placed, endOffset: at, totalSize };
}

export interface HeaderStamp {
  /** Seconds since 1970; the same for every member. */
  readonly mtime: number;
}

export function memberHeader(entry: TarEntry, stamp: HeaderStamp): Buffer {
  return encodeFileHeader({ name: entry.name, size: entry.size, mode: 0o644, mtime: stamp.mtime, uid: 0, gid: 0, uname: 'root', gname: 'root' });
}

/** The zero padding after a member's data, up to the next block. */
export function memberPadding(size: number): Buffer {
  return Buffer.alloc(paddedSize(size) - size);
}

/** Zero blocks from the end of the last member to the end of the archive. */
export function tarTrailer(layout: TarLayout): Buffer {
  return Buffer.alloc(layout.totalSize - layout.endOffset);
}

/**
 * A member name every importer accepts: one path component (no folders: Proxmox and VirtualBox
 * look at the root only), printable ASCII without characters Windows forbids, at most 100 bytes so
 * it fits the ustar name field without GNU or pax extension headers (virt-v2v assumes one header
 * block per member).
 */
export function checkMemberName(name: string, where: string): void {
  const reason =
    name.length === 0
      ? 'it is empty'
      : name.length > 100
        ? `it is ${name.length} bytes long; tar and importers allow 100`
        : name === '.' || name === '..'
          ? 'it is a relative folder reference'
          : /[/\\]/.test(name)
            ? 'it contains a folder separator; package files must sit at the package root'
            : /[^\x20-\x7e]/.test(name)
              ? 'it contains non-ASCII or control characters'
              : /[:*?"<>|]/.test(name)
                ? 'it contains a character Windows forbids in file names (: * ? " < > |)'
                : undefined;
  if (reason) throw inputError('PACKAGE_BAD_NAME', `file name "${name}" cannot go into a package: ${reason}`, { file: where });
}
