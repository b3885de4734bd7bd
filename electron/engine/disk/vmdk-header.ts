// VMDK hosted sparse extent header and stream markers (VMware "Virtual Disk Format 5.0"; facts in
// shared/reference/disk-formats.md section 1). Pure codecs: bytes in, values out, and back.
import { inputError } from '../errors.ts';

export const SECTOR = 512;
export const VMDK_MAGIC = 0x564d444b; // "KDMV" little-endian
export const GD_AT_END = 0xffffffffffffffffn;

export const FLAG_NEWLINE_TEST = 0x1;
export const FLAG_REDUNDANT_GD = 0x2;
export const FLAG_ZERO_GRAIN_GTE = 0x4;
export const FLAG_COMPRESSED = 0x10000;
export const FLAG_MARKERS = 0x20000;

export const MARKER_EOS = 0;
export const MARKER_GT = 1;
export const MARKER_GD = 2;
export const MARKER_FOOTER = 3;

export interface SparseExtentHeader {
  readonly version: number;
  readonly flags: number;
  /** In sectors. */
  readonly capacity: bigint;
  readonly grainSize: bigint;
  readonly descriptorOffset: bigint;
  readonly descriptorSize: bigint;
  readonly numGTEsPerGT: number;
  readonly rgdOffset: bigint;
  /** GD_AT_END when the grain directory is found through the footer. */
  readonly gdOffset: bigint;
  readonly overHead: bigint;
  readonly uncleanShutdown: boolean;
  readonly compressAlgorithm: number;
}

export function isSparseMagic(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === VMDK_MAGIC;
}

export function decodeSparseExtentHeader(bytes: Buffer, file?: string, at = 0): SparseExtentHeader {
  if (bytes.length < SECTOR || !isSparseMagic(bytes)) throw inputError('VMDK_BAD_MAGIC', 'no VMDK sparse extent header (magic KDMV) here', { file, offset: at });
  return {
    version: bytes.readUInt32LE(4),
    flags: bytes.readUInt32LE(8),
    capacity: bytes.readBigUInt64LE(12),
    grainSize: bytes.readBigUInt64LE(20),
    descriptorOffset: bytes.readBigUInt64LE(28),
    descriptorSize: bytes.readBigUInt64LE(36),
    numGTEsPerGT: bytes.readUInt32LE(44),
    rgdOffset: bytes.readBigUInt64LE(48),
    gdOffset: bytes.readBigUInt64LE(56),
    overHead: bytes.readBigUInt64LE(64),
    uncleanShutdown: bytes[72] !== 0,
    compressAlgorithm: bytes.readUInt16LE(77),
  };
}

export function encodeSparseExtentHeader(header: SparseExtentHeader): Buffer {
  const bytes = Buffer.alloc(SECTOR);
  bytes.writeUInt32LE(VMDK_MAGIC, 0);
  bytes.writeUInt32LE(header.version, 4);
  bytes.writeUInt32LE(header.flags >>> 0, 8);
  bytes.writeBigUInt64LE(header.capacity, 12);
  bytes.writeBigUInt64LE(header.grainSize, 20);
  bytes.writeBigUInt64LE(header.descriptorOffset, 28);
  bytes.writeBigUInt64LE(header.descriptorSize, 36);
  bytes.writeUInt32LE(header.numGTEsPerGT, 44);
  bytes.writeBigUInt64LE(header.rgdOffset, 48);
  bytes.writeBigUInt64LE(header.gdOffset, 56);
  bytes.writeBigUInt64LE(header.overHead, 64);
  bytes[72] = header.uncleanShutdown ? 1 : 0;
  // Text-mode FTP transfers mangle these four bytes, which is how readers notice.
  bytes[73] = 0x0a;
  bytes[74] = 0x20;
  bytes[75] = 0x0d;
  bytes[76] = 0x0a;
  bytes.writeUInt16LE(header.compressAlgorithm, 77);
  return bytes;
}

/** A stream marker: a grain (size > 0) or metadata (size 0, with a type). */
export type StreamMarker =
  | { readonly kind: 'grain'; readonly lba: bigint; readonly size: number }
  | { readonly kind: 'metadata'; readonly numSectors: bigint; readonly type: number };

export function decodeMarker(bytes: Buffer): StreamMarker {
  const value = bytes.readBigUInt64LE(0);
  const size = bytes.readUInt32LE(8);
  if (size !== 0) return { kind: 'grain', lba: value, size };
  return { kind: 'metadata', numSectors: value, type: bytes.readUInt32LE(12) };
}

/** Grain marker + compressed bytes, zero-padded to whole sectors. */
export function encodeGrain(lba: bigint, compressed: Buffer): Buffer {
  const total = Math.ceil((12 + compressed.length) / SECTOR) * SECTOR;
  const bytes = Buffer.alloc(total);
  bytes.writeBigUInt64LE(lba, 0);
  bytes.writeUInt32LE(compressed.length, 8);
  compressed.copy(bytes, 12);
  return bytes;
}

export function encodeMetadataMarker(numSectors: number, type: number): Buffer {
  const bytes = Buffer.alloc(SECTOR);
  bytes.writeBigUInt64LE(BigInt(numSectors), 0);
  bytes.writeUInt32LE(type, 12);
  return bytes;
}
