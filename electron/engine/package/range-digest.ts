// Digests of byte ranges (package files, read in place) on a pool of worker threads: one range per
// worker, as many workers as cores (at most 2 by default: more only adds disk seeks). Small ranges
// are hashed right here, where starting a worker would cost more than the hash.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EngineError, inputError } from '../errors.ts';
import { throwIfCancelled } from '../job.ts';
import { pumpRange } from './byte-pump.ts';
import type { PackageFile, PackageSource } from './package-source.ts';
import type { RangeDigestRequest, RangeDigestResponse } from './range-digest.worker.ts';

export interface DigestJob {
  readonly file: PackageFile;
  readonly algorithm: string;
}

/** Ranges below this are hashed on the calling thread. */
const WORKER_THRESHOLD = 8 * 1024 * 1024;

function workerScript(): { url: URL; execArgv: string[] } {
  // Under tsx the worker is the .ts beside this file; bundled, build.mjs puts it in dist/workers/.
  if (import.meta.url.endsWith('.ts')) return { url: new URL('./range-digest.worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] };
  return { url: new URL('../workers/range-digest.worker.js', import.meta.url), execArgv: [] };
}

export interface DigestOptions {
  readonly signal?: AbortSignal | undefined;
  /** `bytes` more of job `index` were hashed; called with 0 when a lane starts the job. */
  readonly onBytes: (bytes: number, index: number) => void;
  /** Job `index` is hashed to `digest`. */
  readonly onDigest?: (index: number, digest: string) => void;
  readonly concurrency?: number;
}

/**
 * Hashes every job's file and returns the hex digests in job order. `onBytes` counts progress per
 * job; `signal` stops the workers at once. The source must be an open package (OVA or folder).
 */
export async function digestFiles(source: PackageSource, jobs: readonly DigestJob[], options: DigestOptions): Promise<string[]> {
  const results: string[] = new Array<string>(jobs.length);
  const workers: Worker[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lanes = Math.max(1, Math.min(options.concurrency ?? Math.min(availableParallelism(), 2), jobs.length));
  const runLane = async (lane: number): Promise<void> => {
    while (!failure) {
      throwIfCancelled(options.signal, 'Verification');
      const index = next;
      next += 1;
      const job = jobs[index];
      if (!job) return;
      const opened = await source.open(job.file);
      const onBytes = (bytes: number) => options.onBytes(bytes, index);
      try {
        onBytes(0);
        if (opened.size < WORKER_THRESHOLD) {
          const hash = createHash(job.algorithm);
          await pumpRange(opened.handle, opened.offset, opened.size, (block) => void hash.update(block), { signal: options.signal, onBytes, what: `"${job.file.name}"` });
          results[index] = hash.digest('hex');
        } else {
          workers[lane] ??= startWorker();
          results[index] = await inWorker(workers[lane]!, { id: index, path: opened.path, offset: opened.offset, length: opened.size, algorithm: job.algorithm, what: `"${job.file.name}"` }, { signal: options.signal, onBytes });
        }
      } finally {
        await opened.close();
      }
      options.onDigest?.(index, results[index]!);
    }
  };
  // Every lane settles before returning, so no file handle outlives the call; the first failure
  // stops the other lanes (their workers are terminated, which ends their current hash).
  await Promise.all(
    Array.from({ length: lanes }, (_, lane) =>
      runLane(lane).catch((error: unknown) => {
        failure ??= { error };
        for (const worker of workers) void worker?.terminate();
      }),
    ),
  );
  await Promise.all(workers.map((worker) => worker?.terminate()));
  if (failure) throw failure.error;
  return results;
}

function startWorker(): Worker {
  const { url, execArgv } = workerScript();
  return new Worker(url, { execArgv });
}

function inWorker(worker: Worker, request: RangeDigestRequest, options: { signal?: AbortSignal | undefined; onBytes: (bytes: number) => void }): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => {
      cleanup();
      void worker.terminate();
      reject(new EngineError('CANCELLED', 'cancelled', 'Verification was cancelled'));
    };
    const onMessage = (response: RangeDigestResponse) => {
      if (response.id !== request.id) return;
      if (response.type === 'progress') options.onBytes(response.bytes);
      else {
        cleanup();
        if (response.type === 'done') resolve(response.digest);
        else reject(response.code === 'PACKAGE_SHORT_READ' ? inputError(response.code, response.message) : new EngineError('PACKAGE_DIGEST_FAILED', 'input', `hashing ${request.what} failed: ${response.message}`));
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new EngineError('PACKAGE_WORKER_FAILED', 'internal', `the digest worker failed: ${error.message}`));
    };
    const onExit = () => {
      cleanup();
      reject(new EngineError('PACKAGE_WORKER_STOPPED', 'internal', `the digest worker stopped while hashing ${request.what}`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      options.signal?.removeEventListener('abort', onAbort);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage(request);
  });
}
