// VHDX structures ([MS-VHDX]; facts in shared/reference/disk-formats.md section 3): CRC-32C,
// headers, region table, metadata table and BAT entries. Little-endian, pure codecs.
import { inputError } from '../errors.ts';

export const KIB64 = 64 * 1024;
export const MIB = 1024 * 1024;
export const HEADER_OFFSETS = [KIB64, 2 * KIB64] as const;
export const REGION_TABLE_OFFSETS = [3 * KIB64, 4 * KIB64] as const;

export const BAT_REGION = '2DC27766-F623-4200-9D64-115E9BFD4A08';
export const METADATA_REGION = '8B7CA206-4790-4B9A-B8FE-575F050F886E';
export const FILE_PARAMETERS = 'CAA16737-FA36-4D43-B3B6-33F0AA44E76B';
export const VIRTUAL_DISK_SIZE = '2FA54224-CD1B-4876-B211-5DBED83BF4B8';
export const PAGE83_DATA = 'BECA12AB-B2E6-4523-93EF-C309E000C746';
export const LOGICAL_SECTOR_SIZE = '8141BF1D-A96F-4709-BA47-F233A8FAAB5F';
export const PHYSICAL_SECTOR_SIZE = 'CDA348C7-445D-4471-9CC9-E9885251C556';
export const PARENT_LOCATOR = 'A8D35F2D-B30B-454D-ABF7-D3D84834AB0C';

export const PAYLOAD_NOT_PRESENT = 0;
export const PAYLOAD_FULLY_PRESENT = 6;
export const PAYLOAD_PARTIALLY_PRESENT = 7;

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), as every VHDX checksum uses. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC32C_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Sets the checksum field at `at` to the CRC-32C of `bytes` with that field zeroed. */
export function sealChecksum(bytes: Buffer, at = 4): Buffer {
  bytes.writeUInt32LE(0, at);
  bytes.writeUInt32LE(crc32c(bytes), at);
  return bytes;
}

export function checksumValid(bytes: Buffer, at = 4): boolean {
  const stored = bytes.readUInt32LE(at);
  const copy = Buffer.from(bytes);
  copy.writeUInt32LE(0, at);
  return crc32c(copy) === stored;
}

/** GUID text -> the 16 bytes VHDX stores (first three groups little-endian). */
export function guidBytes(text: string): Buffer {
  const hex = text.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  b.subarray(0, 4).reverse();
  b.subarray(4, 6).reverse();
  b.subarray(6, 8).reverse();
  return b;
}

