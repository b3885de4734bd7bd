// Hashes byte ranges of files off the main thread, so verifying a package keeps both cores busy
// (one range per worker) and the main thread free for the UI. Progress is posted every few blocks.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { pumpRange } from './byte-pump.ts';

export interface RangeDigestRequest {
  readonly id: number;
  readonly path: string;
  readonly offset: number;
  readonly length: number;
  readonly algorithm: string;
  readonly what: string;
}

export type RangeDigestResponse =
  | { readonly type: 'progress'; readonly id: number; readonly bytes: number }
  | { readonly type: 'done'; readonly id: number; readonly digest: string }
  | { readonly type: 'error'; readonly id: number; readonly code?: string; readonly message: string };

// Often enough for a smooth per-file bar; a message per 4 MiB costs nothing beside hashing it.
const REPORT_EVERY = 4 * 1024 * 1024;

async function digestRange(request: RangeDigestRequest): Promise<string> {
  const handle = await open(request.path, 'r');
  try {
    const hash = createHash(request.algorithm);
    let unreported = 0;
    await pumpRange(handle, request.offset, request.length, (block) => void hash.update(block), {
      what: request.what,
      onBytes: (bytes) => {
        unreported += bytes;
        if (unreported >= REPORT_EVERY) {
          parentPort?.postMessage({ type: 'progress', id: request.id, bytes: unreported } satisfies RangeDigestResponse);
          unreported = 0;
        }
      },
    });
    if (unreported > 0) parentPort?.postMessage({ type: 'progress', id: request.id, bytes: unreported } satisfies RangeDigestResponse);
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

parentPort?.on('message', (request: RangeDigestRequest) => {
  digestRange(request).then(
    (digest) => parentPort?.postMessage({ type: 'done', id: request.id, digest } satisfies RangeDigestResponse),
    (error: unknown) => {
      const code = (error as { code?: string }).code;
      parentPort?.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) } satisfies RangeDigestResponse);
    },
  );
});
