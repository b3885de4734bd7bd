// An output disk file: written under a temporary name beside its final path and renamed only when
// complete, removed on failure or cancel. Appends are queued so the file system works while the
// pipeline computes; an append-only output is digested as it is written, any other output is
// digested by reading it back once it is complete.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EngineError, fileError } from '../errors.ts';
import type { Digests, DigestService, DigestStream } from './workers.ts';

/** Most bytes queued for the file system before append waits. */
const WRITE_WINDOW = 16 * 1024 * 1024;

export interface SinkResult {
  readonly bytes: number;
  readonly digests: Digests;
}

export class DiskSink {
  /** Where the next append lands. */
  position = 0;
  private queued = 0;
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
    const at = this.position;
    this.position += bytes.length;
    this.enqueue(at, bytes);
    await this.stream?.update(bytes);
    if (this.queued > WRITE_WINDOW) await this.writes;
    if (this.writeError) throw fileError(this.writeError, this.path);
  }

  /** Leaves `length` zero bytes as a hole (the file is extended at finish). */
  skip(length: number): void {
    this.position += length;
    this.stream?.zeros(length);
  }

  /** Rewrites bytes already written (headers and tables whose content is known only at the end). */
  patch(offset: number, bytes: Buffer): void {
    if (this.appendOnly) throw new EngineError('DISK_SINK_PATCH', 'internal', `${this.path}: an append-only writer tried to rewrite byte ${offset}`);
    this.enqueue(offset, bytes);
  }

  async finish(): Promise<SinkResult> {
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
