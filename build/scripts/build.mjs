// Bundles the Node side: the CLI, Electron's main process, the preload (CommonJS, because a
// sandboxed preload cannot load modules) and the engine's worker threads. The renderer is built by
// Vite (renderer/vite.config.ts). Dependencies stay external: npm and electron-builder ship them.
import { build } from 'esbuild';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join, relative, basename } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const out = join(root, 'dist');

function findWorkers(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findWorkers(path);
    return name.endsWith('.worker.ts') ? [path] : [];
  });
}

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', packages: 'external' };

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'electron/cli/appliance.ts')], outfile: join(out, 'cli/appliance.js'), format: 'esm', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: [join(root, 'electron/main/index.ts')], outfile: join(out, 'main/index.js'), format: 'esm' }),
  build({ ...common, entryPoints: [join(root, 'electron/preload/index.ts')], outfile: join(out, 'preload/index.cjs'), format: 'cjs', packages: undefined, external: ['electron'] }),
  ...findWorkers(join(root, 'electron/engine')).map((file) =>
    build({ ...common, entryPoints: [file], outfile: join(out, 'workers', basename(file).replace(/\.ts$/, '.js')), format: 'esm' }),
  ),
]);
chmodSync(join(out, 'cli/appliance.js'), 0o755);
console.log(`built ${relative(process.cwd(), out) || 'dist'}/{cli,main,preload,workers}`);
