// One pass: the source is read once, in order; each chunk is split into BLOCK_UNIT pieces, zero
// pieces become zero runs, and every block goes to every writer. Writers append to sinks whose
// digests are computed on the digest worker; VMDK grains are deflated on the deflate workers.
// Cancel or failure removes every output (finished ones too) and never touches the source.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inputError, usageError } from '../errors.ts';
import { ProgressMeter, throwIfCancelled, type JobContext } from '../job.ts';
import { openDisk } from './probe.ts';
import { rawTarget } from './raw.ts';
import { DiskSink } from './sink.ts';
import { BLOCK_UNIT, TARGET_FORMATS, type Block, type DiskReader, type DiskWriter, type TargetFormat, type TargetModule, type WriterOptions } from './types.ts';
import { vhdDynamicTarget, vhdFixedTarget } from './vhd.ts';
import { vhdxTarget } from './vhdx.ts';
import { vmdkTarget } from './vmdk-stream-writer.ts';
import { qcow2Target } from './qcow2.ts';
import { DeflatePool, DigestService } from './workers.ts';
import { isAllZero } from '../zeros.ts';

export const targets: Readonly<Record<TargetFormat, TargetModule>> = {
  vmdk: vmdkTarget,
  vhd: vhdDynamicTarget,
  'vhd-fixed': vhdFixedTarget,
  vhdx: vhdxTarget,
  qcow2: qcow2Target,
  raw: rawTarget,
};

export type OutputDigest = 'sha256' | 'sha512';

export interface ConvertOutput {
  readonly path: string;
  readonly format: TargetFormat;
  /**
   * Virtual size to declare, at least the source's (default: the source's). The space past the
   * source is written as zeros the format does not store: unallocated in the sparse formats, holes
   * in raw and fixed VHD.
   */
  readonly capacity?: number;
  readonly options?: WriterOptions & { readonly digests?: readonly OutputDigest[] };
}

export interface ConvertResult {
  readonly path: string;
  readonly format: TargetFormat;
  /** Size of the output file. */
  readonly bytes: number;
  /** Virtual size the output declares. */
  readonly virtualSize: number;
  readonly sha256: string;
  readonly sha512?: string;
}

/** Source bytes read per step: large enough for the disk, small enough to keep memory flat. */
const CHUNK = 4 * 1024 * 1024;
const READ_AHEAD = 2;

/** Allocated extents widened to BLOCK_UNIT boundaries, merged, clipped to the disk. */
async function unitRanges(reader: DiskReader): Promise<{ offset: number; length: number }[]> {
  const ranges: { offset: number; length: number }[] = [];
  for (const extent of await reader.extents()) {
    const start = Math.floor(extent.offset / BLOCK_UNIT) * BLOCK_UNIT;
    const end = Math.min(reader.virtualSize, Math.ceil((extent.offset + extent.length) / BLOCK_UNIT) * BLOCK_UNIT);
    const last = ranges.at(-1);
    if (last && last.offset + last.length >= start) last.length = Math.max(last.length, end - last.offset);
    else if (end > start) ranges.push({ offset: start, length: end - start });
  }
  return ranges;
}

/** Splits a chunk into data blocks and zero runs, BLOCK_UNIT at a time. */
function* blocksOf(offset: number, chunk: Buffer): Generator<Block> {
  let runStart = 0;
  let runIsZero: boolean | undefined;
  for (let at = 0; ; at += BLOCK_UNIT) {
    const done = at >= chunk.length;
    const unit = chunk.subarray(at, at + BLOCK_UNIT);
    const isZero = done ? undefined : isAllZero(unit);
    if (isZero !== runIsZero) {
      const end = Math.min(at, chunk.length);
      if (runIsZero !== undefined && end > runStart) yield runIsZero ? { offset: offset + runStart, zeros: end - runStart } : { offset: offset + runStart, data: chunk.subarray(runStart, end) };
      runStart = at;
      runIsZero = isZero;
    }
    if (done) return;
  }
}

function checkOutputs(source: string, outputs: readonly ConvertOutput[]): void {
  if (outputs.length === 0) throw usageError('no output was given: name at least one with -o FILE --to FORMAT');
  const seen = new Set<string>([resolve(source)]);
  for (const output of outputs) {
    if (!TARGET_FORMATS.includes(output.format)) throw usageError(`unknown output format "${output.format}": use ${TARGET_FORMATS.join(', ')}`);
    const path = resolve(output.path);
    if (seen.has(path)) throw usageError(path === resolve(source) ? `the output ${output.path} is the source itself` : `the output ${output.path} is named twice`);
    seen.add(path);
  }
}

