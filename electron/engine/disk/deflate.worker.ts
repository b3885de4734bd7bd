// Compresses grains with zlib (RFC 1950 wrapping, which qemu and VMware's own writer emit and read).
// Incompressible grains (already compressed or encrypted data) are found by deflating a small
// sample first and are then stored (level 0): deflate would spend most of its time for no gain.
import { parentPort } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';

export interface DeflateRequest {
  readonly id: number;
  readonly level: number;
  readonly grains: readonly Uint8Array[];
}

export interface DeflateResponse {
  readonly id: number;
  readonly grains?: readonly Uint8Array[];
  readonly error?: string;
}

const SAMPLE = 4096;

export function deflateGrain(grain: Uint8Array, level: number): Buffer {
  const sample = grain.subarray(0, SAMPLE);
  const incompressible = grain.length > SAMPLE && deflateSync(sample, { level: 1 }).length > sample.length * 0.97;
  return deflateSync(grain, { level: incompressible ? 0 : level });
}

parentPort?.on('message', (request: DeflateRequest) => {
  let response: DeflateResponse;
  try {
    response = { id: request.id, grains: request.grains.map((grain) => deflateGrain(grain, request.level)) };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
