// VMDK reader: text descriptors with FLAT/ZERO/SPARSE extents (monolithicFlat, split disks) and
// hosted sparse files (monolithicSparse, streamOptimized in both the header-GD and the footer
// layout). A streamOptimized file whose grain directory is missing (truncated) is recovered by
// walking its grain markers, with a warning.
import { dirname, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { inputError } from '../errors.ts';
import { DiskFile } from './disk-file.ts';
import { ExtentList, partExtents, readParts, type Part } from './extents.ts';
import type { DiskReader, Extent, FormatModule } from './types.ts';
import { looksLikeDescriptor, MAX_DESCRIPTOR_BYTES, parseDescriptor, type VmdkDescriptor } from './vmdk-descriptor.ts';
import {
  decodeMarker,
  decodeSparseExtentHeader,
  FLAG_COMPRESSED,
  FLAG_MARKERS,
  FLAG_ZERO_GRAIN_GTE,
  GD_AT_END,
  isSparseMagic,
  MARKER_EOS,
  MARKER_FOOTER,
  SECTOR,
  type SparseExtentHeader,
} from './vmdk-header.ts';

const MAX_GRAIN_SECTORS = 2048n; // 1 MiB: larger grains exist nowhere and would only cost memory
const MAX_GTES_PER_GT = 4096;

function sectorsToBytes(value: bigint, what: string, file: string): number {
  const bytes = value * 512n;
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) throw inputError('VMDK_OUT_OF_RANGE', `${what} (${value} sectors) is out of range`, { file });
  return Number(bytes);
}

/** The grain map of one hosted sparse extent file. */
class SparseExtent implements Part {
  readonly start = 0;
  readonly length: number;
  readonly grainBytes: number;
  readonly compressed: boolean;
  readonly warnings: string[] = [];
  private readonly gtes: number;
  private directory: Uint32Array | undefined;
  /** Grain index -> file offset, when the directory had to be rebuilt from markers. */
  private scanned: Map<number, number> | undefined;
  private readonly tableCache = new Map<number, Uint32Array>();
  private lastGrain: { index: number; bytes: Buffer } | undefined;

  constructor(
    readonly file: DiskFile,
    readonly header: SparseExtentHeader,
  ) {
    const path = file.path;
    if (header.version < 1 || header.version > 3) throw inputError('VMDK_VERSION', `sparse VMDK version ${header.version} is not supported (1 to 3 are)`, { file: path, offset: 4 });
    const grain = header.grainSize;
    if (grain < 1n || grain > MAX_GRAIN_SECTORS || (grain & (grain - 1n)) !== 0n) throw inputError('VMDK_GRAIN_SIZE', `grain size ${grain} sectors is out of range (a power of two up to ${MAX_GRAIN_SECTORS})`, { file: path, offset: 20 });
    if (header.numGTEsPerGT < 1 || header.numGTEsPerGT > MAX_GTES_PER_GT) throw inputError('VMDK_GT_SIZE', `${header.numGTEsPerGT} entries per grain table is out of range (1 to ${MAX_GTES_PER_GT})`, { file: path, offset: 44 });
    this.length = sectorsToBytes(header.capacity, 'the capacity', path);
    this.grainBytes = Number(grain) * SECTOR;
    this.gtes = header.numGTEsPerGT;
    this.compressed = (header.flags & FLAG_COMPRESSED) !== 0;
    if (this.compressed && (header.flags & FLAG_MARKERS) === 0) throw inputError('VMDK_UNSUPPORTED', 'compressed grains without markers are not supported', { file: path, offset: 8 });
    if (this.compressed && header.compressAlgorithm !== 1) throw inputError('VMDK_UNSUPPORTED', `compression algorithm ${header.compressAlgorithm} is not deflate`, { file: path, offset: 77 });
  }

  get grainCount(): number {
    return Math.ceil(this.length / this.grainBytes);
  }

