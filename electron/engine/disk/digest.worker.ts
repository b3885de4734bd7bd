// Hashes outputs off the main thread: several named streams fed in order, or whole files read
// back here. Each data message is acknowledged so the sender can bound what is in flight.
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';

export type DigestRequest =
  | { readonly type: 'begin'; readonly id: number; readonly algorithms: readonly string[] }
  | { readonly type: 'data'; readonly id: number; readonly bytes: Uint8Array }
  | { readonly type: 'zeros'; readonly id: number; readonly length: number }
  | { readonly type: 'end'; readonly id: number }
  | { readonly type: 'file'; readonly id: number; readonly path: string; readonly algorithms: readonly string[] };

export type DigestResponse =
  | { readonly type: 'ack'; readonly id: number; readonly length: number }
  | { readonly type: 'digests'; readonly id: number; readonly digests: Record<string, string>; readonly bytes: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

const ZEROS = Buffer.alloc(1024 * 1024);
const streams = new Map<number, { hashes: Map<string, Hash>; bytes: number }>();

function begin(algorithms: readonly string[]): { hashes: Map<string, Hash>; bytes: number } {
  return { hashes: new Map(algorithms.map((name) => [name, createHash(name)])), bytes: 0 };
}

function results(stream: { hashes: Map<string, Hash> }): Record<string, string> {
  return Object.fromEntries([...stream.hashes].map(([name, hash]) => [name, hash.digest('hex')]));
}

async function hashFile(id: number, path: string, algorithms: readonly string[]): Promise<DigestResponse> {
  const stream = begin(algorithms);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, stream.bytes);
      if (bytesRead === 0) break;
      for (const hash of stream.hashes.values()) hash.update(buffer.subarray(0, bytesRead));
      stream.bytes += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return { type: 'digests', id, digests: results(stream), bytes: stream.bytes };
}

parentPort?.on('message', (request: DigestRequest) => {
  const reply = (response: DigestResponse) => parentPort?.postMessage(response);
  if (request.type === 'file') {
    hashFile(request.id, request.path, request.algorithms).then(reply, (error: unknown) => reply({ type: 'error', id: request.id, message: String(error) }));
    return;
  }
  if (request.type === 'begin') {
    streams.set(request.id, begin(request.algorithms));
    return;
  }
  const stream = streams.get(request.id);
  if (!stream) return reply({ type: 'error', id: request.id, message: `no digest stream ${request.id}` });
  if (request.type === 'data') {
    for (const hash of stream.hashes.values()) hash.update(request.bytes);
    stream.bytes += request.bytes.length;
    reply({ type: 'ack', id: request.id, length: request.bytes.length });
  } else if (request.type === 'zeros') {
    for (let left = request.length; left > 0; left -= ZEROS.length) {
      const piece = ZEROS.subarray(0, Math.min(left, ZEROS.length));
      for (const hash of stream.hashes.values()) hash.update(piece);
    }
    stream.bytes += request.length;
  } else {
    streams.delete(request.id);
    reply({ type: 'digests', id: request.id, digests: results(stream), bytes: stream.bytes });
  }
});
