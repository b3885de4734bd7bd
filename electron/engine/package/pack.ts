// packPackage: descriptor + the files its References name -> an OVA (or an OVF folder), with a
// strict manifest and, when a signer is given, a .cert. The OVA layout follows DSP0243 and what
// importers expect: descriptor, manifest, certificate, then files in References order. Sizes are
// known up front, so the manifest and certificate slots are reserved after the descriptor, each
// file is copied and hashed in one pass, and the two slots are filled in at the end. The output is
// written under a temporary name beside the target, flushed to disk and renamed when complete; a
// failure or a cancel removes it.
import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { DigestService, type DigestStream } from '../disk/workers.ts';
import { fileError, inputError, isSystemError } from '../errors.ts';
import { ProgressMeter, throwIfCancelled, type JobContext } from '../job.ts';
import { isAllZero } from '../zeros.ts';
import { parseDescriptor, DEFAULT_MAX_DESCRIPTOR_BYTES, type OvfFile } from '../ovf/index.ts';
import type { SigningIdentity } from '../trust/keys.ts';
import { maxCertFileSize, signManifest } from '../trust/sign.ts';
import { pumpRange } from './byte-pump.ts';
import { formatManifest, manifestSize, type ManifestAlgorithm } from './manifest.ts';
import { openPackage, type PackageSource } from './package-source.ts';
import { referencedFiles } from './references.ts';
import { checkMemberName, layoutTar, memberHeader, memberPadding, tarTrailer, type PlacedEntry } from './tar-writer.ts';

export type PackFormat = 'ova' | 'ovf';

export interface PackOptions extends JobContext {
  /** The .ova file, or the folder for an OVF folder package. */
  readonly output: string;
  /** Default: 'ova' when the output ends in .ova, else 'ovf'. */
  readonly format?: PackFormat;
  readonly algorithm?: ManifestAlgorithm;
  readonly signer?: SigningIdentity;
  /** Digest of the signature; defaults to the manifest's algorithm. */
  readonly signatureAlgorithm?: ManifestAlgorithm;
  /** Modification time written into every tar header, in seconds (default 0, for reproducibility). */
  readonly mtime?: number;
}

export interface PackResult {
  readonly output: string;
  readonly format: PackFormat;
  /** In package order. */
  readonly members: readonly { readonly name: string; readonly size: number; readonly offset?: number }[];
  readonly manifest: string;
  readonly signed: boolean;
  readonly bytes: number;
  readonly seconds: number;
}

interface SourceFile {
  readonly name: string;
  readonly path: string;
  readonly size: number;
}