  async load(): Promise<void> {
    let gdOffset = this.header.gdOffset;
    if (gdOffset === GD_AT_END) gdOffset = (await this.footerGdOffset()) ?? GD_AT_END;
    if (gdOffset === GD_AT_END || gdOffset === 0n) {
      if (!this.compressed) throw inputError('VMDK_NO_GRAIN_DIRECTORY', 'the header gives no grain directory', { file: this.file.path, offset: 56 });
      await this.scanMarkers();
      return;
    }
    const tables = Math.ceil(this.grainCount / this.gtes);
    const at = sectorsToBytes(gdOffset, 'the grain directory offset', this.file.path);
    // The directory must lie inside the file, which bounds memory whatever capacity the header claims.
    const raw = await this.file.read(at, tables * 4, 'the grain directory');
    this.directory = new Uint32Array(tables);
    for (let i = 0; i < tables; i++) this.directory[i] = raw.readUInt32LE(i * 4);
  }

  private async footerGdOffset(): Promise<bigint | undefined> {
    if (this.file.size < 3 * SECTOR) return undefined;
    const tail = await this.file.read(this.file.size - 3 * SECTOR, 3 * SECTOR, 'the footer');
    const marker = decodeMarker(tail);
    const eos = decodeMarker(tail.subarray(2 * SECTOR));
    if (marker.kind !== 'metadata' || marker.type !== MARKER_FOOTER || !isSparseMagic(tail.subarray(SECTOR))) return undefined;
    if (eos.kind !== 'metadata' || eos.type !== MARKER_EOS) this.warnings.push('the end-of-stream marker after the footer is missing');
    const footer = decodeSparseExtentHeader(tail.subarray(SECTOR, 2 * SECTOR), this.file.path, this.file.size - 2 * SECTOR);
    return footer.gdOffset;
  }

  /** Rebuilds the grain map of a stream whose directory is missing by walking its markers. */
  private async scanMarkers(): Promise<void> {
    const map = new Map<number, number>();
    let at = sectorsToBytes(this.header.overHead, 'the overhead', this.file.path);
    while (at + SECTOR <= this.file.size) {
      const marker = decodeMarker(await this.file.read(at, SECTOR, 'a stream marker'));
      if (marker.kind === 'grain') {
        const offset = sectorsToBytes(marker.lba, 'a grain address', this.file.path);
        // A grain cut off by the truncation is lost with the rest.
        if (offset >= this.length || offset % this.grainBytes !== 0 || at + 12 + marker.size > this.file.size) break;
        map.set(offset / this.grainBytes, at);
        at += Math.ceil((12 + marker.size) / SECTOR) * SECTOR;
      } else {
        if (marker.type === MARKER_EOS) break;
        at += (Number(marker.numSectors) + 1) * SECTOR;
      }
    }
    this.scanned = map;
    this.warnings.push(`the grain directory is missing (the file is truncated at ${this.file.size} bytes); ${map.size} grains were recovered from their markers`);
  }

  private async table(index: number): Promise<Uint32Array | undefined> {
    const sector = this.directory?.[index] ?? 0;
    if (sector === 0) return undefined;
    let table = this.tableCache.get(index);
    if (!table) {
      const raw = await this.file.read(sector * SECTOR, this.gtes * 4, `grain table ${index}`);
      table = new Uint32Array(this.gtes);
      for (let i = 0; i < this.gtes; i++) table[i] = raw.readUInt32LE(i * 4);
      if (this.tableCache.size >= 64) this.tableCache.delete(this.tableCache.keys().next().value!);
      this.tableCache.set(index, table);
    }
    return table;
  }

  /** File offset of grain `index`, or undefined when it reads as zeros. */
  private async grainOffset(index: number): Promise<number | undefined> {
    if (this.scanned) return this.scanned.get(index);
    const table = await this.table(Math.floor(index / this.gtes));
    const entry = table?.[index % this.gtes] ?? 0;
    if (entry === 0 || (entry === 1 && (this.header.flags & FLAG_ZERO_GRAIN_GTE) !== 0)) return undefined;
    return entry * SECTOR;
  }

