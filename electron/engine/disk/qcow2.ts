// QCOW2 reader (v2 and v3, compressed clusters, zero clusters; a backing file is reported as the
// parent) and v3 writer. The writer appends data clusters in order, each 512 MiB span's L2 table
// after its clusters, then the refcount table and blocks; the header and the L1 table in the
// first clusters are written last.
import { inflateRawSync } from 'node:zlib';
import { inputError } from '../errors.ts';
import { ExtentList } from './extents.ts';
import type { Block, DiskReader, FormatModule, TargetModule, WriterContext } from './types.ts';
import {
  COMPRESSED_HIGH,
  compressedDescriptor,
  COPIED_HIGH,
  decodeQcow2Header,
  encodeQcow2Header,
  INCOMPAT_COMPRESSION_TYPE,
  INCOMPAT_CORRUPT,
  INCOMPAT_DIRTY,
  INCOMPAT_EXTENDED_L2,
  INCOMPAT_EXTERNAL_DATA,
  isQcow2,
  standardOffset,
  type TableEntry,
} from './qcow2-header.ts';

export const qcow2Format: FormatModule = {
  name: 'qcow2',
  probe: (head) => (isQcow2(head) ? 1 : 0),
  async open(file) {
    const where = (offset: number) => ({ file: file.path, offset });
    const header = decodeQcow2Header(await file.readUpTo(0, 4096), file.path);
    if (header.version !== 2 && header.version !== 3) throw inputError('QCOW2_VERSION', `QCOW2 version ${header.version} is not supported (2 and 3 are)`, where(4));
    if (header.clusterBits < 9 || header.clusterBits > 21) throw inputError('QCOW2_CLUSTER_SIZE', `cluster_bits ${header.clusterBits} is out of range (9 to 21)`, where(20));
    if (header.cryptMethod !== 0) throw inputError('QCOW2_ENCRYPTED', 'the image is encrypted', where(32));
    const known = INCOMPAT_DIRTY | INCOMPAT_CORRUPT | INCOMPAT_COMPRESSION_TYPE;
    if (header.incompatibleFeatures & INCOMPAT_EXTERNAL_DATA) throw inputError('QCOW2_UNSUPPORTED', 'images with an external data file are not supported', where(72));
    if (header.incompatibleFeatures & INCOMPAT_EXTENDED_L2) throw inputError('QCOW2_UNSUPPORTED', 'extended L2 entries (subclusters) are not supported', where(72));
    if (header.incompatibleFeatures & ~known & ~(INCOMPAT_EXTERNAL_DATA | INCOMPAT_EXTENDED_L2)) throw inputError('QCOW2_UNSUPPORTED', `unknown incompatible features 0x${header.incompatibleFeatures.toString(16)}`, where(72));
    if (header.compressionType !== 0) throw inputError('QCOW2_UNSUPPORTED', `compression type ${header.compressionType} (zstd) is not supported`, where(104));
    if (header.size > BigInt(Number.MAX_SAFE_INTEGER)) throw inputError('QCOW2_TOO_LARGE', `virtual size ${header.size} is out of range`, where(24));
    const virtualSize = Number(header.size);
    const clusterBytes = 2 ** header.clusterBits;
    const l2Entries = clusterBytes / 8;
    const needed = Math.ceil(virtualSize / (clusterBytes * l2Entries));
    if (header.l1Size < needed) throw inputError('QCOW2_L1_SIZE', `the L1 table has ${header.l1Size} entries; ${needed} are needed for ${virtualSize} bytes`, where(36));
    const l1At = Number(header.l1TableOffset);
    if (l1At % clusterBytes !== 0) throw inputError('QCOW2_L1_OFFSET', `the L1 table offset ${l1At} is not cluster aligned`, where(40));
    const l1Raw = await file.read(l1At, needed * 8, 'the L1 table');
    const l1 = Array.from({ length: needed }, (_, i): TableEntry => ({ high: l1Raw.readUInt32BE(i * 8), low: l1Raw.readUInt32BE(i * 8 + 4) }));
    const warnings: string[] = [];
    if (header.incompatibleFeatures & INCOMPAT_DIRTY) warnings.push('the dirty bit is set: refcounts may be stale (the data is still read)');
    if (header.incompatibleFeatures & INCOMPAT_CORRUPT) warnings.push('qemu marked this image corrupt');
    let parent: { hint: string } | undefined;
    if (header.backingFileOffset !== 0n) {
      const size = Math.min(header.backingFileSize, 1023);
      parent = { hint: (await file.read(Number(header.backingFileOffset), size, 'the backing file name')).toString('utf8') };
    }
    const l2Cache = new Map<number, Buffer>();
    const l2Table = async (index: number): Promise<Buffer | undefined> => {
      const entry = l1[index];
      const at = entry ? standardOffset(entry) : 0;
      if (at === 0) return undefined;
      if (at % clusterBytes !== 0) throw inputError('QCOW2_BAD_L1', `L1 entry ${index} points at unaligned offset ${at}`, where(l1At + index * 8));
      let table = l2Cache.get(index);
      if (!table) {
        table = await file.read(at, clusterBytes, `L2 table ${index}`);
        if (l2Cache.size >= 32) l2Cache.delete(l2Cache.keys().next().value!);
        l2Cache.set(index, table);
      }
      return table;
    };
    const entryOf = async (cluster: number): Promise<TableEntry | undefined> => {
      const table = await l2Table(Math.floor(cluster / l2Entries));
      if (!table) return undefined;
      const at = (cluster % l2Entries) * 8;
      return { high: table.readUInt32BE(at), low: table.readUInt32BE(at + 4) };
    };
    let last: { cluster: number; bytes: Buffer } | undefined;
    const clusterData = async (cluster: number): Promise<Buffer | undefined> => {
      if (last?.cluster === cluster) return last.bytes;
      const entry = await entryOf(cluster);
      if (!entry) return undefined;
      let bytes: Buffer;
      if (entry.high & COMPRESSED_HIGH) {
        const { offset, length } = compressedDescriptor(entry, header.clusterBits);
        const compressed = await file.read(offset, Math.min(length, file.size - offset), `compressed cluster ${cluster}`);
        try {
          bytes = inflateRawSync(compressed, { maxOutputLength: clusterBytes });
        } catch (error) {
          const past = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
          throw inputError(past ? 'QCOW2_CLUSTER_INFLATES_PAST_SIZE' : 'QCOW2_BAD_COMPRESSED_CLUSTER', past ? `compressed cluster ${cluster} inflates past the cluster size of ${clusterBytes} bytes` : `compressed cluster ${cluster} does not inflate: ${(error as Error).message}`, where(offset));
        }
      } else {
        const at = standardOffset(entry);
        // Bit 0 (v3) reads as zeros; an offset of 0 is unallocated.
        if ((header.version >= 3 && entry.low & 1) || at === 0) return undefined;
        if (at % clusterBytes !== 0) throw inputError('QCOW2_BAD_L2', `cluster ${cluster} points at unaligned offset ${at}`, where(at));
        bytes = await file.read(at, Math.min(clusterBytes, virtualSize - cluster * clusterBytes), `cluster ${cluster}`);
      }
      last = { cluster, bytes };
      return bytes;
    };
    return {
      format: 'qcow2',
      virtualSize,
      details: { subformat: header.version === 3 ? 'v3 (compat 1.1)' : 'v2 (compat 0.10)', version: header.version, clusterSize: clusterBytes, refcountBits: 2 ** header.refcountOrder, snapshots: header.nbSnapshots },
      ...(parent ? { parent } : {}),
      warnings,
      async read(offset, length) {
        const out = Buffer.alloc(length);
        for (let at = offset; at < offset + length; ) {
          const cluster = Math.floor(at / clusterBytes);
          const within = at - cluster * clusterBytes;
          const take = Math.min(clusterBytes - within, offset + length - at);
          const bytes = await clusterData(cluster);
          if (bytes) bytes.copy(out, at - offset, within, Math.min(bytes.length, within + take));
          at += take;
        }
        return out;
      },
      async extents() {
        const list = new ExtentList();
        for (let index = 0; index < needed; index++) {
          const table = await l2Table(index);
          if (!table) continue;
          for (let i = 0; i < l2Entries; i++) {
            const cluster = index * l2Entries + i;
            if (cluster * clusterBytes >= virtualSize) break;
            const high = table.readUInt32BE(i * 8);
            const low = table.readUInt32BE(i * 8 + 4);
            const allocated = high & COMPRESSED_HIGH ? true : standardOffset({ high, low }) !== 0 && !(header.version >= 3 && low & 1);
            if (allocated) list.add(cluster * clusterBytes, Math.min(clusterBytes, virtualSize - cluster * clusterBytes));
          }
        }
        return list.extents;
      },
      close: () => file.close(),
    } satisfies DiskReader;
  },
};

