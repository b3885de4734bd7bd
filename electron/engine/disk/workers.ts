// The main thread's side of the worker threads: a small deflate pool (one worker per core) and
// one digest worker hashing every output of a job. Both bound what is in flight so memory stays
// flat whatever the disk size.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { EngineError } from '../errors.ts';
import type { DeflateRequest, DeflateResponse } from './deflate.worker.ts';
import type { DigestRequest, DigestResponse } from './digest.worker.ts';
import { startWorker } from './worker-url.ts';

interface Pending<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

function workerFailure(what: string, error: unknown): EngineError {
  return new EngineError('DISK_WORKER_FAILED', 'internal', `the ${what} worker failed: ${error instanceof Error ? error.message : String(error)}`);
}

export class DeflatePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending<Buffer[]>>();
  /** Requests each live worker has not answered yet (a worker that failed answers none). */
  private readonly busy = new Map<Worker, number>();
  private idle: (() => void) | undefined;
  private nextId = 1;
  private failure: unknown;

  constructor(size = Math.max(1, Math.min(availableParallelism(), 4))) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker('deflate');
      this.busy.set(worker, 0);
      worker.on('message', (response: DeflateResponse) => {
        this.answered(worker, 1);
        this.settle(response);
      });
      worker.on('error', (error) => this.failAll(error));
      // A worker that stopped answers nothing more: its requests no longer keep close() waiting.
      worker.on('exit', () => {
        this.answered(worker, this.busy.get(worker) ?? 0);
        this.failAll(new Error('the worker stopped'));
      });
      this.workers.push(worker);
    }
  }

  deflate(grains: readonly Buffer[], level: number): Promise<Buffer[]> {
    if (this.failure) return Promise.reject(workerFailure('deflate', this.failure));
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length]!;
    return new Promise<Buffer[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: DeflateRequest = { id, level, grains };
      this.busy.set(worker, (this.busy.get(worker) ?? 0) + 1);
      worker.postMessage(request);
    });
  }

  /**
   * Stops the workers once they have answered what they were given: terminating a worker inside
   * deflateSync aborts the whole process in Node's zlib cleanup ("close before init"), which a
   * cancel made at the wrong millisecond did. The requests are small, so the wait is short.
   */
  async close(): Promise<void> {
    this.failAll(new Error('the job ended'));
    if ([...this.busy.values()].some((count) => count > 0)) await new Promise<void>((resolve) => (this.idle = resolve));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private answered(worker: Worker, requests: number): void {
    this.busy.set(worker, Math.max(0, (this.busy.get(worker) ?? 0) - requests));
    if ([...this.busy.values()].every((count) => count === 0)) this.idle?.();
  }

  private settle(response: DeflateResponse): void {
    const waiter = this.pending.get(response.id);
    if (!waiter) return;
    this.pending.delete(response.id);
    if (response.error || !response.grains) waiter.reject(workerFailure('deflate', response.error));
    else waiter.resolve(response.grains.map((grain) => Buffer.from(grain.buffer, grain.byteOffset, grain.byteLength)));
  }

  private failAll(error: unknown): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(workerFailure('deflate', error));
    this.pending.clear();
  }
}

export type Digests = Readonly<Record<string, string>>;

/** Most bytes sent to the digest worker and not yet hashed, per job. */
const DIGEST_WINDOW = 16 * 1024 * 1024;

export class DigestService {
  /** The first worker hashes streams in order; whole files go to the others in turn, in parallel. */
  private readonly workers: Worker[] = [];
  private readonly results = new Map<number, Pending<Digests>>();
  private nextId = 1;
  private nextFileWorker = 0;
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  /** One entry per data message in flight, in order: what to call when the worker acknowledges it. */
  private readonly acks: ((() => void) | undefined)[] = [];
  private failure: unknown;

  constructor(private readonly size = Math.max(1, Math.min(availableParallelism(), 4))) {
    this.spawn();
  }

  /** Starts one more worker; file workers start on first use, as a job with no read-back needs none. */
  private spawn(): Worker {
    const worker = startWorker('digest');
    worker.on('message', (response: DigestResponse) => this.settle(response));
    worker.on('error', (error) => this.failAll(error));
    this.workers.push(worker);
    return worker;
  }

  /** Starts an in-order digest stream; feed it with the returned functions. */
  stream(algorithms: readonly string[]): DigestStream {
    const id = this.nextId++;
    const worker = this.workers[0]!;
    worker.postMessage({ type: 'begin', id, algorithms } satisfies DigestRequest);
    return {
      update: async (bytes) => {
        if (bytes.length === 0) return;
        this.send(worker, id, bytes);
        while (this.inFlight > DIGEST_WINDOW && !this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
        if (this.failure) throw workerFailure('digest', this.failure);
      },
      updateShared: async (bytes) => {
        if (bytes.length === 0) return;
        if (!(bytes.buffer instanceof SharedArrayBuffer)) throw new Error('internal: updateShared needs a block in shared memory');
        await new Promise<void>((resolve) => this.send(worker, id, bytes, resolve));
        if (this.failure) throw workerFailure('digest', this.failure);
      },
      zeros: (length) => {
        if (length > 0) worker.postMessage({ type: 'zeros', id, length } satisfies DigestRequest);
      },
      end: () => this.request(worker, { type: 'end', id }),
    };
  }

  private send(worker: Worker, id: number, bytes: Buffer, onHashed?: () => void): void {
    this.inFlight += bytes.length;
    this.acks.push(onHashed);
    worker.postMessage({ type: 'data', id, bytes } satisfies DigestRequest);
  }

  /** Digests of a whole file, read by a worker. */
  file(path: string, algorithms: readonly string[]): Promise<Digests> {
    const id = this.nextId++;
    const slot = this.size === 1 ? 0 : 1 + (this.nextFileWorker++ % (this.size - 1));
    const worker = this.workers[slot] ?? this.spawn();
    return this.request(worker, { type: 'file', id, path, algorithms });
  }

  async close(): Promise<void> {
    this.failAll(new Error('the job ended'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private request(worker: Worker, message: DigestRequest): Promise<Digests> {
    if (this.failure) return Promise.reject(workerFailure('digest', this.failure));
    return new Promise<Digests>((resolve, reject) => {
      this.results.set(message.id, { resolve, reject });
      worker.postMessage(message);
    });
  }

  private settle(response: DigestResponse): void {
    if (response.type === 'ack') {
      this.inFlight -= response.length;
      this.acks.shift()?.();
      if (this.inFlight <= DIGEST_WINDOW / 2) this.wake();
      return;
    }
    const waiter = this.results.get(response.id);
    if (!waiter) return;
    this.results.delete(response.id);
    if (response.type === 'digests') waiter.resolve(response.digests);
    else waiter.reject(workerFailure('digest', response.message));
  }

  private wake(): void {
    const waiters = this.waiters.splice(0);
    for (const wake of waiters) wake();
  }

  private failAll(error: unknown): void {
    this.failure ??= error;
    for (const waiter of this.results.values()) waiter.reject(workerFailure('digest', error));
    this.results.clear();
    for (const ack of this.acks.splice(0)) ack?.();
    this.wake();
  }
}

export interface DigestStream {
  /** Copies `bytes` to the worker: the caller may reuse them as soon as this returns. */
  update(bytes: Buffer): Promise<void>;
  /**
   * Hands over a block in shared memory without copying it: resolves once the worker has hashed
   * it, and the caller must not change it before then.
   */
  updateShared(bytes: Buffer): Promise<void>;
  zeros(length: number): void;
  end(): Promise<Digests>;
}