  private async grain(index: number): Promise<Buffer | undefined> {
    if (this.lastGrain?.index === index) return this.lastGrain.bytes;
    const at = await this.grainOffset(index);
    if (at === undefined) return undefined;
    let bytes: Buffer;
    if (!this.compressed) {
      bytes = await this.file.read(at, Math.min(this.grainBytes, this.length - index * this.grainBytes), `grain ${index}`);
    } else {
      const marker = decodeMarker(await this.file.read(at, SECTOR, `the marker of grain ${index}`));
      if (marker.kind !== 'grain') throw inputError('VMDK_BAD_MARKER', `grain ${index} points at a metadata marker, not a grain`, { file: this.file.path, offset: at });
      if (marker.lba !== BigInt(index) * BigInt(this.grainBytes / SECTOR)) throw inputError('VMDK_BAD_MARKER', `the marker of grain ${index} names sector ${marker.lba}`, { file: this.file.path, offset: at });
      if (marker.size > this.grainBytes * 2 + 1024) throw inputError('VMDK_GRAIN_TOO_BIG', `grain ${index} claims ${marker.size} compressed bytes for a ${this.grainBytes}-byte grain`, { file: this.file.path, offset: at });
      const head = 12;
      const compressed = (await this.file.read(at, head + marker.size, `grain ${index}`)).subarray(head);
      try {
        bytes = inflateSync(compressed, { maxOutputLength: this.grainBytes });
      } catch (error) {
        const past = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
        throw inputError(past ? 'VMDK_GRAIN_INFLATES_PAST_GRAIN' : 'VMDK_BAD_GRAIN', past ? `grain ${index} inflates past the grain size of ${this.grainBytes} bytes` : `grain ${index} does not inflate: ${(error as Error).message}`, { file: this.file.path, offset: at });
      }
    }
    this.lastGrain = { index, bytes };
    return bytes;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const out = Buffer.alloc(length);
    let at = offset;
    while (at < offset + length) {
      const index = Math.floor(at / this.grainBytes);
      const within = at - index * this.grainBytes;
      const take = Math.min(this.grainBytes - within, offset + length - at);
      const grain = await this.grain(index);
      if (grain) grain.copy(out, at - offset, within, Math.min(grain.length, within + take));
      at += take;
    }
    return out;
  }

  async extents(): Promise<readonly Extent[]> {
    const list = new ExtentList();
    for (let index = 0; index < this.grainCount; index++) {
      if (!this.scanned && index % this.gtes === 0 && (this.directory?.[index / this.gtes] ?? 0) === 0) {
        index += this.gtes - 1;
        continue;
      }
      if ((await this.grainOffset(index)) === undefined) continue;
      const offset = index * this.grainBytes;
      list.add(offset, Math.min(this.grainBytes, this.length - offset));
    }
    return list.extents;
  }
}

class FlatExtent implements Part {
  constructor(
    readonly start: number,
    readonly length: number,
    private readonly file: DiskFile,
    private readonly base: number,
  ) {}

  async read(offset: number, length: number): Promise<Buffer> {
    const available = Math.max(0, Math.min(length, this.file.size - this.base - offset));
    const out = Buffer.alloc(length);
    if (available > 0) (await this.file.read(this.base + offset, available, 'flat extent data')).copy(out);
    return out;
  }

  async extents(): Promise<readonly Extent[]> {
    return [{ offset: 0, length: this.length }];
  }
}

class ZeroExtent implements Part {
  constructor(
    readonly start: number,
    readonly length: number,
  ) {}
  async read(_offset: number, length: number): Promise<Buffer> {
    return Buffer.alloc(length);
  }
  async extents(): Promise<readonly Extent[]> {
    return [];
  }
}

function parentOf(descriptor: VmdkDescriptor | undefined): { hint: string } | undefined {
  if (!descriptor) return undefined;
  if (descriptor.parentFileNameHint) return { hint: descriptor.parentFileNameHint };
  if (descriptor.parentCid !== 'ffffffff') return { hint: `(parent CID ${descriptor.parentCid})` };
  return undefined;
}

