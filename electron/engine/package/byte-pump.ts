// Streams a byte range of an open file in large blocks, reading the next block while the current
// one is consumed (hashed, written), so the disk and the CPU work at the same time.
import type { FileHandle } from 'node:fs/promises';
import { inputError } from '../errors.ts';
import { READ_CHUNK } from '../digest.ts';
import { throwIfCancelled } from '../job.ts';

export interface PumpOptions {
  readonly signal?: AbortSignal | undefined;
  /** Called with each block's length after it was consumed. */
  readonly onBytes?: (bytes: number) => void;
  /** What is being read, for error messages. */
  readonly what: string;
  /** Read into shared memory, so blocks can go to a worker thread without a copy. */
  readonly shared?: boolean;
}

/**
 * Calls `consume` with consecutive blocks covering [offset, offset + length). A block is only
 * valid during its call (its buffer is reused); `consume` may be async, e.g. to write it out.
 */
export async function pumpRange(handle: FileHandle, offset: number, length: number, consume: (block: Buffer) => void | Promise<void>, options: PumpOptions): Promise<void> {
  const size = Math.min(READ_CHUNK, Math.max(length, 1));
  const allocate = () => (options.shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size));
  const buffers = [allocate(), allocate()];
  const readBlock = async (which: number, position: number): Promise<Buffer> => {
    const buffer = buffers[which]!;
    const want = Math.min(buffer.length, offset + length - position);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await handle.read(buffer, got, want - got, position + got);
      if (bytesRead === 0) throw inputError('PACKAGE_SHORT_READ', `${options.what} ends ${offset + length - position - got} bytes early (was it truncated or changed while being read?)`, { offset: position + got });
      got += bytesRead;
    }
    return buffer.subarray(0, want);
  };
  let position = offset;
  let which = 0;
  let next = length > 0 ? readBlock(which, position) : undefined;
  while (next) {
    throwIfCancelled(options.signal, `Reading ${options.what}`);
    const block = await next;
    position += block.length;
    which ^= 1;
    next = position < offset + length ? readBlock(which, position) : undefined;
    try {
      await consume(block);
    } catch (error) {
      // Let the read in flight settle before the caller closes the handle.
      await next?.catch(() => undefined);
      throw error;
    }
    options.onBytes?.(block.length);
  }
}
