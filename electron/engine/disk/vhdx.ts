// VHDX reader (dynamic and fixed; a disk whose log must be replayed is refused with the reason)
// and dynamic writer: identifier, two headers, two region tables, an empty 1 MiB log, metadata at
// 2 MiB, the BAT at 3 MiB, then 2 MiB payload blocks appended in order; the BAT is written last.
import { inputError } from '../errors.ts';
import { ExtentList } from './extents.ts';
import { BlockBuffer } from './block-buffer.ts';
import { uniqueBytes } from './identity.ts';
import type { Block, DiskReader, FormatModule, TargetModule, WriterContext } from './types.ts';
import {
  BAT_REGION,
  batEntryCount,
  batIndex,
  chunkRatio,
  decodeHeader,
  decodeMetadataTable,
  decodeRegionTable,
  encodeBatEntry,
  encodeHeader,
  encodeMetadataTable,
  encodeRegionTable,
  FILE_PARAMETERS,
  guidText,
  HEADER_OFFSETS,
  KIB64,
  LOGICAL_SECTOR_SIZE,
  METADATA_REGION,
  MIB,
  PAGE83_DATA,
  PAYLOAD_FULLY_PRESENT,
  PAYLOAD_PARTIALLY_PRESENT,
  PHYSICAL_SECTOR_SIZE,
  REGION_TABLE_OFFSETS,
  VIRTUAL_DISK_SIZE,
  type MetadataEntry,
} from './vhdx-structures.ts';

const MAX_VIRTUAL_SIZE = 64 * 1024 * MIB * 1024; // 64 TiB
const BLOCK_SIZE = 2 * MIB;

