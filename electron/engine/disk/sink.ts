// An output disk file: written under a temporary name beside its final path and renamed only when
// complete, removed on failure or cancel. Small appends (grains, clusters) are gathered into runs
// of a few MiB, each one vectored write and one digest message: every hand-off to the file
// system's thread pool or to a worker costs a thread wake-up, which on a busy machine costs
// milliseconds. Writes are queued so the file system works while the pipeline computes; an
// append-only output is digested as it is written, any other output by reading it back at the end.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EngineError, fileError } from '../errors.ts';
import type { Digests, DigestService, DigestStream } from './workers.ts';

/** Most bytes queued for the file system before append waits. */
const WRITE_WINDOW = 8 * 1024 * 1024;
/** Appends are gathered up to this size before they are written and digested. */
const RUN_BYTES = 2 * 1024 * 1024;

export interface SinkResult {
  readonly bytes: number;
  readonly digests: Digests;
}

export class DiskSink {
  /** Where the next append lands. */
  position = 0;
  private queued = 0;
  private run: Buffer[] = [];
  private runBytes = 0;
  private writes: Promise<void> = Promise.resolve();
  private writeError: unknown;
  private readonly stream: DigestStream | undefined;

  private constructor(
    readonly path: string,
    private readonly temporary: string,
    private readonly handle: FileHandle,
    readonly appendOnly: boolean,
    private readonly digester: DigestService,
    private readonly algorithms: readonly string[],
  ) {
    this.stream = appendOnly && algorithms.length > 0 ? digester.stream(algorithms) : undefined;
  }

  static async create(path: string, appendOnly: boolean, digester: DigestService, algorithms: readonly string[]): Promise<DiskSink> {
    const temporary = join(dirname(path), `.${basename(path)}.partial-${randomBytes(4).toString('hex')}`);
    try {
      const handle = await open(temporary, 'wx');
      return new DiskSink(path, temporary, handle, appendOnly, digester, algorithms);
    } catch (error) {
      throw fileError(error, path);
    }
  }

  async append(bytes: Buffer): Promise<void> {
    if (bytes.length === 0) return;
    this.run.push(bytes);
    this.runBytes += bytes.length;
    this.position += bytes.length;
    if (this.runBytes >= RUN_BYTES) await this.flushRun();
  }

  /** Leaves `length` zero bytes as a hole (the file is extended at finish). */
  async skip(length: number): Promise<void> {
    await this.flushRun();
    this.position += length;
    this.stream?.zeros(length);
  }

  private async flushRun(): Promise<void> {
    if (this.runBytes === 0) return;
    const run = this.run;
    const at = this.position - this.runBytes;
    this.run = [];
    this.runBytes = 0;
    const bytes = run.length === 1 ? run[0]! : Buffer.concat(run);
    this.enqueue(at, bytes);
    await this.stream?.update(bytes);
    if (this.queued > WRITE_WINDOW) await this.writes;
    if (this.writeError) throw fileError(this.writeError, this.path);
  }

  /** Rewrites bytes already written (headers and tables whose content is known only at the end). */
  async patch(offset: number, bytes: Buffer): Promise<void> {
    if (this.appendOnly) throw new EngineError('DISK_SINK_PATCH', 'internal', `${this.path}: an append-only writer tried to rewrite byte ${offset}`);
    // The bytes being rewritten may still wait in the current run.
    await this.flushRun();
    this.enqueue(offset, bytes);
  }

  async finish(): Promise<SinkResult> {
    await this.flushRun();
    await this.writes;
    if (this.writeError) throw fileError(this.writeError, this.path);
    try {
      await this.handle.truncate(this.position);
      await this.handle.close();
    } catch (error) {
      throw fileError(error, this.path);
    }
    // Digest before the rename, so a failure here still leaves no output behind.
    const digests = this.stream ? await this.stream.end() : this.algorithms.length > 0 ? await this.digester.file(this.temporary, this.algorithms) : {};
    try {
      await rename(this.temporary, this.path);
    } catch (error) {
      throw fileError(error, this.path);
    }
    return { bytes: this.position, digests };
  }

  /** Removes the partial output; safe to call at any time, also after a failed finish. */
  async abort(): Promise<void> {
    await this.writes.catch(() => undefined);
    await this.handle.close().catch(() => undefined);
    await rm(this.temporary, { force: true });
  }

  private enqueue(offset: number, bytes: Buffer): void {
    this.queued += bytes.length;
    this.writes = this.writes.then(async () => {
      if (this.writeError) return;
      try {
        let done = 0;
        while (done < bytes.length) {
          const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, offset + done);
          done += bytesWritten;
        }
      } catch (error) {
        this.writeError = error;
      } finally {
        this.queued -= bytes.length;
      }
    });
  }
}
