// Random access to an input file with bounds checks: every read past the end becomes a clear
// DISK_TRUNCATED error naming the file and the offset, never a silent short read. A DiskFile may
// also be a window onto part of a bigger file (a member of an OVA, read in place) or onto bytes in
// memory (the inflated head of a compressed member): reads are confined to that window.
import { open, type FileHandle } from 'node:fs/promises';
import { fileError, inputError } from '../errors.ts';

/** Positional reads, as a FileHandle offers them. */
export interface ByteSource {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

export interface DiskFileRange {
  /** The name messages use, e.g. "appliance.ova/disk1.vmdk". */
  readonly path: string;
  readonly source: ByteSource;
  /** Where the window starts in the source. */
  readonly offset: number;
  readonly size: number;
  /** Releases the source (the range does not own a handle unless this closes it). */
  readonly close?: () => Promise<void>;
}

export class DiskFile {
  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly source: ByteSource,
    private readonly base: number,
    private readonly release: () => Promise<void>,
    private readonly stored: () => Promise<number>,
  ) {}

  static async open(path: string): Promise<DiskFile> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw fileError(error, path);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw inputError('DISK_NOT_A_FILE', 'is not a regular file', { file: path });
      const allocated = async () => {
        const now = await handle.stat();
        return Math.min(now.size, now.blocks * 512);
      };
      return new DiskFile(path, stat.size, handle, 0, () => handle.close(), allocated);
    } catch (error) {
      await handle.close();
      throw fileError(error, path);
    }
  }

  /** A window of `range.size` bytes at `range.offset` of a source; it counts as fully allocated. */
  static inRange(range: DiskFileRange): DiskFile {
    if (!Number.isSafeInteger(range.offset) || !Number.isSafeInteger(range.size) || range.offset < 0 || range.size < 0) {
      throw inputError('DISK_BAD_RANGE', `the range at ${range.offset} of ${range.size} bytes is not valid`, { file: range.path });
    }
    return new DiskFile(range.path, range.size, range.source, range.offset, range.close ?? (async () => undefined), async () => range.size);
  }

  /** Bytes held in memory, seen as a file named `path`. */
  static fromBytes(path: string, bytes: Buffer): DiskFile {
    const source: ByteSource = {
      read: async (buffer, offset, length, position) => ({ bytesRead: bytes.copy(buffer, offset, position, Math.min(bytes.length, position + length)) }),
    };
    return DiskFile.inRange({ path, source, offset: 0, size: bytes.length });
  }

  /** Exactly `length` bytes at `offset`, or DISK_TRUNCATED naming `what`. */
  async read(offset: number, length: number, what = 'data'): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0 || offset + length > this.size) {
      throw inputError('DISK_TRUNCATED', `${what} at byte ${offset} (${length} bytes) lies past the end of the file (${this.size} bytes): the file is truncated or its tables are corrupt`, { file: this.path, offset });
    }
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.source.read(buffer, done, length - done, this.base + offset + done);
      if (bytesRead === 0) throw inputError('DISK_TRUNCATED', `${what} at byte ${offset} ends early: the file shrank while it was read`, { file: this.path, offset });
      done += bytesRead;
    }
    return buffer;
  }

  /** Up to `length` bytes at `offset`, fewer at the end of the file (for probes). */
  async readUpTo(offset: number, length: number): Promise<Buffer> {
    const start = Math.max(0, Math.min(offset, this.size));
    return this.read(start, Math.max(0, Math.min(length, this.size - start)));
  }

  /** Bytes the file really occupies on disk (holes excluded), when the system says. */
  async allocatedBytes(): Promise<number> {
    return this.stored();
  }

  async close(): Promise<void> {
    await this.release();
  }
}