export const vhdxFormat: FormatModule = {
  name: 'vhdx',
  probe: (head) => (head.length >= 8 && head.toString('latin1', 0, 8) === 'vhdxfile' ? 1 : 0),
  async open(file) {
    const where = (offset: number) => ({ file: file.path, offset });
    const headers = [];
    for (const at of HEADER_OFFSETS) {
      const header = decodeHeader(await file.readUpTo(at, 4096));
      if (header) headers.push(header);
    }
    const header = headers.sort((a, b) => (a.sequenceNumber > b.sequenceNumber ? -1 : 1))[0];
    if (!header) throw inputError('VHDX_BAD_HEADER', 'neither VHDX header has a valid signature and checksum', where(HEADER_OFFSETS[0]));
    if (!header.logGuid.equals(Buffer.alloc(16))) {
      throw inputError('VHDX_LOG_DIRTY', 'the disk was not closed cleanly and its log must be replayed first; open and close it in Hyper-V (or run `qemu-img check -r all`) and try again', where(HEADER_OFFSETS[0] + 48));
    }
    let regions;
    for (const at of REGION_TABLE_OFFSETS) {
      regions = decodeRegionTable(await file.readUpTo(at, KIB64));
      if (regions) break;
    }
    if (!regions) throw inputError('VHDX_BAD_REGION_TABLE', 'neither region table has a valid signature and checksum', where(REGION_TABLE_OFFSETS[0]));
    const unknown = regions.find((r) => r.required && r.guid !== BAT_REGION && r.guid !== METADATA_REGION);
    if (unknown) throw inputError('VHDX_UNKNOWN_REGION', `required region ${unknown.guid} is unknown to this reader`, where(REGION_TABLE_OFFSETS[0]));
    const batRegion = regions.find((r) => r.guid === BAT_REGION);
    const metadataRegion = regions.find((r) => r.guid === METADATA_REGION);
    if (!batRegion || !metadataRegion) throw inputError('VHDX_BAD_REGION_TABLE', 'the region table lacks the BAT or the metadata region', where(REGION_TABLE_OFFSETS[0]));
    const metadata = await file.read(metadataRegion.fileOffset, Math.min(metadataRegion.length, MIB), 'the metadata region');
    const items = decodeMetadataTable(metadata, file.path, metadataRegion.fileOffset);
    const item = (guid: string, length: number): Buffer => {
      const entry = items.find((e: MetadataEntry) => e.guid === guid);
      if (!entry || entry.length < length || entry.offset + length > metadata.length) throw inputError('VHDX_BAD_METADATA', `metadata item ${guid} is missing or out of bounds`, where(metadataRegion.fileOffset));
      return metadata.subarray(entry.offset, entry.offset + length);
    };
    const parameters = item(FILE_PARAMETERS, 8);
    const blockSize = parameters.readUInt32LE(0);
    const hasParent = (parameters.readUInt32LE(4) & 2) !== 0;
    const leaveAllocated = (parameters.readUInt32LE(4) & 1) !== 0;
    const sizeBig = item(VIRTUAL_DISK_SIZE, 8).readBigUInt64LE(0);
    const logicalSector = item(LOGICAL_SECTOR_SIZE, 4).readUInt32LE(0);
    const physicalSector = item(PHYSICAL_SECTOR_SIZE, 4).readUInt32LE(0);
    if (blockSize < MIB || blockSize > 256 * MIB || (blockSize & (blockSize - 1)) !== 0) throw inputError('VHDX_BLOCK_SIZE', `block size ${blockSize} is out of range (a power of two from 1 to 256 MiB)`, where(metadataRegion.fileOffset));
    if (logicalSector !== 512 && logicalSector !== 4096) throw inputError('VHDX_SECTOR_SIZE', `logical sector size ${logicalSector} is neither 512 nor 4096`, where(metadataRegion.fileOffset));
    if (sizeBig > BigInt(MAX_VIRTUAL_SIZE)) throw inputError('VHDX_TOO_LARGE', `virtual size ${sizeBig} exceeds the 64 TiB VHDX limit`, where(metadataRegion.fileOffset));
    const virtualSize = Number(sizeBig);
    const blocks = Math.ceil(virtualSize / blockSize);
    const ratio = chunkRatio(blockSize, logicalSector);
    const entries = hasParent ? Math.ceil(blocks / ratio) * (ratio + 1) : batEntryCount(blocks, ratio);
    if (entries * 8 > batRegion.length) throw inputError('VHDX_BAT_SIZE', `the BAT region holds ${batRegion.length} bytes; ${entries * 8} are needed`, where(batRegion.fileOffset));
    const batRaw = await file.read(batRegion.fileOffset, entries * 8, 'the BAT');
    const payload = new Float64Array(blocks);
    for (let block = 0; block < blocks; block++) {
      const entry = batRaw.readBigUInt64LE(batIndex(block, ratio) * 8);
      const state = Number(entry & 7n);
      if (state === PAYLOAD_PARTIALLY_PRESENT && !hasParent) throw inputError('VHDX_BAD_BAT', `block ${block} is partially present in a disk without parent`, where(batRegion.fileOffset + batIndex(block, ratio) * 8));
      payload[block] = state === PAYLOAD_FULLY_PRESENT || state === PAYLOAD_PARTIALLY_PRESENT ? Number(entry >> 20n) * MIB : -1;
    }
    const page83 = item(PAGE83_DATA, 16);
    return {
      format: 'vhdx',
      virtualSize,
      details: { subformat: leaveAllocated ? 'fixed' : hasParent ? 'differencing' : 'dynamic', blockSize, logicalSectorSize: logicalSector, physicalSectorSize: physicalSector, headerSequence: Number(header.sequenceNumber), diskId: guidText(page83) },
      ...(hasParent ? { parent: { hint: '(VHDX parent locator)' } } : {}),
      warnings: [],
      async read(offset, length) {
        const out = Buffer.alloc(length);
        for (let at = offset; at < offset + length; ) {
          const index = Math.floor(at / blockSize);
          const within = at - index * blockSize;
          const take = Math.min(blockSize - within, offset + length - at);
          const base = payload[index] ?? -1;
          if (base >= 0) (await file.read(base + within, take, `payload block ${index}`)).copy(out, at - offset);
          at += take;
        }
        return out;
      },
      async extents() {
        const list = new ExtentList();
        payload.forEach((base, index) => {
          if (base >= 0) list.add(index * blockSize, Math.min(blockSize, virtualSize - index * blockSize));
        });
        return list.extents;
      },
      close: () => file.close(),
    } satisfies DiskReader;
  },
};

