// VHD reader (fixed, dynamic; differencing reported with its parent) and writers: fixed (raw bytes
// then the footer, optionally rounded up to whole MiB for Azure) and dynamic (footer copy, header,
// BAT, 2 MiB blocks with full sector bitmaps, footer). The footer names creator "win " so that
// readers take the current size as exact instead of the CHS product (qemu's rule, see the reference).
import { inputError } from '../errors.ts';
import { ExtentList } from './extents.ts';
import { BlockBuffer } from './block-buffer.ts';
import { creationTime, uniqueBytes } from './identity.ts';
import type { Block, DiskReader, FormatModule, TargetModule, WriterContext, WriterOptions } from './types.ts';
import {
  decodeDynamicHeader,
  decodeFooter,
  DISK_DIFFERENCING,
  DISK_DYNAMIC,
  DISK_FIXED,
  DYNAMIC_HEADER_SIZE,
  encodeDynamicHeader,
  encodeFooter,
  FOOTER_SIZE,
  isFooter,
  NO_DATA_OFFSET,
  vhdGeometry,
  vhdTimestamp,
  type VhdFooter,
} from './vhd-footer.ts';

const MIB = 1024 * 1024;
const BLOCK_SIZE = 2 * MIB;
const UNALLOCATED = 0xffffffff;
const MAX_BLOCK_SIZE = 256 * MIB;

/** Readers disagree on the size; qemu takes the CHS product only for Virtual PC and old qemu images. */
export function vhdVirtualSize(footer: VhdFooter): number {
  const chs = footer.geometry.cylinders * footer.geometry.heads * footer.geometry.sectorsPerTrack * 512;
  const maxed = footer.geometry.cylinders === 65535 && footer.geometry.heads === 16 && footer.geometry.sectorsPerTrack === 255;
  const size = (footer.creatorApplication === 'vpc ' || footer.creatorApplication === 'qemu') && !maxed ? chs : Number(footer.currentSize);
  return size;
}

const diskTypeName: Record<number, string> = { [DISK_FIXED]: 'fixed', [DISK_DYNAMIC]: 'dynamic', [DISK_DIFFERENCING]: 'differencing' };

export const vhdFormat: FormatModule = {
  name: 'vhd',
  probe: (head, tail) => (isFooter(tail.subarray(tail.length - FOOTER_SIZE)) ? 1 : isFooter(head) ? 0.8 : 0),
  async open(file) {
    let footerAt = file.size - FOOTER_SIZE;
    let footerBytes = await file.read(Math.max(0, footerAt), Math.min(FOOTER_SIZE, file.size), 'the footer');
    const warnings: string[] = [];
    if (!isFooter(footerBytes)) {
      // A damaged end: dynamic disks keep a copy of the footer at offset 0.
      footerAt = 0;
      footerBytes = await file.read(0, FOOTER_SIZE, 'the footer copy');
      warnings.push('the footer at the end of the file is missing; the copy at offset 0 was used');
    }
    const footer = decodeFooter(footerBytes, file.path, footerAt);
    if (footer.currentSize > BigInt(Number.MAX_SAFE_INTEGER)) throw inputError('VHD_TOO_LARGE', `the footer declares ${footer.currentSize} bytes`, { file: file.path, offset: footerAt + 48 });
    const virtualSize = vhdVirtualSize(footer);
    const details = {
      subformat: diskTypeName[footer.diskType] ?? `type ${footer.diskType}`,
      creatorApplication: footer.creatorApplication.replace(/\0/g, ''),
      creatorVersion: `${footer.creatorVersion >>> 16}.${footer.creatorVersion & 0xffff}`,
      creatorHostOs: footer.creatorHostOs.replace(/\0/g, ''),
      geometry: `${footer.geometry.cylinders}/${footer.geometry.heads}/${footer.geometry.sectorsPerTrack}`,
      currentSize: Number(footer.currentSize),
    };
    if (footer.diskType === DISK_FIXED) {
      if (file.size < virtualSize + FOOTER_SIZE) throw inputError('DISK_TRUNCATED', `a fixed VHD of ${virtualSize} bytes needs ${virtualSize + FOOTER_SIZE} bytes of file, not ${file.size}`, { file: file.path });
      return {
        format: 'vhd',
        virtualSize,
        details,
        warnings,
        async read(offset, length) {
          // The footer follows the data: never hand it out as disk bytes.
          const inside = Math.max(0, Math.min(length, virtualSize - offset));
          const bytes = inside > 0 ? await file.read(offset, inside, 'fixed VHD data') : Buffer.alloc(0);
          return bytes.length === length ? bytes : Buffer.concat([bytes, Buffer.alloc(length - bytes.length)]);
        },
        extents: async () => (virtualSize > 0 ? [{ offset: 0, length: virtualSize }] : []),
        close: () => file.close(),
      };
    }
    if (footer.diskType !== DISK_DYNAMIC && footer.diskType !== DISK_DIFFERENCING) throw inputError('VHD_DISK_TYPE', `disk type ${footer.diskType} is not fixed (2), dynamic (3) or differencing (4)`, { file: file.path, offset: footerAt + 60 });
    if (footer.dataOffset === NO_DATA_OFFSET || footer.dataOffset > BigInt(file.size)) throw inputError('VHD_BAD_HEADER', `the dynamic header offset ${footer.dataOffset} lies outside the file`, { file: file.path, offset: footerAt + 16 });
    const headerAt = Number(footer.dataOffset);
    const header = decodeDynamicHeader(await file.read(headerAt, DYNAMIC_HEADER_SIZE, 'the dynamic header'), file.path, headerAt);
    const blockSize = header.blockSize;
    if (blockSize < 512 || blockSize > MAX_BLOCK_SIZE || (blockSize & (blockSize - 1)) !== 0) throw inputError('VHD_BLOCK_SIZE', `block size ${blockSize} is out of range (a power of two from 512 bytes to 256 MiB)`, { file: file.path, offset: headerAt + 32 });
    const needed = Math.ceil(virtualSize / blockSize);
    if (header.maxTableEntries < needed) throw inputError('VHD_BAT_SIZE', `the BAT has ${header.maxTableEntries} entries; ${needed} are needed for ${virtualSize} bytes`, { file: file.path, offset: headerAt + 28 });
    if (header.tableOffset > BigInt(file.size)) throw inputError('VHD_BAT_OFFSET', `the BAT offset ${header.tableOffset} lies outside the file`, { file: file.path, offset: headerAt + 16 });
    const tableRaw = await file.read(Number(header.tableOffset), needed * 4, 'the block allocation table');
    const bat = new Uint32Array(needed);
    for (let i = 0; i < needed; i++) bat[i] = tableRaw.readUInt32BE(i * 4);
    const bitmapBytes = Math.ceil(blockSize / 512 / 8 / 512) * 512;
    const parent = footer.diskType === DISK_DIFFERENCING ? { hint: header.parentName || `(parent ${header.parentUniqueId.toString('hex')})` } : undefined;
    return {
      format: 'vhd',
      virtualSize,
      details: { ...details, blockSize },
      ...(parent ? { parent } : {}),
      warnings,
      async read(offset, length) {
        const out = Buffer.alloc(length);
        for (let at = offset; at < offset + length; ) {
          const index = Math.floor(at / blockSize);
          const within = at - index * blockSize;
          const take = Math.min(blockSize - within, offset + length - at);
          const entry = bat[index] ?? UNALLOCATED;
          if (entry !== UNALLOCATED) (await file.read(entry * 512 + bitmapBytes + within, take, `block ${index}`)).copy(out, at - offset);
          at += take;
        }
        return out;
      },
      async extents() {
        const list = new ExtentList();
        bat.forEach((entry, index) => {
          if (entry !== UNALLOCATED) list.add(index * blockSize, Math.min(blockSize, virtualSize - index * blockSize));
        });
        return list.extents;
      },
      close: () => file.close(),
    } satisfies DiskReader;
  },
};