export async function packPackage(descriptorPath: string, options: PackOptions): Promise<PackResult> {
  const started = performance.now();
  const algorithm = options.algorithm ?? 'sha256';
  const format = options.format ?? (extname(options.output).toLowerCase() === '.ova' ? 'ova' : 'ovf');
  const descriptorName = basename(descriptorPath);
  const descriptorBytes = await readDescriptorBytes(descriptorPath);
  const descriptor = parseDescriptor(descriptorBytes, descriptorName);
  const { source, files } = await sourceFiles(descriptorPath, descriptor.envelope.references);
  const base = descriptorName.slice(0, -extname(descriptorName).length || undefined);
  const manifestName = `${base}.mf`;
  const certName = `${base}.cert`;
  for (const name of [descriptorName, manifestName, ...(options.signer ? [certName] : []), ...files.map((f) => f.name)]) checkMemberName(name, descriptorPath);
  const seen = new Set<string>([descriptorName, manifestName, certName]);
  for (const file of files) {
    if (seen.has(file.name)) throw inputError('PACK_DUPLICATE_FILE', `"${file.name}" is named twice (or collides with the descriptor, manifest or certificate)`, { file: descriptorPath });
    seen.add(file.name);
  }

  const output = resolve(options.output);
  const inputs = [resolve(descriptorPath), ...files.map((f) => resolve(f.path))];
  if (inputs.includes(output) || (format === 'ovf' && resolve(dirname(descriptorPath)) === output)) {
    throw inputError('PACK_OUTPUT_IS_INPUT', 'the output would replace one of the package\'s own source files; choose another output path', { file: output });
  }
  const temporary = join(dirname(output), `.${basename(output)}.partial-${process.pid}-${Date.now()}`);
  const meter = new ProgressMeter(files.reduce((sum, f) => sum + f.size, 0) + descriptorBytes.length, options.onProgress);
  meter.setLabel(`Packing ${basename(output)}`);
  const signatureAlgorithm = options.signatureAlgorithm ?? algorithm;
  const finish = (digests: Map<string, string>) => {
    const manifest = formatManifest([descriptorName, ...files.map((f) => f.name)].map((name) => ({ algorithm, name, digest: digests.get(name)! })));
    const cert = options.signer ? signManifest(Buffer.from(manifest), manifestName, options.signer, signatureAlgorithm) : undefined;
    return { manifest, cert };
  };
  const hasher = new Hasher(files.reduce((sum, f) => sum + f.size, 0));
  try {
    await mkdir(dirname(output), { recursive: true });
    if (format === 'ova') {
      const certSize = options.signer ? maxCertFileSize(manifestName, options.signer, signatureAlgorithm) : 0;
      const layout = layoutTar([
        { name: descriptorName, size: descriptorBytes.length },
        { name: manifestName, size: manifestSize(algorithm, [descriptorName, ...files.map((f) => f.name)]) },
        ...(options.signer ? [{ name: certName, size: certSize }] : []),
        ...files.map((f) => ({ name: f.name, size: f.size })),
      ]);
      const stamp = { mtime: options.mtime ?? 0 };
      const out = await open(temporary, 'wx').catch((error: unknown) => Promise.reject(fileError(error, temporary)));
      try {
        const digests = new Map<string, string>();
        const [descriptorEntry, manifestEntry, ...rest] = layout.entries;
        const certEntry = options.signer ? rest.shift() : undefined;
        await writeSmall(out, descriptorEntry!, descriptorBytes, stamp);
        digests.set(descriptorName, createHash(algorithm).update(descriptorBytes).digest('hex'));
        meter.add(descriptorBytes.length);
        for (const [index, entry] of rest.entries()) {
          const file = files[index]!;
          await out.write(memberHeader(entry, stamp), 0, 512, entry.headerOffset);
          digests.set(file.name, await copyHashed(source, file, hasher, algorithm, out, entry.dataOffset, meter, options.signal));
          await out.write(memberPadding(entry.size), 0, undefined, entry.dataOffset + entry.size);
        }
        const { manifest, cert } = finish(digests);
        await writeSmall(out, manifestEntry!, Buffer.from(manifest), stamp);
        if (certEntry && cert !== undefined) await writeSmall(out, certEntry, Buffer.from(cert.padEnd(certEntry.size, '\n')), stamp);
        await out.write(tarTrailer(layout), 0, undefined, layout.endOffset);
        await out.truncate(layout.totalSize);
        // On disk before it takes its final name, so a crash never leaves a complete-looking but empty package.
        await out.sync();
        await out.close();
        throwIfCancelled(options.signal, 'Packing');
        await rename(temporary, output);
        meter.flush();
        return {
          output,
          format,
          members: [descriptorEntry!, manifestEntry!, ...(certEntry ? [certEntry] : []), ...rest].map((e) => ({ name: e.name, size: e.size, offset: e.dataOffset })),
          manifest,
          signed: Boolean(cert),
          bytes: layout.totalSize,
          seconds: (performance.now() - started) / 1000,
        };
      } finally {
        await out.close().catch(() => undefined);
      }
    }
    if (await lstat(output).then(() => true, () => false)) throw inputError('PACK_OUTPUT_EXISTS', 'the output folder already exists; choose a new folder', { file: output });
    await mkdir(temporary);
    const digests = new Map<string, string>();
    await writeWhole(join(temporary, descriptorName), descriptorBytes);
    digests.set(descriptorName, createHash(algorithm).update(descriptorBytes).digest('hex'));
    meter.add(descriptorBytes.length);
    for (const file of files) {
      const out = await open(join(temporary, file.name), 'wx');
      try {
        digests.set(file.name, await copyHashed(source, file, hasher, algorithm, out, 0, meter, options.signal));
        await out.truncate(file.size);
        await out.sync();
      } finally {
        await out.close();
      }
    }
    const { manifest, cert } = finish(digests);
    await writeWhole(join(temporary, manifestName), Buffer.from(manifest));
    if (cert !== undefined) await writeWhole(join(temporary, certName), Buffer.from(cert));
    throwIfCancelled(options.signal, 'Packing');
    await rename(temporary, output);
    meter.flush();
    const names = [descriptorName, ...files.map((f) => f.name), manifestName, ...(cert ? [certName] : [])];
    const sizes = new Map([[descriptorName, descriptorBytes.length], [manifestName, Buffer.byteLength(manifest)], [certName, cert ? Buffer.byteLength(cert) : 0], ...files.map((f) => [f.name, f.size] as const)]);
    return { output, format, members: names.map((name) => ({ name, size: sizes.get(name)! })), manifest, signed: Boolean(cert), bytes: [...sizes.values()].reduce((a, b) => a + b, 0), seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw isSystemError(error) ? fileError(error, error.path ?? output) : error;
  } finally {
    await hasher.close();
  }
}

async function readDescriptorBytes(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (info.size > DEFAULT_MAX_DESCRIPTOR_BYTES) throw inputError('OVF_TOO_LARGE', `the descriptor is ${info.size} bytes, more than the ${DEFAULT_MAX_DESCRIPTOR_BYTES} allowed`, { file: path });
    return await readFile(path);
  } catch (error) {
    throw fileError(error, path);
  }
}

