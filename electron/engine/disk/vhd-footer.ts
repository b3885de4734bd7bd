// VHD footer and dynamic disk header (Microsoft "Virtual Hard Disk Image Format Specification";
// facts in shared/reference/disk-formats.md section 2). Big-endian, pure codecs.
import { inputError } from '../errors.ts';

export const FOOTER_SIZE = 512;
export const DYNAMIC_HEADER_SIZE = 1024;
export const DISK_FIXED = 2;
export const DISK_DYNAMIC = 3;
export const DISK_DIFFERENCING = 4;
export const NO_DATA_OFFSET = 0xffffffffffffffffn;
/** Seconds between the Unix epoch and the VHD epoch (2000-01-01 00:00:00 UTC). */
const VHD_EPOCH = 946_684_800;

export interface Geometry {
  readonly cylinders: number;
  readonly heads: number;
  readonly sectorsPerTrack: number;
}

export interface VhdFooter {
  readonly features: number;
  readonly dataOffset: bigint;
  readonly timestamp: number;
  readonly creatorApplication: string;
  readonly creatorVersion: number;
  readonly creatorHostOs: string;
  readonly originalSize: bigint;
  readonly currentSize: bigint;
  readonly geometry: Geometry;
  readonly diskType: number;
  readonly checksum: number;
  readonly uniqueId: Buffer;
  readonly savedState: boolean;
}

export interface VhdDynamicHeader {
  readonly tableOffset: bigint;
  readonly maxTableEntries: number;
  readonly blockSize: number;
  readonly parentUniqueId: Buffer;
  readonly parentName: string;
}

/** One's complement of the byte sum, with the checksum field counted as zero. */
export function vhdChecksum(bytes: Buffer, checksumAt: number): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) if (i < checksumAt || i >= checksumAt + 4) sum = (sum + bytes[i]!) >>> 0;
  return ~sum >>> 0;
}

/**
 * CHS geometry by the VHD specification's algorithm: sizes past 65535x16x255 sectors get that
 * maximum, which readers (qemu among them) take as "use the current size".
 */
export function vhdGeometry(size: number): Geometry {
  let total = Math.floor(size / 512);
  if (total > 65535 * 255 * 255) throw inputError('VHD_TOO_LARGE', `a VHD holds at most ${65535 * 255 * 255 * 512} bytes; ${size} were asked`);
  total = Math.min(total, 65535 * 16 * 255);
  let spt: number;
  let heads: number;
  let cth: number;
  if (total >= 65535 * 16 * 63) {
    spt = 255;
    heads = 16;
    cth = Math.floor(total / spt);
  } else {
    spt = 17;
    cth = Math.floor(total / 17);
    heads = Math.max(4, Math.floor((cth + 1023) / 1024));
    if (cth >= heads * 1024 || heads > 16) {
      spt = 31;
      heads = 16;
      cth = Math.floor(total / 31);
    }
    if (cth >= heads * 1024) {
      spt = 63;
      heads = 16;
      cth = Math.floor(total / 63);
    }
  }
  return { cylinders: Math.floor(cth / heads), heads, sectorsPerTrack: spt };
}

export function encodeFooter(footer: Omit<VhdFooter, 'checksum'>): Buffer {
  const b = Buffer.alloc(FOOTER_SIZE);
  b.write('conectix', 0, 'latin1');
  b.writeUInt32BE(footer.features, 8);
  b.writeUInt32BE(0x00010000, 12);
  b.writeBigUInt64BE(footer.dataOffset, 16);
  b.writeUInt32BE(footer.timestamp >>> 0, 24);
  b.write(footer.creatorApplication.padEnd(4, '\0').slice(0, 4), 28, 'latin1');
  b.writeUInt32BE(footer.creatorVersion, 32);
  b.write(footer.creatorHostOs.padEnd(4, '\0').slice(0, 4), 36, 'latin1');
  b.writeBigUInt64BE(footer.originalSize, 40);
  b.writeBigUInt64BE(footer.currentSize, 48);
  b.writeUInt16BE(footer.geometry.cylinders, 56);
  b[58] = footer.geometry.heads;
  b[59] = footer.geometry.sectorsPerTrack;
  b.writeUInt32BE(footer.diskType, 60);
  footer.uniqueId.copy(b, 68, 0, 16);
  b[84] = footer.savedState ? 1 : 0;
  b.writeUInt32BE(vhdChecksum(b, 64), 64);
  return b;
}

export function isFooter(bytes: Buffer): boolean {
  return bytes.length >= FOOTER_SIZE && bytes.toString('latin1', 0, 8) === 'conectix';
}

export function decodeFooter(b: Buffer, file?: string, offset?: number): VhdFooter {
  if (!isFooter(b)) throw inputError('VHD_BAD_FOOTER', 'no VHD footer (cookie "conectix") here', { file, offset });
  return {
    features: b.readUInt32BE(8),
    dataOffset: b.readBigUInt64BE(16),
    timestamp: b.readUInt32BE(24),
    creatorApplication: b.toString('latin1', 28, 32),
    creatorVersion: b.readUInt32BE(32),
    creatorHostOs: b.toString('latin1', 36, 40),
    originalSize: b.readBigUInt64BE(40),
    currentSize: b.readBigUInt64BE(48),
    geometry: { cylinders: b.readUInt16BE(56), heads: b[58]!, sectorsPerTrack: b[59]! },
    diskType: b.readUInt32BE(60),
    checksum: b.readUInt32BE(64),
    uniqueId: Buffer.from(b.subarray(68, 84)),
    savedState: b[84] !== 0,
  };
}

export function encodeDynamicHeader(header: VhdDynamicHeader): Buffer {
  const b = Buffer.alloc(DYNAMIC_HEADER_SIZE);
  b.write('cxsparse', 0, 'latin1');
  // The specification says 32 bits of ones here; Microsoft's tools expect all 64 (qemu's note).
  b.writeBigUInt64BE(NO_DATA_OFFSET, 8);
  b.writeBigUInt64BE(header.tableOffset, 16);
  b.writeUInt32BE(0x00010000, 24);
  b.writeUInt32BE(header.maxTableEntries, 28);
  b.writeUInt32BE(header.blockSize, 32);
  header.parentUniqueId.copy(b, 40, 0, 16);
  b.writeUInt32BE(vhdChecksum(b, 36), 36);
  return b;
}

export function decodeDynamicHeader(b: Buffer, file?: string, offset?: number): VhdDynamicHeader {
  if (b.toString('latin1', 0, 8) !== 'cxsparse') throw inputError('VHD_BAD_HEADER', 'no VHD dynamic header (cookie "cxsparse") here', { file, offset });
  const name = b.subarray(64, 576);
  const swapped = Buffer.from(name).swap16().toString('utf16le');
  return {
    tableOffset: b.readBigUInt64BE(16),
    maxTableEntries: b.readUInt32BE(28),
    blockSize: b.readUInt32BE(32),
    parentUniqueId: Buffer.from(b.subarray(40, 56)),
    parentName: swapped.replace(/\0.*$/s, ''),
  };
}

export function vhdTimestamp(date: Date): number {
  return Math.max(0, Math.floor(date.getTime() / 1000) - VHD_EPOCH);
}