/** The virtual size an output is written at: its capacity, which may grow the source but never shrink it. */
function grownSize(source: string, sourceSize: number, output: ConvertOutput): number {
  const capacity = output.capacity ?? sourceSize;
  if (!Number.isSafeInteger(capacity) || capacity < sourceSize) {
    throw usageError(`${output.path}: a capacity of ${capacity} bytes is smaller than the ${sourceSize} bytes of ${source}; a disk cannot shrink below its image (data there would be lost)`);
  }
  return capacity;
}

/**
 * Converts `source` (any readable format) to every output in one read. Returns, per output, its
 * size and SHA-256 (and SHA-512 when asked) for the manifest.
 */
export async function convertDisk(source: string, outputs: readonly ConvertOutput[], context: JobContext = {}): Promise<ConvertResult[]> {
  checkOutputs(source, outputs);
  const { reader } = await openDisk(source);
  const digester = new DigestService();
  const pool = outputs.some((o) => o.format === 'vmdk') ? new DeflatePool() : undefined;
  const sinks: DiskSink[] = [];
  const finished: string[] = [];
  try {
    if (reader.parent) throw inputError('DISK_HAS_PARENT', `this is a differencing disk whose parent is "${reader.parent.hint}"; merge it into a standalone disk first (for example with qemu-img convert) before packaging`, { file: source });
    const writers: DiskWriter[] = [];
    const sizes = outputs.map((output) => grownSize(source, reader.virtualSize, output));
    for (const output of outputs) {
      const target = targets[output.format];
      const options = output.options ?? {};
      const algorithms = [...new Set<OutputDigest>(['sha256', ...(options.digests ?? [])])];
      const sink = await DiskSink.create(output.path, target.appendOnly, digester, algorithms);
      sinks.push(sink);
      const deflate = (grains: readonly Buffer[], level: number) => (pool ? pool.deflate(grains, level) : Promise.reject(new Error('no deflate pool')));
      writers.push(target.create({ sink, virtualSize: target.outputSize(sizes[writers.length]!, options), options, deflate }));
    }
    const meter = new ProgressMeter(reader.virtualSize, context.onProgress);
    meter.setLabel(source);
    const send = (block: Block) => Promise.all(writers.map((writer) => writer.write(block)));
    let position = 0;
    for (const range of await unitRanges(reader)) {
      if (range.offset > position) await send({ offset: position, zeros: range.offset - position });
      meter.add(range.offset - position);
      const end = range.offset + range.length;
      // Two chunks are read ahead, so a slow or busy disk overlaps with the writers' work.
      const reads: Promise<Buffer>[] = [];
      let nextRead = range.offset;
      const readMore = () => {
        while (reads.length < READ_AHEAD && nextRead < end) {
          const read = reader.read(nextRead, Math.min(CHUNK, end - nextRead));
          read.catch(() => undefined);
          reads.push(read);
          nextRead += CHUNK;
        }
      };
      for (let at = range.offset; at < end; at += CHUNK) {
        throwIfCancelled(context.signal, `Conversion of ${source}`);
        readMore();
        const chunk = await reads.shift()!;
        readMore();
        for (const block of blocksOf(at, chunk)) await send(block);
        meter.add(chunk.length);
      }
      position = range.offset + range.length;
    }
    // The source's last zero run, and for a grown output the new space after it, in one zero block.
    await Promise.all(writers.map((writer, i) => (sizes[i]! > position ? writer.write({ offset: position, zeros: sizes[i]! - position }) : undefined)));
    meter.add(reader.virtualSize - position);
    throwIfCancelled(context.signal, `Conversion of ${source}`);
    // Outputs finish together: those digested by reading back are hashed on several workers at once.
    // All settle before a failure is thrown, so the cleanup below sees every finished output.
    const settled = await Promise.allSettled(
      writers.map(async (writer, i): Promise<ConvertResult> => {
        const output = outputs[i]!;
        await writer.finish();
        const { bytes, digests } = await sinks[i]!.finish();
        finished.push(output.path);
        return {
          path: output.path,
          format: output.format,
          bytes,
          virtualSize: targets[output.format].outputSize(sizes[i]!, output.options ?? {}),
          sha256: digests.sha256 ?? '',
          ...(digests.sha512 ? { sha512: digests.sha512 } : {}),
        };
      }),
    );
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    meter.flush();
    return settled.map((r) => (r as PromiseFulfilledResult<ConvertResult>).value);
  } catch (error) {
    await Promise.all(sinks.map((sink) => sink.abort()));
    await Promise.all(finished.map((path) => rm(path, { force: true })));
    throw error;
  } finally {
    await reader.close();
    await Promise.all([digester.close(), pool?.close()]);
  }
}
