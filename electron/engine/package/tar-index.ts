// Indexes a tar archive (an OVA) by reading its headers only: every member's name, size and data
// offset, so any member can then be read in place. A 50 GiB OVA costs a handful of 512-byte reads.
// Hostile archives are refused here, before anything reads their data: names that climb out or are
// absolute, links and device nodes, duplicates, sizes past the end of the file, truncation.
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { fileError, inputError } from '../errors.ts';
import { BLOCK, decodeTarHeader, isZeroBlock, paddedSize, parsePaxRecords, TarHeaderError, type TarMagic } from './tar-header.ts';

export interface TarMember {
  readonly name: string;
  /** Offset of the member's first header block (its pax or long-name header when it has one). */
  readonly headerOffset: number;
  /** Offset of the member's data. */
  readonly offset: number;
  readonly size: number;
  readonly mode: number;
  readonly mtime: number;
  /** How this member's header was written. */
  readonly magic: TarMagic;
  /** Extensions its header needed: GNU long name, pax records, base-256 size. */
  readonly extensions: readonly ('gnu-long-name' | 'pax' | 'base-256')[];
}

export interface TarIndex {
  readonly file: string;
  readonly fileSize: number;
  /** Regular files, in archive order; directory entries are skipped. */
  readonly members: readonly TarMember[];
  /** 'ustar' when every header is plain POSIX ustar, otherwise the extensions in use. */
  readonly dialect: string;
  /** The archive ended with the two zero blocks POSIX asks for (some writers stop short). */
  readonly endMarker: boolean;
}

/** Long names and pax records larger than this are hostile, not real. */
const MAX_EXTENDED_HEADER = 1024 * 1024;

export async function indexTar(file: string): Promise<TarIndex> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fileError(error, file);
  }
  try {
    const { size: fileSize } = await handle.stat();
    return await readHeaders(handle, file, fileSize);
  } catch (error) {
    throw fileError(error, file);
  } finally {
    await handle.close();
  }
}