/**
 * The files References name, found beside the descriptor through the folder package reader, so
 * the same rules hold as when verifying: no href outside the folder, no symlink leading out of it.
 */
async function sourceFiles(descriptorPath: string, references: readonly OvfFile[]): Promise<{ source: PackageSource; files: SourceFile[] }> {
  const source = await openPackage(resolve(descriptorPath));
  const folder = dirname(source.path);
  const { files: referenced } = await referencedFiles(references, source, descriptorPath);
  const files: SourceFile[] = [];
  const totals = new Map<OvfFile, number>();
  for (const { name, reference } of referenced) {
    const where = { file: descriptorPath, path: reference.at.path, line: reference.at.line };
    const file = await source.find(name);
    if (!file) throw inputError('PACK_FILE_MISSING', `"${name}" (File "${reference.id}") is not beside the descriptor`, where);
    files.push({ name, size: file.size, path: join(folder, name) });
    totals.set(reference, (totals.get(reference) ?? 0) + file.size);
  }
  for (const [reference, total] of totals) {
    if (reference.size !== undefined && reference.size !== total) {
      throw inputError('PACK_SIZE_MISMATCH', `File "${reference.id}" declares ovf:size="${reference.size}" but "${reference.href}" is ${total} bytes; importers check this, so fix the descriptor`, { file: descriptorPath, path: reference.at.path, line: reference.at.line });
    }
  }
  return { source, files };
}

async function writeSmall(out: FileHandle, entry: PlacedEntry, data: Buffer, stamp: { mtime: number }): Promise<void> {
  if (data.length !== entry.size) throw new Error(`internal: ${entry.name} is ${data.length} bytes, ${entry.size} reserved`);
  await out.write(Buffer.concat([memberHeader(entry, stamp), data, memberPadding(entry.size)]), 0, undefined, entry.headerOffset);
}