async function openSparse(file: DiskFile, files: DiskFile[]): Promise<DiskReader> {
  const header = decodeSparseExtentHeader(await file.read(0, SECTOR, 'the sparse header'), file.path);
  let descriptor: VmdkDescriptor | undefined;
  if (header.descriptorOffset > 0n && header.descriptorSize > 0n) {
    const size = sectorsToBytes(header.descriptorSize, 'the descriptor size', file.path);
    if (size > MAX_DESCRIPTOR_BYTES) throw inputError('VMDK_DESCRIPTOR_SIZE', `the embedded descriptor claims ${size} bytes`, { file: file.path, offset: 36 });
    const text = (await file.read(sectorsToBytes(header.descriptorOffset, 'the descriptor offset', file.path), size, 'the embedded descriptor')).toString('utf8');
    descriptor = parseDescriptor(text, file.path);
  }
  const extent = new SparseExtent(file, header);
  await extent.load();
  const parent = parentOf(descriptor);
  return {
    format: 'vmdk',
    virtualSize: extent.length,
    details: {
      subformat: descriptor?.createType ?? 'monolithicSparse',
      version: header.version,
      flags: `0x${header.flags.toString(16).padStart(8, '0')}`,
      grainSize: extent.grainBytes,
      compressed: extent.compressed,
      ...(descriptor?.ddb.adapterType ? { adapterType: descriptor.ddb.adapterType } : {}),
      ...(descriptor?.ddb.virtualHWVersion ? { virtualHWVersion: descriptor.ddb.virtualHWVersion } : {}),
      gdAtEnd: header.gdOffset === GD_AT_END,
    },
    ...(parent ? { parent } : {}),
    warnings: extent.warnings,
    read: (offset, length) => extent.read(offset, length),
    extents: () => extent.extents(),
    close: async () => {
      for (const f of files) await f.close();
    },
  };
}

async function openDescriptor(file: DiskFile, files: DiskFile[]): Promise<DiskReader> {
  if (file.size > MAX_DESCRIPTOR_BYTES) throw inputError('VMDK_DESCRIPTOR_SIZE', `a ${file.size}-byte text descriptor is too large`, { file: file.path });
  const descriptor = parseDescriptor((await file.read(0, file.size, 'the descriptor')).toString('utf8'), file.path);
  const parts: Part[] = [];
  let start = 0;
  const warnings: string[] = [];
  for (const line of descriptor.extents) {
    const length = line.sectors * SECTOR;
    if (line.type === 'ZERO') parts.push(new ZeroExtent(start, length));
    else if (line.type === 'FLAT' || line.type === 'VMFS') {
      const extentFile = await DiskFile.open(resolve(dirname(file.path), line.file));
      files.push(extentFile);
      parts.push(new FlatExtent(start, length, extentFile, line.offset * SECTOR));
    } else if (line.type === 'SPARSE') {
      const extentFile = await DiskFile.open(resolve(dirname(file.path), line.file));
      files.push(extentFile);
      const sparse = new SparseExtent(extentFile, decodeSparseExtentHeader(await extentFile.read(0, SECTOR, 'the sparse header'), extentFile.path));
      await sparse.load();
      warnings.push(...sparse.warnings);
      parts.push({ start, length, read: (o, l) => sparse.read(o, l), extents: () => sparse.extents() });
    } else {
      throw inputError('VMDK_UNSUPPORTED', `extent type ${line.type} ("${line.file}") is not supported`, { file: file.path });
    }
    start += length;
  }
  const parent = parentOf(descriptor);
  return {
    format: 'vmdk',
    virtualSize: start,
    details: { subformat: descriptor.createType, extents: descriptor.extents.length, ...(descriptor.ddb.adapterType ? { adapterType: descriptor.ddb.adapterType } : {}) },
    ...(parent ? { parent } : {}),
    warnings,
    read: (offset, length) => readParts(parts, offset, length),
    extents: () => partExtents(parts),
    close: async () => {
      for (const f of files) await f.close();
    },
  };
}

export const vmdkFormat: FormatModule = {
  name: 'vmdk',
  probe(head) {
    if (isSparseMagic(head)) return 1;
    return looksLikeDescriptor(head) ? 0.9 : 0;
  },
  async open(file) {
    const head = await file.readUpTo(0, 4096);
    if (isSparseMagic(head)) return openSparse(file, [file]);
    const files = [file];
    try {
      return await openDescriptor(file, files);
    } catch (error) {
      // The descriptor's own file is the caller's to close; the extent files opened so far are ours.
      for (const extent of files.slice(1)) await extent.close();
      throw error;
    }
  },
};
