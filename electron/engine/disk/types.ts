// The one interface every disk format module implements (COT's disk representations): a probe that
// says how sure it is, a reader with random access and an allocation map, and a streaming writer.
import type { DiskFile } from './disk-file.ts';
import type { DiskSink } from './sink.ts';

export type SourceFormat = 'raw' | 'vmdk' | 'vhd' | 'vhdx' | 'qcow2' | 'iso';
export type TargetFormat = 'raw' | 'vmdk' | 'vhd' | 'vhd-fixed' | 'vhdx' | 'qcow2';
export const TARGET_FORMATS: readonly TargetFormat[] = ['vmdk', 'vhd', 'vhd-fixed', 'vhdx', 'qcow2', 'raw'];

/** A byte range of the virtual disk that may hold data; everything outside the extents reads as zero. */
export interface Extent {
  readonly offset: number;
  readonly length: number;
}

/** Facts about the container, shown by `disk info` (subformat, grain size, creator ...). */
export type FormatDetails = Readonly<Record<string, string | number | boolean>>;

/** The parent of a differencing disk (VMDK delta, VHD differencing, VHDX with parent, QCOW2 backing file). */
export interface ParentLink {
  readonly hint: string;
}

export interface DiskReader {
  readonly format: SourceFormat;
  readonly virtualSize: number;
  readonly details: FormatDetails;
  readonly parent?: ParentLink;
  /** Things a person should know that do not stop reading (a recovered truncated stream ...). */
  readonly warnings: readonly string[];
  /** Reads `length` bytes of the virtual disk at `offset` (holes and unallocated areas are zeros). */
  read(offset: number, length: number): Promise<Buffer>;
  /** Allocated ranges in ascending order, not overlapping. */
  extents(): Promise<readonly Extent[]>;
  close(): Promise<void>;
}

export interface ProbeResult {
  readonly format: SourceFormat;
  /** 0 = not this format, 1 = certain. */
  readonly confidence: number;
}

export interface FormatModule {
  readonly name: SourceFormat;
  /** `head` is the first 64 KiB (or less), `tail` the last 1536 bytes; `fileSize` the whole size. */
  probe(head: Buffer, tail: Buffer, fileSize: number): number;
  open(file: DiskFile): Promise<DiskReader>;
}

/** Alignment of every block offset the pipeline emits: one VMDK grain, one QCOW2 cluster. */
export const BLOCK_UNIT = 64 * 1024;

export const DEFAULT_DEFLATE_LEVEL = 1;

/**
 * One step of the sequential stream a writer consumes: data, or a run of zeros it must not store.
 * Offsets are multiples of BLOCK_UNIT, except the zero run that follows an odd-sized source when
 * the output is grown past it; a data block never holds a whole BLOCK_UNIT of zeros.
 */
export type Block = { readonly offset: number; readonly data: Buffer } | { readonly offset: number; readonly zeros: number };

export interface DiskWriter {
  /** Blocks arrive in ascending, contiguous order, covering [0, virtualSize). */
  write(block: Block): Promise<void>;
  /** Writes the trailing metadata; the sink is then complete. */
  finish(): Promise<void>;
}

export interface WriterOptions {
  /** VHD fixed: round the virtual size up to a whole MiB (Azure). */
  readonly roundToMiB?: boolean;
  /**
   * zlib level for compressed formats, 1 (fast) to 9 (small). The default is DEFAULT_DEFLATE_LEVEL:
   * on the benchmark's mixed disk level 1 takes a fifth of level 6's time for an output 5% larger.
   */
  readonly compressionLevel?: number;
  /**
   * Derive every identifier the writer invents from this string instead of chance, so the same
   * source and seed give the same bytes (see identity.ts).
   */
  readonly seed?: string;
  /** The creation time recorded where a format keeps one (VHD); now when absent. */
  readonly time?: Date;
}

export interface WriterContext {
  readonly sink: DiskSink;
  readonly virtualSize: number;
  readonly options: WriterOptions;
  readonly deflate: (grains: readonly Buffer[], level: number) => Promise<Buffer[]>;
}

export interface TargetModule {
  readonly name: TargetFormat;
  /** Whether the writer only appends (so its digest can be taken while it writes). */
  readonly appendOnly: boolean;
  /** The virtual size the output will declare for a source of `size` bytes. */
  outputSize(size: number, options: WriterOptions): number;
  create(context: WriterContext): DiskWriter;
}