async function writeWhole(path: string, data: Buffer): Promise<void> {
  const out = await open(path, 'wx');
  try {
    await out.write(data, 0, data.length, 0);
    await out.sync();
  } finally {
    await out.close();
  }
}

/** Copies a source file to `out` at `position`; the worker hashes the same blocks while they are written. */
async function copyHashed(source: PackageSource, file: SourceFile, hasher: Hasher, algorithm: ManifestAlgorithm, out: FileHandle, position: number, meter: ProgressMeter, signal: AbortSignal | undefined): Promise<string> {
  const opened = await source.open(file);
  const digest = hasher.stream([algorithm]);
  const flusher = new BackgroundFlush(out);
  try {
    let at = position;
    await pumpRange(
      opened.handle,
      opened.offset,
      opened.size,
      async (block) => {
        // All-zero blocks become holes: the output was created empty and is sized at the end,
        // so a mostly empty raw disk costs no writes and no disk space.
        const zero = isAllZero(block);
        const writing = zero ? undefined : out.write(block, 0, block.length, at);
        // The block is in shared memory: the worker hashes it in place while it is being written.
        const hashing = zero ? digest.zeros(block.length) : digest.updateShared(block);
        at += block.length;
        await Promise.all([writing, hashing]);
        if (!zero) flusher.wrote(block.length);
      },
      { signal, onBytes: (bytes) => meter.add(bytes), what: `"${file.name}"`, shared: true },
    );
    if (opened.size !== file.size) throw inputError('PACK_FILE_CHANGED', `"${file.name}" changed size while being packed`, { file: opened.path });
    await flusher.settle();
    return (await digest.end())[algorithm]!;
  } finally {
    await flusher.settle().catch(() => undefined);
    await opened.close();
  }
}

/** Bytes written between two background flushes. */
const FLUSH_EVERY = 256 * 1024 * 1024;

/**
 * Starts writing to disk what has been copied so far while the copy goes on, so the disk works in
 * parallel with the CPU and the sync before the final rename has little left to wait for.
 */
class BackgroundFlush {
  private unflushed = 0;
  private flushing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(private readonly out: FileHandle) {}

  wrote(bytes: number): void {
    this.unflushed += bytes;
    if (this.unflushed < FLUSH_EVERY || this.flushing) return;
    this.unflushed = 0;
    this.flushing = this.out.datasync().then(
      () => void (this.flushing = undefined),
      (error: unknown) => void ((this.failure ??= { error }), (this.flushing = undefined)),
    );
  }

  /** Waits for the flush in flight; throws if a flush failed. */
  async settle(): Promise<void> {
    await this.flushing;
    if (this.failure) throw this.failure.error;
  }
}

/** Below this many bytes in all, hashing stays on this thread: starting a worker would cost more. */
const WORKER_THRESHOLD = 8 * 1024 * 1024;

/**
 * Digest streams for the packed files. For big packages they run on a worker thread while this
 * thread reads and writes, so hashing and copying use both cores at once.
 */
class Hasher {
  private readonly service: DigestService | undefined;

  constructor(totalBytes: number) {
    this.service = totalBytes >= WORKER_THRESHOLD ? new DigestService(1) : undefined;
  }

  stream(algorithms: readonly ManifestAlgorithm[]): DigestStream {
    if (this.service) return this.service.stream(algorithms);
    const hashes = algorithms.map((algorithm) => [algorithm, createHash(algorithm)] as const);
    const update = async (bytes: Buffer) => void hashes.forEach(([, hash]) => hash.update(bytes));
    return {
      update,
      updateShared: update,
      zeros: (length) => void hashes.forEach(([, hash]) => hash.update(Buffer.alloc(length))),
      end: async () => Object.fromEntries(hashes.map(([algorithm, hash]) => [algorithm, hash.digest('hex')])),
    };
  }

  async close(): Promise<void> {
    await this.service?.close();
  }
}