const LOG_OFFSET = MIB;
const METADATA_OFFSET = 2 * MIB;
const BAT_OFFSET = 3 * MIB;

class DynamicVhdxWriter {
  private readonly ratio = chunkRatio(BLOCK_SIZE, 512);
  private readonly blocks: number;
  private readonly bat: Buffer;
  private readonly dataStart: number;
  private readonly gathered = new BlockBuffer(BLOCK_SIZE, (index, bytes) => this.store(index, bytes));

  constructor(private readonly context: WriterContext) {
    this.blocks = Math.ceil(context.virtualSize / BLOCK_SIZE);
    const entries = batEntryCount(this.blocks, this.ratio);
    this.bat = Buffer.alloc(Math.max(MIB, Math.ceil((entries * 8) / MIB) * MIB));
    this.dataStart = BAT_OFFSET + this.bat.length;
  }

  private head(): Buffer {
    const head = Buffer.alloc(this.dataStart);
    head.write('vhdxfile', 0, 'latin1');
    head.write('Appliance Studio', 8, 'utf16le');
    const fileWrite = uniqueBytes(this.context.options, 'vhdx file write guid');
    const dataWrite = uniqueBytes(this.context.options, 'vhdx data write guid');
    HEADER_OFFSETS.forEach((at, i) => encodeHeader({ sequenceNumber: BigInt(i + 1), fileWriteGuid: fileWrite, dataWriteGuid: dataWrite, logGuid: Buffer.alloc(16), logVersion: 0, version: 1, logLength: MIB, logOffset: BigInt(LOG_OFFSET) }).copy(head, at));
    const regions = encodeRegionTable([
      { guid: BAT_REGION, fileOffset: BAT_OFFSET, length: this.bat.length, required: true },
      { guid: METADATA_REGION, fileOffset: METADATA_OFFSET, length: MIB, required: true },
    ]);
    REGION_TABLE_OFFSETS.forEach((at) => regions.copy(head, at));
    const items: [string, Buffer, boolean][] = [
      [FILE_PARAMETERS, Buffer.from([...u32(BLOCK_SIZE), ...u32(0)]), false],
      [VIRTUAL_DISK_SIZE, u64(this.context.virtualSize), true],
      [PAGE83_DATA, uniqueBytes(this.context.options, 'vhdx page 83 id'), true],
      [LOGICAL_SECTOR_SIZE, u32(512), true],
      [PHYSICAL_SECTOR_SIZE, u32(4096), true],
    ];
    let offset = KIB64;
    const entries: MetadataEntry[] = items.map(([guid, value, isVirtualDisk]) => {
      value.copy(head, METADATA_OFFSET + offset);
      const entry = { guid, offset, length: value.length, isUser: false, isVirtualDisk, isRequired: true };
      offset += value.length;
      return entry;
    });
    encodeMetadataTable(entries).copy(head, METADATA_OFFSET);
    return head;
  }

  async write(block: Block): Promise<void> {
    const sink = this.context.sink;
    if (sink.position === 0) await sink.append(this.head());
    if (!('data' in block)) return;
    await this.gathered.add(block.offset, block.data);
  }

  private async store(index: number, bytes: Buffer): Promise<void> {
    const sink = this.context.sink;
    this.bat.writeBigUInt64LE(encodeBatEntry(PAYLOAD_FULLY_PRESENT, sink.position / MIB), batIndex(index, this.ratio) * 8);
    await sink.append(bytes);
  }

  async finish(): Promise<void> {
    const sink = this.context.sink;
    if (sink.position === 0) await sink.append(this.head());
    await this.gathered.end();
    await sink.patch(BAT_OFFSET, this.bat);
  }
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
}

function u64(value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(value));
  return b;
}

export const vhdxTarget: TargetModule = {
  name: 'vhdx',
  appendOnly: false,
  outputSize: (size) => Math.ceil(size / 512) * 512,
  create: (context) => new DynamicVhdxWriter(context),
};
