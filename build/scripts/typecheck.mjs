// Type-checks each layer with its own tsconfig, so a layer only sees the globals it is allowed.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const layers = ['electron/common', 'electron/engine', 'electron/cli', 'electron/main', 'electron/preload', 'renderer', 'test'];
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let failed = 0;
for (const layer of layers) {
  try {
    execFileSync(process.execPath, [tsc, '-p', `${layer}/tsconfig.json`], { stdio: 'inherit' });
  } catch {
    failed += 1;
    console.error(`typecheck failed in ${layer}`);
  }
}
if (failed) process.exit(1);
console.log(`typecheck: ${layers.length} layers clean`);
