// Where a worker's script lives. Under tsx the engine runs from its .ts sources and the worker is
// the .ts file beside this one (loaded through tsx); once bundled, the engine is inside
// dist/cli/appliance.js or dist/main/index.js and build/scripts/build.mjs puts each worker in
// dist/workers/<name>.worker.js.
import { Worker } from 'node:worker_threads';

export function workerScript(name: string): { readonly url: URL; readonly execArgv: readonly string[] } {
  // tsx is resolved from here, not from the working folder, which may be anywhere.
  if (import.meta.url.endsWith('.ts')) return { url: new URL(`./${name}.worker.ts`, import.meta.url), execArgv: ['--import', import.meta.resolve('tsx')] };
  return { url: new URL(`../workers/${name}.worker.js`, import.meta.url), execArgv: [] };
}

export function startWorker(name: string): Worker {
  const { url, execArgv } = workerScript(name);
  // Small heaps: workers hold a few MiB of grains at a time, and the job's memory must stay flat.
  return new Worker(url, { execArgv: [...execArgv], resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } });
}