export function guidText(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b.subarray(0, 4).reverse();
  b.subarray(4, 6).reverse();
  b.subarray(6, 8).reverse();
  const h = b.toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface VhdxHeader {
  readonly sequenceNumber: bigint;
  readonly fileWriteGuid: Buffer;
  readonly dataWriteGuid: Buffer;
  readonly logGuid: Buffer;
  readonly logVersion: number;
  readonly version: number;
  readonly logLength: number;
  readonly logOffset: bigint;
}

export function encodeHeader(header: VhdxHeader): Buffer {
  const b = Buffer.alloc(4096);
  b.write('head', 0, 'latin1');
  b.writeBigUInt64LE(header.sequenceNumber, 8);
  header.fileWriteGuid.copy(b, 16);
  header.dataWriteGuid.copy(b, 32);
  header.logGuid.copy(b, 48);
  b.writeUInt16LE(header.logVersion, 64);
  b.writeUInt16LE(header.version, 66);
  b.writeUInt32LE(header.logLength, 68);
  b.writeBigUInt64LE(header.logOffset, 72);
  return sealChecksum(b);
}

/** The header in these 4 KiB, or undefined when its signature or checksum is wrong. */
export function decodeHeader(b: Buffer): VhdxHeader | undefined {
  if (b.length < 4096 || b.toString('latin1', 0, 4) !== 'head' || !checksumValid(b.subarray(0, 4096))) return undefined;
  return {
    sequenceNumber: b.readBigUInt64LE(8),
    fileWriteGuid: Buffer.from(b.subarray(16, 32)),
    dataWriteGuid: Buffer.from(b.subarray(32, 48)),
    logGuid: Buffer.from(b.subarray(48, 64)),
    logVersion: b.readUInt16LE(64),
    version: b.readUInt16LE(66),
    logLength: b.readUInt32LE(68),
    logOffset: b.readBigUInt64LE(72),
  };
}

export interface RegionEntry {
  readonly guid: string;
  readonly fileOffset: number;
  readonly length: number;
  readonly required: boolean;
}

export function encodeRegionTable(entries: readonly RegionEntry[]): Buffer {
  const b = Buffer.alloc(KIB64);
  b.write('regi', 0, 'latin1');
  b.writeUInt32LE(entries.length, 8);
  entries.forEach((entry, i) => {
    const at = 16 + i * 32;
    guidBytes(entry.guid).copy(b, at);
    b.writeBigUInt64LE(BigInt(entry.fileOffset), at + 16);
    b.writeUInt32LE(entry.length, at + 24);
    b.writeUInt32LE(entry.required ? 1 : 0, at + 28);
  });
  return sealChecksum(b);
}

export function decodeRegionTable(b: Buffer): RegionEntry[] | undefined {
  if (b.length < KIB64 || b.toString('latin1', 0, 4) !== 'regi' || !checksumValid(b.subarray(0, KIB64))) return undefined;
  const count = b.readUInt32LE(8);
  if (count > 2047) return undefined;
  return Array.from({ length: count }, (_, i) => {
    const at = 16 + i * 32;
    const offset = b.readBigUInt64LE(at + 16);
    return { guid: guidText(b.subarray(at, at + 16)), fileOffset: offset > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(offset), length: b.readUInt32LE(at + 24), required: (b.readUInt32LE(at + 28) & 1) !== 0 };
  });
}

export interface MetadataEntry {
  readonly guid: string;
  /** From the start of the metadata region. */
  readonly offset: number;
  readonly length: number;
  readonly isUser: boolean;
  readonly isVirtualDisk: boolean;
  readonly isRequired: boolean;
}

export function encodeMetadataTable(entries: readonly MetadataEntry[]): Buffer {
  const b = Buffer.alloc(KIB64);
  b.write('metadata', 0, 'latin1');
  b.writeUInt16LE(entries.length, 10);
  entries.forEach((entry, i) => {
    const at = 32 + i * 32;
    guidBytes(entry.guid).copy(b, at);
    b.writeUInt32LE(entry.offset, at + 16);
    b.writeUInt32LE(entry.length, at + 20);
    b.writeUInt32LE((entry.isUser ? 1 : 0) | (entry.isVirtualDisk ? 2 : 0) | (entry.isRequired ? 4 : 0), at + 24);
  });
  return b;
}

export function decodeMetadataTable(b: Buffer, file?: string, offset?: number): MetadataEntry[] {
  if (b.toString('latin1', 0, 8) !== 'metadata') throw inputError('VHDX_BAD_METADATA', 'no metadata table (signature "metadata") here', { file, offset });
  const count = b.readUInt16LE(10);
  if (count > 2047) throw inputError('VHDX_BAD_METADATA', `the metadata table claims ${count} entries (at most 2047)`, { file, offset });
  return Array.from({ length: count }, (_, i) => {
    const at = 32 + i * 32;
    const flags = b.readUInt32LE(at + 24);
    return { guid: guidText(b.subarray(at, at + 16)), offset: b.readUInt32LE(at + 16), length: b.readUInt32LE(at + 20), isUser: (flags & 1) !== 0, isVirtualDisk: (flags & 2) !== 0, isRequired: (flags & 4) !== 0 };
  });
}

/** Payload blocks per sector-bitmap block: after this many BAT entries comes one bitmap entry. */
export function chunkRatio(blockSize: number, logicalSectorSize: number): number {
  return (2 ** 23 * logicalSectorSize) / blockSize;
}

export function batEntryCount(dataBlocks: number, ratio: number): number {
  return dataBlocks + Math.floor(Math.max(0, dataBlocks - 1) / ratio);
}

/** Index in the BAT of payload block `block` (bitmap entries are interleaved). */
export function batIndex(block: number, ratio: number): number {
  return block + Math.floor(block / ratio);
}

export function encodeBatEntry(state: number, fileOffsetMiB: number): bigint {
  return (BigInt(fileOffsetMiB) << 20n) | BigInt(state);
}
