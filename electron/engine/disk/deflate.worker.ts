// Compresses grains with zlib (RFC 1950 wrapping, which qemu and VMware's own writer emit and read).
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

parentPort?.on('message', (request: DeflateRequest) => {
  let response: DeflateResponse;
  try {
    response = { id: request.id, grains: request.grains.map((grain) => deflateSync(grain, { level: request.level })) };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