const CLUSTER_BITS = 16;
const CLUSTER = 2 ** CLUSTER_BITS;
const L2_ENTRIES = CLUSTER / 8;
/** 16-bit refcounts: one refcount block covers this many clusters. */
const REFCOUNTS_PER_BLOCK = CLUSTER / 2;

function entryBytes(target: Buffer, at: number, offset: number): void {
  target.writeUInt32BE((COPIED_HIGH | Math.floor(offset / 2 ** 32)) >>> 0, at);
  target.writeUInt32BE(offset % 2 ** 32, at + 4);
}

class Qcow2Writer {
  private readonly l1: Buffer;
  private readonly l1Size: number;
  private readonly dataStart: number;
  private l2 = Buffer.alloc(CLUSTER);
  private l2Index = 0;
  private l2Used = false;

  constructor(private readonly context: WriterContext) {
    this.l1Size = Math.max(1, Math.ceil(context.virtualSize / (CLUSTER * L2_ENTRIES)));
    this.l1 = Buffer.alloc(Math.ceil((this.l1Size * 8) / CLUSTER) * CLUSTER);
    this.dataStart = CLUSTER + this.l1.length;
  }

  async write(block: Block): Promise<void> {
    const sink = this.context.sink;
    if (sink.position === 0) await sink.append(Buffer.alloc(this.dataStart));
    if (!('data' in block)) return;
    for (let at = 0; at < block.data.length; at += CLUSTER) {
      const cluster = (block.offset + at) / CLUSTER;
      const table = Math.floor(cluster / L2_ENTRIES);
      if (table !== this.l2Index) await this.writeL2(table);
      entryBytes(this.l2, (cluster % L2_ENTRIES) * 8, sink.position);
      this.l2Used = true;
      let data = block.data.subarray(at, at + CLUSTER);
      if (data.length < CLUSTER) data = Buffer.concat([data, Buffer.alloc(CLUSTER - data.length)]);
      await sink.append(data);
    }
  }