function footerFor(size: number, diskType: number, dataOffset: bigint, options: WriterOptions): Buffer {
  return encodeFooter({
    features: 2,
    dataOffset,
    timestamp: vhdTimestamp(creationTime(options)),
    creatorApplication: 'win ',
    creatorVersion: 0x000a0000,
    creatorHostOs: 'Wi2k',
    originalSize: BigInt(size),
    currentSize: BigInt(size),
    geometry: vhdGeometry(size),
    diskType,
    uniqueId: uniqueBytes(options, 'vhd unique id'),
    savedState: false,
  });
}

export const vhdFixedTarget: TargetModule = {
  name: 'vhd-fixed',
  appendOnly: true,
  outputSize: (size, options) => (options.roundToMiB ? Math.ceil(size / MIB) * MIB : Math.ceil(size / 512) * 512),
  create({ sink, virtualSize, options }) {
    const footer = footerFor(virtualSize, DISK_FIXED, NO_DATA_OFFSET, options);
    return {
      async write(block) {
        if ('data' in block) await sink.append(block.data);
        else await sink.skip(block.zeros);
      },
      async finish() {
        await sink.skip(virtualSize - sink.position);
        await sink.append(footer);
      },
    };
  },
};

class DynamicVhdWriter {
  private readonly entries: number;
  private readonly bat: Buffer;
  private readonly headBytes: number;
  private readonly gathered = new BlockBuffer(BLOCK_SIZE, (index, bytes) => this.store(index, bytes));
  private readonly footer: Buffer;

  constructor(private readonly context: WriterContext) {
    this.entries = Math.ceil(context.virtualSize / BLOCK_SIZE);
    this.bat = Buffer.alloc(Math.ceil((this.entries * 4) / 512) * 512, 0xff);
    this.headBytes = FOOTER_SIZE + DYNAMIC_HEADER_SIZE + this.bat.length;
    this.footer = footerFor(context.virtualSize, DISK_DYNAMIC, BigInt(FOOTER_SIZE), context.options);
  }

  async write(block: Block): Promise<void> {
    if (this.context.sink.position === 0) await this.context.sink.append(Buffer.alloc(this.headBytes));
    if (!('data' in block)) return;
    await this.gathered.add(block.offset, block.data);
  }

  private async store(index: number, bytes: Buffer): Promise<void> {
    const sink = this.context.sink;
    this.bat.writeUInt32BE(sink.position / 512, index * 4);
    // A full bitmap: every sector of an allocated block is present (as qemu writes it).
    await sink.append(Buffer.alloc(512, 0xff));
    await sink.append(bytes);
  }

  async finish(): Promise<void> {
    const sink = this.context.sink;
    if (sink.position === 0) await sink.append(Buffer.alloc(this.headBytes));
    await this.gathered.end();
    await sink.append(this.footer);
    const head = Buffer.concat([
      this.footer,
      encodeDynamicHeader({ tableOffset: BigInt(FOOTER_SIZE + DYNAMIC_HEADER_SIZE), maxTableEntries: this.entries, blockSize: BLOCK_SIZE, parentUniqueId: Buffer.alloc(16), parentName: '' }),
      this.bat,
    ]);
    await sink.patch(0, head);
  }
}

export const vhdDynamicTarget: TargetModule = {
  name: 'vhd',
  appendOnly: false,
  outputSize: (size) => Math.ceil(size / 512) * 512,
  create: (context) => new DynamicVhdWriter(context),
};
