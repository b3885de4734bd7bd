// QCOW2 header (qemu docs/interop/qcow2.txt; facts in shared/reference/disk-formats.md section 4).
// Big-endian, pure codec.
import { inputError } from '../errors.ts';

export const QCOW2_MAGIC = 0x514649fb; // "QFI\xfb"
export const INCOMPAT_DIRTY = 1n;
export const INCOMPAT_CORRUPT = 2n;
export const INCOMPAT_EXTERNAL_DATA = 4n;
export const INCOMPAT_COMPRESSION_TYPE = 8n;
export const INCOMPAT_EXTENDED_L2 = 16n;

export interface Qcow2Header {
  readonly version: number;
  readonly backingFileOffset: bigint;
  readonly backingFileSize: number;
  readonly clusterBits: number;
  readonly size: bigint;
  readonly cryptMethod: number;
  readonly l1Size: number;
  readonly l1TableOffset: bigint;
  readonly refcountTableOffset: bigint;
  readonly refcountTableClusters: number;
  readonly nbSnapshots: number;
  readonly snapshotsOffset: bigint;
  readonly incompatibleFeatures: bigint;
  readonly compatibleFeatures: bigint;
  readonly autoclearFeatures: bigint;
  readonly refcountOrder: number;
  readonly headerLength: number;
  readonly compressionType: number;
}

export function isQcow2(head: Buffer): boolean {
  return head.length >= 8 && head.readUInt32BE(0) === QCOW2_MAGIC;
}

export function decodeQcow2Header(b: Buffer, file?: string): Qcow2Header {
  if (!isQcow2(b) || b.length < 72) throw inputError('QCOW2_BAD_MAGIC', 'no QCOW2 header (magic QFI\\xfb) here', { file, offset: 0 });
  const version = b.readUInt32BE(4);
  const v3 = version >= 3 && b.length >= 104;
  const headerLength = v3 ? b.readUInt32BE(100) : 72;
  return {
    version,
    backingFileOffset: b.readBigUInt64BE(8),
    backingFileSize: b.readUInt32BE(16),
    clusterBits: b.readUInt32BE(20),
    size: b.readBigUInt64BE(24),
    cryptMethod: b.readUInt32BE(32),
    l1Size: b.readUInt32BE(36),
    l1TableOffset: b.readBigUInt64BE(40),
    refcountTableOffset: b.readBigUInt64BE(48),
    refcountTableClusters: b.readUInt32BE(56),
    nbSnapshots: b.readUInt32BE(60),
    snapshotsOffset: b.readBigUInt64BE(64),
    incompatibleFeatures: v3 ? b.readBigUInt64BE(72) : 0n,
    compatibleFeatures: v3 ? b.readBigUInt64BE(80) : 0n,
    autoclearFeatures: v3 ? b.readBigUInt64BE(88) : 0n,
    refcountOrder: v3 ? b.readUInt32BE(96) : 4,
    headerLength,
    compressionType: v3 && headerLength > 104 && b.length > 104 ? b[104]! : 0,
  };
}

/** A version-3 header of 104 bytes followed by the end-of-extensions mark, padded to `clusterBytes`. */
export function encodeQcow2Header(header: Omit<Qcow2Header, 'version' | 'headerLength' | 'compressionType'>, clusterBytes: number): Buffer {
  const b = Buffer.alloc(clusterBytes);
  b.writeUInt32BE(QCOW2_MAGIC, 0);
  b.writeUInt32BE(3, 4);
  b.writeBigUInt64BE(header.backingFileOffset, 8);
  b.writeUInt32BE(header.backingFileSize, 16);
  b.writeUInt32BE(header.clusterBits, 20);
  b.writeBigUInt64BE(header.size, 24);
  b.writeUInt32BE(header.cryptMethod, 32);
  b.writeUInt32BE(header.l1Size, 36);
  b.writeBigUInt64BE(header.l1TableOffset, 40);
  b.writeBigUInt64BE(header.refcountTableOffset, 48);
  b.writeUInt32BE(header.refcountTableClusters, 56);
  b.writeUInt32BE(header.nbSnapshots, 60);
  b.writeBigUInt64BE(header.snapshotsOffset, 64);
  b.writeBigUInt64BE(header.incompatibleFeatures, 72);
  b.writeBigUInt64BE(header.compatibleFeatures, 80);
  b.writeBigUInt64BE(header.autoclearFeatures, 88);
  b.writeUInt32BE(header.refcountOrder, 96);
  b.writeUInt32BE(104, 100);
  // Bytes 104..111 stay zero: the header extension list ends at once.
  return b;
}

/** An L1/L2 entry as two 32-bit halves, so no BigInt is needed on the hot path. */
export interface TableEntry {
  readonly high: number;
  readonly low: number;
}

export const COPIED_HIGH = 0x80000000;
export const COMPRESSED_HIGH = 0x40000000;

/** Host offset bits 9..55 of a standard L1 or L2 entry. */
export function standardOffset(entry: TableEntry): number {
  return (entry.high & 0x00ffffff) * 2 ** 32 + ((entry.low & 0xfffffe00) >>> 0);
}

/** Where a compressed cluster's bytes are and how many there may be (qcow2.txt, "Compressed Clusters Descriptor"). */
export function compressedDescriptor(entry: TableEntry, clusterBits: number): { offset: number; length: number } {
  const x = 62 - (clusterBits - 8);
  const value = (BigInt(entry.high & 0x3fffffff) << 32n) | BigInt(entry.low >>> 0);
  const offset = Number(value & ((1n << BigInt(x)) - 1n));
  const additional = Number(value >> BigInt(x));
  return { offset, length: (additional + 1) * 512 - (offset % 512) };
}
