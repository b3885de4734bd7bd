// Type-checks each layer with its own tsconfig, so a layer only sees the globals it is allowed.
// Two layers at a time: one per core.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const layers = ['electron/common', 'electron/engine', 'electron/cli', 'electron/main', 'electron/preload', 'renderer', 'test'];
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = promisify(execFile);

const queue = [...layers];
const failed = [];
async function worker() {
  for (let layer = queue.shift(); layer; layer = queue.shift()) {
    try {
      await run(process.execPath, [tsc, '-p', `${layer}/tsconfig.json`], { maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      failed.push(layer);
      process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}typecheck failed in ${layer}\n`);
    }
  }
}
await Promise.all([worker(), worker()]);
if (failed.length) process.exit(1);
console.log(`typecheck: ${layers.length} layers clean`);
