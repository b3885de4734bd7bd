// The first bytes of a gzip-compressed package member (ovf:compression="gzip"), inflated without
// inflating the rest: enough for the disk engine to see the image's header and first tables.
import { createGunzip } from 'node:zlib';

/** Compressed bytes fed per step; deflate expands at most about 1032:1, so one step stays below 17 MiB. */
const PIECE = 16 * 1024;

/**
 * Inflates from the start of a gzip stream of `size` bytes until `limit` bytes came out or the
 * stream ends. Rejects with zlib's reason when the bytes are not gzip.
 */
export async function inflateHead(read: (offset: number, length: number) => Promise<Buffer>, size: number, limit: number): Promise<Buffer> {
  const gunzip = createGunzip();
  const parts: Buffer[] = [];
  let total = 0;
  gunzip.on('data', (chunk: Buffer) => {
    parts.push(chunk);
    total += chunk.length;
  });
  const failed = new Promise<never>((_, reject) => gunzip.once('error', reject));
  failed.catch(() => undefined);
  try {
    for (let at = 0; at < size && total < limit; at += PIECE) {
      const piece = await read(at, Math.min(PIECE, size - at));
      // flush() hands back everything the piece inflates to before the next piece is read.
      await Promise.race([new Promise<void>((resolve) => gunzip.write(piece, () => gunzip.flush(() => resolve()))), failed]);
    }
  } finally {
    gunzip.destroy();
  }
  const head = Buffer.concat(parts);
  return head.length > limit ? head.subarray(0, limit) : head;
}
