// Random access to an input file with bounds checks: every read past the end becomes a clear
// DISK_TRUNCATED error naming the file and the offset, never a silent short read.
import { open, type FileHandle } from 'node:fs/promises';
import { fileError, inputError } from '../errors.ts';

export class DiskFile {
  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly handle: FileHandle,
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
      return new DiskFile(path, stat.size, handle);
    } catch (error) {
      await handle.close();
      throw fileError(error, path);
    }
  }

  /** Exactly `length` bytes at `offset`, or DISK_TRUNCATED naming `what`. */
  async read(offset: number, length: number, what = 'data'): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.size) {
      throw inputError('DISK_TRUNCATED', `${what} at byte ${offset} (${length} bytes) lies past the end of the file (${this.size} bytes): the file is truncated or its tables are corrupt`, { file: this.path, offset });
    }
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done);
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
    const stat = await this.handle.stat();
    return Math.min(stat.size, stat.blocks * 512);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
