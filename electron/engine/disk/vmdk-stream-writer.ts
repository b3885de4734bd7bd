// streamOptimized VMDK writer in VMware's streaming ("footer") layout, the one ESXi and ovftool
// produce: header (version 3, grain directory at end) and embedded descriptor in the first 64 KiB,
// zlib grains with markers in LBA order, each 32 MiB span's grain table after its grains (spans
// without data get no table, as in VMware's own exports), then the grain directory, the footer and
// the end-of-stream marker. Grains are compressed on the deflate workers, several batches ahead.
import { basename } from 'node:path';
import { DEFAULT_DEFLATE_LEVEL, type Block, type DiskWriter, type TargetModule, type WriterContext } from './types.ts';
import { uniqueBytes } from './identity.ts';
import { formatStreamDescriptor } from './vmdk-descriptor.ts';
import {
  encodeGrain,
  encodeMetadataMarker,
  encodeSparseExtentHeader,
  FLAG_COMPRESSED,
  FLAG_MARKERS,
  FLAG_NEWLINE_TEST,
  GD_AT_END,
  MARKER_EOS,
  MARKER_FOOTER,
  MARKER_GD,
  MARKER_GT,
  SECTOR,
  type SparseExtentHeader,
} from './vmdk-header.ts';

export const GRAIN_BYTES = 64 * 1024;
const GTES = 512;
/** Grains per deflate request, and requests kept in flight (16 x 1 MiB bounds memory). */
const BATCH = 16;
const IN_FLIGHT = 8;
/** VMware's own streams start the first grain at 64 KiB (overHead 128). */
const OVERHEAD_SECTORS = 128;
const DESCRIPTOR_SECTORS = 20;

function streamHeader(capacitySectors: number, gdOffset: bigint): SparseExtentHeader {
  return {
    version: 3,
    flags: FLAG_NEWLINE_TEST | FLAG_COMPRESSED | FLAG_MARKERS,
    capacity: BigInt(capacitySectors),
    grainSize: BigInt(GRAIN_BYTES / SECTOR),
    descriptorOffset: 1n,
    descriptorSize: BigInt(DESCRIPTOR_SECTORS),
    numGTEsPerGT: GTES,
    rgdOffset: 0n,
    gdOffset,
    overHead: BigInt(OVERHEAD_SECTORS),
    uncleanShutdown: false,
    compressAlgorithm: 1,
  };
}

class StreamOptimizedWriter implements DiskWriter {
  private readonly capacitySectors: number;
  private readonly directory: Uint32Array;
  private table = new Uint32Array(GTES);
  private tableSpan = 0;
  private tableUsed = false;
  private batch: { index: number; bytes: Buffer }[] = [];
  private readonly inFlight: Promise<{ index: number; bytes: Buffer }[]>[] = [];
  private started = false;

  constructor(private readonly context: WriterContext) {
    this.capacitySectors = Math.ceil(context.virtualSize / SECTOR);
    this.directory = new Uint32Array(Math.ceil(this.capacitySectors / (GTES * (GRAIN_BYTES / SECTOR))));
  }

  private async start(): Promise<void> {
    this.started = true;
    const head = Buffer.alloc(OVERHEAD_SECTORS * SECTOR);
    encodeSparseExtentHeader(streamHeader(this.capacitySectors, GD_AT_END)).copy(head, 0);
    // A content id below the two values VMware reserves (0xfffffffe and 0xffffffff).
    const { options } = this.context;
    const contentId = uniqueBytes(options, 'vmdk content id', 4).readUInt32BE(0) % 0xfffffffe;
    const descriptor = formatStreamDescriptor(this.capacitySectors, basename(this.context.sink.path), contentId, uniqueBytes(options, 'vmdk long content id').toString('hex'));
    head.write(descriptor, SECTOR, DESCRIPTOR_SECTORS * SECTOR, 'utf8');
    await this.context.sink.append(head);
  }

  async write(block: Block): Promise<void> {
    if (!this.started) await this.start();
    if (!('data' in block)) return;
    // Blocks are grain aligned (see Block); the last grain of an odd-sized disk is padded with zeros.
    for (let at = 0; at < block.data.length; at += GRAIN_BYTES) {
      let grain = block.data.subarray(at, at + GRAIN_BYTES);
      if (grain.length < GRAIN_BYTES) grain = Buffer.concat([grain, Buffer.alloc(GRAIN_BYTES - grain.length)]);
      this.batch.push({ index: (block.offset + at) / GRAIN_BYTES, bytes: grain });
      if (this.batch.length >= BATCH) await this.flushBatch();
    }
  }

  private async flushBatch(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const level = this.context.options.compressionLevel ?? DEFAULT_DEFLATE_LEVEL;
    const compressed = this.context.deflate(
      batch.map((grain) => grain.bytes),
      level,
    ).then((grains) => grains.map((bytes, i) => ({ index: batch[i]!.index, bytes })));
    // A job that fails or is cancelled never collects the batches still in flight.
    compressed.catch(() => undefined);
    this.inFlight.push(compressed);
    if (this.inFlight.length >= IN_FLIGHT) await this.drainOne();
  }

  private async drainOne(): Promise<void> {
    const grains = await this.inFlight.shift()!;
    for (const { index, bytes } of grains) {
      const span = Math.floor(index / GTES);
      if (span !== this.tableSpan) await this.writeTable(span);
      this.table[index % GTES] = this.context.sink.position / SECTOR;
      this.tableUsed = true;
      await this.context.sink.append(encodeGrain(BigInt(index) * BigInt(GRAIN_BYTES / SECTOR), bytes));
    }
  }

  /** Writes the finished span's table (if it holds any grain) and moves on to `nextSpan`. */
  private async writeTable(nextSpan: number): Promise<void> {
    if (this.tableUsed) {
      const sink = this.context.sink;
      await sink.append(encodeMetadataMarker((GTES * 4) / SECTOR, MARKER_GT));
      this.directory[this.tableSpan] = sink.position / SECTOR;
      await sink.append(Buffer.from(this.table.buffer, 0, GTES * 4));
    }
    this.table = new Uint32Array(GTES);
    this.tableUsed = false;
    this.tableSpan = nextSpan;
  }

  async finish(): Promise<void> {
    if (!this.started) await this.start();
    await this.flushBatch();
    while (this.inFlight.length > 0) await this.drainOne();
    await this.writeTable(this.tableSpan + 1);
    const sink = this.context.sink;
    const directoryBytes = Math.ceil((this.directory.length * 4) / SECTOR) * SECTOR;
    await sink.append(encodeMetadataMarker(directoryBytes / SECTOR, MARKER_GD));
    const gdSector = sink.position / SECTOR;
    const directory = Buffer.alloc(directoryBytes);
    Buffer.from(this.directory.buffer).copy(directory);
    await sink.append(directory);
    await sink.append(encodeMetadataMarker(1, MARKER_FOOTER));
    await sink.append(encodeSparseExtentHeader(streamHeader(this.capacitySectors, BigInt(gdSector))));
    await sink.append(encodeMetadataMarker(0, MARKER_EOS));
  }
}

export const vmdkTarget: TargetModule = {
  name: 'vmdk',
  appendOnly: true,
  outputSize: (size) => Math.ceil(size / SECTOR) * SECTOR,
  create: (context) => new StreamOptimizedWriter(context),
};