  private async writeL2(next: number): Promise<void> {
    if (this.l2Used) {
      entryBytes(this.l1, this.l2Index * 8, this.context.sink.position);
      await this.context.sink.append(this.l2);
    }
    this.l2 = Buffer.alloc(CLUSTER);
    this.l2Used = false;
    this.l2Index = next;
  }

  async finish(): Promise<void> {
    const sink = this.context.sink;
    if (sink.position === 0) await sink.append(Buffer.alloc(this.dataStart));
    await this.writeL2(this.l2Index + 1);
    // The refcount structures count themselves: grow them until they cover every cluster.
    const used = sink.position / CLUSTER;
    let blocks = 0;
    let tableClusters = 0;
    for (;;) {
      const total = used + tableClusters + blocks;
      const nextBlocks = Math.ceil(total / REFCOUNTS_PER_BLOCK);
      const nextTable = Math.ceil((nextBlocks * 8) / CLUSTER);
      if (nextBlocks === blocks && nextTable === tableClusters) break;
      blocks = nextBlocks;
      tableClusters = nextTable;
    }
    const total = used + tableClusters + blocks;
    const tableAt = sink.position;
    const table = Buffer.alloc(tableClusters * CLUSTER);
    for (let i = 0; i < blocks; i++) table.writeBigUInt64BE(BigInt(tableAt + (tableClusters + i) * CLUSTER), i * 8);
    await sink.append(table);
    for (let i = 0; i < blocks; i++) {
      const refcounts = Buffer.alloc(CLUSTER);
      const covered = Math.min(REFCOUNTS_PER_BLOCK, total - i * REFCOUNTS_PER_BLOCK);
      for (let j = 0; j < covered; j++) refcounts.writeUInt16BE(1, j * 2);
      await sink.append(refcounts);
    }
    const header = encodeQcow2Header(
      {
        backingFileOffset: 0n,
        backingFileSize: 0,
        clusterBits: CLUSTER_BITS,
        size: BigInt(this.context.virtualSize),
        cryptMethod: 0,
        l1Size: this.l1Size,
        l1TableOffset: BigInt(CLUSTER),
        refcountTableOffset: BigInt(tableAt),
        refcountTableClusters: tableClusters,
        nbSnapshots: 0,
        snapshotsOffset: 0n,
        incompatibleFeatures: 0n,
        compatibleFeatures: 0n,
        autoclearFeatures: 0n,
        refcountOrder: 4,
      },
      CLUSTER,
    );
    await sink.patch(0, Buffer.concat([header, this.l1]));
  }
}

export const qcow2Target: TargetModule = {
  name: 'qcow2',
  appendOnly: false,
  outputSize: (size) => Math.ceil(size / 512) * 512,
  create: (context) => new Qcow2Writer(context),
};