async function readHeaders(handle: FileHandle, file: string, fileSize: number): Promise<TarIndex> {
  const members: TarMember[] = [];
  const seen = new Set<string>();
  const dialects = new Set<string>();
  const block = Buffer.alloc(BLOCK);
  let at = 0;
  let endMarker = false;
  let pending: { longName?: string; pax?: Map<string, string>; headerOffset?: number; extensions: TarMember['extensions'][number][] } = { extensions: [] };
  let globalPax = new Map<string, string>();

  if (fileSize >= 2) {
    await handle.read(block, 0, 2, 0);
    if (block[0] === 0x1f && block[1] === 0x8b) {
      throw inputError('TAR_COMPRESSED', 'this is a gzip-compressed file, not a tar archive: an OVA must be a plain (uncompressed) tar', { file, offset: 0 });
    }
    if (block[0] === 0x50 && block[1] === 0x4b) {
      throw inputError('TAR_ZIP', 'this is a zip archive, not a tar archive: an OVA must be a plain tar (nothing was extracted)', { file, offset: 0 });
    }
  }
  while (at < fileSize) {
    if (at + BLOCK > fileSize) throw inputError('TAR_TRUNCATED', `the archive ends inside a header block (${fileSize - at} of 512 bytes)`, { file, offset: at });
    await readExactly(handle, block, at, file);
    if (isZeroBlock(block)) {
      endMarker = true;
      break;
    }
    let header;
    try {
      header = decodeTarHeader(block);
    } catch (error) {
      if (error instanceof TarHeaderError) {
        const what = members.length === 0 && at === 0 ? 'not a tar archive' : 'corrupt tar header';
        throw inputError(error.problem === 'checksum' ? 'TAR_BAD_HEADER' : 'TAR_BAD_NUMBER', `${what}: ${error.message}`, { file, offset: at });
      }
      throw error;
    }
    const dataOffset = at + BLOCK;
    const paxSize = pending.pax?.get('size');
    const size = paxSize !== undefined ? paxNumber(paxSize, file, at) : header.size;
    if (dataOffset + size > fileSize) {
      throw inputError('TAR_TRUNCATED', `member "${header.name}" claims ${size} bytes but the archive ends ${fileSize - dataOffset} bytes after its header: truncated or corrupt`, { file, offset: at });
    }
    const headerOffset = pending.headerOffset ?? at;
    const next = dataOffset + paddedSize(size);
    switch (header.typeflag) {
      case 'L':
      case 'x':
      case 'g': {
        if (size > MAX_EXTENDED_HEADER) throw inputError('TAR_BAD_HEADER', `extended header of ${size} bytes is implausibly large`, { file, offset: at });
        const data = Buffer.alloc(size);
        await readExactly(handle, data, dataOffset, file);
        if (header.typeflag === 'L') {
          const end = data.indexOf(0);
          pending.longName = data.subarray(0, end === -1 ? size : end).toString('utf8');
          pending.extensions.push('gnu-long-name');
        } else {
          const records = parsePaxRecords(data);
          if (!records) throw inputError('TAR_BAD_HEADER', 'malformed pax extended header records', { file, offset: dataOffset });
          if (header.typeflag === 'g') globalPax = new Map([...globalPax, ...records]);
          else {
            pending.pax = new Map([...globalPax, ...records]);
            pending.extensions.push('pax');
          }
        }
        if (header.typeflag !== 'g') pending.headerOffset ??= at;
        at = next;
        continue;
      }
      default:
        break;
    }
    const rawName = pending.pax?.get('path') ?? pending.longName ?? header.name;
    const extensions = [...pending.extensions];
    if (header.base256) extensions.push('base-256');
    pending = { extensions: [] };
    at = next;
    if (header.typeflag === '5') continue; // a directory entry ("./" from `tar -C dir .`) carries no data
    const name = normalizeName(rawName, file, headerOffset);
    if (header.typeflag === '1' || header.typeflag === '2') {
      throw inputError('TAR_LINK_MEMBER', `member "${name}" is a ${header.typeflag === '1' ? 'hard' : 'symbolic'} link to "${header.linkname}": a package holds plain files only`, { file, offset: headerOffset });
    }
    if (header.typeflag !== '0' && header.typeflag !== '\0' && header.typeflag !== '7') {
      throw inputError('TAR_UNSUPPORTED_MEMBER', `member "${name}" has tar type '${printable(header.typeflag)}' (device, fifo, sparse or vendor entry): a package holds plain files only`, { file, offset: headerOffset });
    }
    if (seen.has(name)) throw inputError('TAR_DUPLICATE_MEMBER', `member "${name}" appears twice: which copy counts would be ambiguous`, { file, offset: headerOffset });
    seen.add(name);
    dialects.add(header.magic);
    for (const extension of extensions) dialects.add(extension);
    members.push({ name, headerOffset, offset: dataOffset, size, mode: header.mode, mtime: header.mtime, magic: header.magic, extensions });
  }
  if (members.length === 0) throw inputError('TAR_EMPTY', 'the archive holds no files', { file });
  const dialect = [...dialects].sort().join(' + ');
  return { file, fileSize, members, dialect, endMarker };
}

async function readExactly(handle: FileHandle, buffer: Buffer, position: number, file: string): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) throw inputError('TAR_TRUNCATED', 'the archive ended early (was it changed while being read?)', { file, offset: position + done });
    done += bytesRead;
  }
}

function paxNumber(value: string, file: string, offset: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw inputError('TAR_BAD_NUMBER', `pax size "${value}" is not a usable number`, { file, offset });
  return n;
}

/**
 * Members live at the package root or below it; a name that is absolute, climbs with "..", or uses
 * a Windows drive or backslash could make an extracting importer write outside its folder.
 */
function normalizeName(raw: string, file: string, offset: number): string {
  const name = raw.replace(/^(\.\/)+/, '').replace(/\/$/, '');
  const parts = name.split('/');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\') || parts.includes('..')) {
    throw inputError('TAR_PATH_TRAVERSAL', `member name "${raw}" points outside the package (absolute path, drive letter, backslash or "..")`, { file, offset });
  }
  if (parts.some((part) => part === '' || part === '.')) throw inputError('TAR_BAD_NAME', `member name "${raw}" is empty or malformed`, { file, offset });
  if (/[\x00-\x1f]/.test(name)) throw inputError('TAR_BAD_NAME', `member name ${JSON.stringify(raw)} contains control characters`, { file, offset });
  return name;
}

function printable(flag: string): string {
  const code = flag.charCodeAt(0);
  return code >= 0x20 && code < 0x7f ? flag : `\\x${code.toString(16).padStart(2, '0')}`;
}
