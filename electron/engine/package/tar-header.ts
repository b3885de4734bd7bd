// The 512-byte tar header block: pure encode/decode, no I/O. Field layout (POSIX ustar, with the
// GNU variants an OVA meets in the wild):
//   name 100 @0, mode 8 @100, uid 8 @108, gid 8 @116, size 12 @124, mtime 12 @136, chksum 8 @148,
//   typeflag 1 @156, linkname 100 @157, magic 6 @257, version 2 @263, uname 32 @265, gname 32 @297,
//   devmajor 8 @329, devminor 8 @337, prefix 155 @345 (ustar only: GNU uses that area for atime...).
// Numbers are octal text, or GNU base-256 (first byte 0x80, big-endian binary) when they do not fit.
import { isAllZero } from '../zeros.ts';

export const BLOCK = 512;

/** 11 octal digits: the largest size a ustar header can hold (8 GiB - 1). */
export const USTAR_MAX_SIZE = 0o77777777777;

export type TarMagic = 'ustar' | 'gnu' | 'v7';

export interface TarHeader {
  readonly name: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtime: number;
  readonly typeflag: string;
  readonly linkname: string;
  readonly magic: TarMagic;
  readonly uname: string;
  readonly gname: string;
  /** The size field was GNU base-256 rather than octal. */
  readonly base256: boolean;
}

export type HeaderProblem = 'checksum' | 'number';

export class TarHeaderError extends Error {
  constructor(
    readonly problem: HeaderProblem,
    message: string,
  ) {
    super(message);
  }
}

const MAGIC_USTAR = Buffer.from('ustar\x0000', 'latin1');
const MAGIC_GNU = Buffer.from('ustar  \x00', 'latin1');

export function isZeroBlock(block: Uint8Array): boolean {
  return isAllZero(block.subarray(0, BLOCK));
}

/** Decodes one header block; the caller has already skipped all-zero (end-of-archive) blocks. */
export function decodeTarHeader(block: Buffer): TarHeader {
  if (!checksumMatches(block)) throw new TarHeaderError('checksum', 'header checksum does not match: not a tar header');
  const magicBytes = block.subarray(257, 265);
  const magic: TarMagic = magicBytes.equals(MAGIC_GNU) ? 'gnu' : magicBytes.subarray(0, 5).toString('latin1') === 'ustar' ? 'ustar' : 'v7';
  let name = text(block, 0, 100);
  if (magic === 'ustar') {
    const prefix = text(block, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  const size = number(block, 124, 12, 'size');
  // Only the size decides where the next header is; an odd mode, owner or date (negative
  // base-256 times exist) must not make a whole package unreadable.
  const lenient = (at: number, length: number, what: string) => {
    try {
      return number(block, at, length, what);
    } catch {
      return 0;
    }
  };
  return {
    name,
    mode: lenient(100, 8, 'mode'),
    uid: lenient(108, 8, 'uid'),
    gid: lenient(116, 8, 'gid'),
    size,
    mtime: lenient(136, 12, 'mtime'),
    typeflag: String.fromCharCode(block[156] ?? 0),
    linkname: text(block, 157, 100),
    magic,
    uname: magic === 'v7' ? '' : text(block, 265, 32),
    gname: magic === 'v7' ? '' : text(block, 297, 32),
    base256: ((block[124] ?? 0) & 0x80) !== 0,
  };
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseOctal(block.subarray(148, 156));
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i += 1) {
    const byte = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  // Some old writers summed signed chars; POSIX says unsigned. Accept either, as GNU tar does.
  return stored === unsigned || stored === signed;
}

function text(block: Buffer, at: number, length: number): string {
  const field = block.subarray(at, at + length);
  const end = field.indexOf(0);
  // Member names are bytes; UTF-8 is what every modern writer uses, and invalid sequences show as U+FFFD.
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function number(block: Buffer, at: number, length: number, what: string): number {
  const field = block.subarray(at, at + length);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    if (field[0] === 0xff) throw new TarHeaderError('number', `negative base-256 ${what}`);
    let value = BigInt((field[0] ?? 0) & 0x7f);
    for (let i = 1; i < length; i += 1) value = (value << 8n) | BigInt(field[i] ?? 0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarHeaderError('number', `${what} ${value} is too large`);
    return Number(value);
  }
  const value = parseOctal(field);
  if (value === undefined) throw new TarHeaderError('number', `${what} field is not an octal number`);
  return value;
}

/** Octal digits, optionally surrounded by spaces and ended by NUL or space; empty means 0. */
function parseOctal(field: Uint8Array): number | undefined {
  let i = 0;
  while (i < field.length && field[i] === 0x20) i += 1;
  let value = 0;
  let digits = 0;
  for (; i < field.length; i += 1) {
    const c = field[i] ?? 0;
    if (c >= 0x30 && c <= 0x37) {
      value = value * 8 + (c - 0x30);
      digits += 1;
    } else break;
  }
  for (; i < field.length; i += 1) if (field[i] !== 0 && field[i] !== 0x20) return undefined;
  return digits === 0 ? 0 : value;
}

export interface HeaderFields {
  readonly name: string;
  readonly size: number;
  readonly mode: number;
  readonly mtime: number;
  readonly uid: number;
  readonly gid: number;
  readonly uname: string;
  readonly gname: string;
}

/**
 * A regular-file header: strict ustar when the size fits in 11 octal digits, otherwise GNU magic
 * with a base-256 size (what GNU tar and open-vmdk write for members of 8 GiB or more).
 * The name must already fit in 100 bytes: an OVA keeps every member at its root.
 */
export function encodeFileHeader(fields: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  const name = Buffer.from(fields.name, 'utf8');
  if (name.length > 100) throw new RangeError(`tar member name longer than 100 bytes: ${fields.name}`);
  name.copy(block, 0);
  writeOctal(block, 100, 8, fields.mode);
  writeOctal(block, 108, 8, fields.uid);
  writeOctal(block, 116, 8, fields.gid);
  const gnu = fields.size > USTAR_MAX_SIZE;
  if (gnu) writeBase256(block, 124, 12, fields.size);
  else writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, fields.mtime);
  block[156] = 0x30; // '0': regular file
  (gnu ? MAGIC_GNU : MAGIC_USTAR).copy(block, 257);
  block.write(fields.uname.slice(0, 31), 265, 'utf8');
  block.write(fields.gname.slice(0, 31), 297, 'utf8');
  if (!gnu) {
    writeOctal(block, 329, 8, 0);
    writeOctal(block, 337, 8, 0);
  }
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += block[i] ?? 0;
  // Six digits, NUL, space: the layout GNU tar and the POSIX reference writer use.
  block.write(`${sum.toString(8).padStart(6, '0')}\x00 `, 148, 'latin1');
  return block;
}

function writeOctal(block: Buffer, at: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\x00`, at, 'latin1');
}

function writeBase256(block: Buffer, at: number, length: number, value: number): void {
  let rest = BigInt(value);
  for (let i = length - 1; i > 0; i -= 1) {
    block[at + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  block[at] = 0x80;
}

/** Bytes of data plus the zero padding up to the next block boundary. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/**
 * pax extended header records: "<length> <key>=<value>\n", where length counts the whole record.
 * Returns undefined when a record is malformed.
 */
export function parsePaxRecords(data: Buffer): Map<string, string> | undefined {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    if (data[at] === 0) break;
    const space = data.indexOf(0x20, at);
    if (space === -1) return undefined;
    const length = Number(data.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= space - at + 1 || at + length > data.length || data[at + length - 1] !== 0x0a) return undefined;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals <= 0) return undefined;
    records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}
