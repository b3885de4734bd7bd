// A References/File as its consumer sees it: the chunk parts joined in order (ovf:chunkSize) and
// gzip undone (ovf:compression="gzip"), streamed block by block. The output is capped, because a
// few KiB of gzip can expand to terabytes: the caller passes what the file can legitimately hold
// (the disk's capacity plus format overhead) and anything beyond is refused, not buffered.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { READ_CHUNK } from '../digest.ts';
import { EngineError, inputError } from '../errors.ts';
import { throwIfCancelled } from '../job.ts';
import type { OvfFile } from '../ovf/index.ts';
import type { PackageSource } from './package-source.ts';
import { chunkName } from './references.ts';

export interface LogicalFileOptions {
  /** Most bytes the file may produce once joined and decompressed. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

export async function* readLogicalFile(source: PackageSource, reference: OvfFile, options: LogicalFileOptions): AsyncGenerator<Buffer> {
  const compression = reference.compression?.toLowerCase();
  if (compression && compression !== 'gzip' && compression !== 'identity') {
    throw inputError('PACKAGE_COMPRESSION_UNSUPPORTED', `File "${reference.id}" uses ovf:compression="${reference.compression}"; only gzip is defined by DSP0243 and read by importers`, { path: reference.at.path, line: reference.at.line });
  }
  const raw = rawBlocks(source, reference, options.signal);
  let produced = 0;
  const limit = (block: Buffer) => {
    produced += block.length;
    if (produced > options.maxBytes) {
      throw inputError('PACKAGE_DECOMPRESSION_LIMIT', `"${reference.href}" expands past ${options.maxBytes} bytes, more than it can legitimately hold (a compression bomb, or a descriptor that understates the disk)`, { path: reference.at.path, line: reference.at.line });
    }
  };
  if (compression !== 'gzip') {
    for await (const block of raw) {
      limit(block);
      yield block;
    }
    return;
  }
  const gunzip = createGunzip();
  const input = Readable.from(raw);
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const block of gunzip as AsyncIterable<Buffer>) {
      limit(block);
      yield block;
    }
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw inputError('PACKAGE_BAD_GZIP', `"${reference.href}" is not valid gzip data: ${(error as Error).message}`, { path: reference.at.path, line: reference.at.line });
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

async function* rawBlocks(source: PackageSource, reference: OvfFile, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  const names = reference.chunkSize === undefined ? [reference.href] : await chunkNames(source, reference.href);
  for (const name of names) {
    const file = await source.find(name);
    if (!file) throw inputError('PACKAGE_FILE_MISSING', `"${name}" (File "${reference.id}") is not in the package`, { file: source.path });
    const opened = await source.open(file);
    try {
      for (let at = 0; at < opened.size; ) {
        throwIfCancelled(signal, `Reading ${name}`);
        // A fresh buffer per block: the consumer may keep it.
        const block = Buffer.allocUnsafe(Math.min(READ_CHUNK, opened.size - at));
        const { bytesRead } = await opened.handle.read(block, 0, block.length, opened.offset + at);
        if (bytesRead === 0) throw inputError('PACKAGE_SHORT_READ', `"${name}" ends ${opened.size - at} bytes early`, { file: opened.path });
        at += bytesRead;
        yield block.subarray(0, bytesRead);
      }
    } finally {
      await opened.close();
    }
  }
}

async function chunkNames(source: PackageSource, href: string): Promise<string[]> {
  const names: string[] = [];
  while (await source.find(chunkName(href, names.length))) names.push(chunkName(href, names.length));
  if (names.length === 0) names.push(chunkName(href, 0));
  return names;
}
