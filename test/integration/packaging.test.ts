// Packs the unpacked Linux app with electron-builder and a stand-in Electron distribution (the real
// binary cannot be downloaded everywhere), then checks what the asar holds.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listPackage } from '@electron/asar';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

test('electron-builder packs main, preload, renderer and the native SQLite module into the app', { skip: existsSync(join(root, 'dist/renderer/resources/index.html')) ? false : 'run the build first (npm test does)' }, () => {
  const work = mkdtempSync(join(tmpdir(), 'pack-'));
  const standIn = join(work, 'electron-dist');
  mkdirSync(join(standIn, 'resources'), { recursive: true });
  writeFileSync(join(standIn, 'electron'), '#!/bin/sh\necho stand-in electron\n');
  chmodSync(join(standIn, 'electron'), 0o755);
  const output = join(work, 'out');
  execFileSync(
    process.execPath,
    [require.resolve('electron-builder/cli.js'), '--dir', '--linux', '--x64', '--config', 'build/electron-builder.config.cjs', `-c.electronDist=${standIn}`, `-c.directories.output=${output}`],
    { cwd: root, stdio: 'pipe', env: { ...process.env, ELECTRON_BUILDER_CACHE: join(work, 'cache') } },
  );
  const app = join(output, 'linux-unpacked');
  assert.ok(existsSync(join(app, 'appliance-studio')), 'the executable is renamed to the product');
  const entries = new Set(listPackage(join(app, 'resources/app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/')));
  for (const expected of ['/package.json', '/dist/main/index.js', '/dist/preload/index.cjs', '/dist/renderer/resources/index.html', '/dist/cli/appliance.js', '/node_modules/better-sqlite3/package.json', '/node_modules/yaml/package.json', '/node_modules/zod/package.json']) {
    assert.ok(entries.has(expected), `${expected} is in the asar`);
  }
  assert.ok([...entries].some((entry) => /^\/dist\/renderer\/assets\/index-[\w-]+\.js$/.test(entry)), 'the renderer bundle is in the asar');
  for (const forbidden of ['/node_modules/typescript', '/node_modules/react', '/node_modules/playwright-core', '/node_modules/better-sqlite3/src', '/test', '/electron']) {
    assert.ok(![...entries].some((entry) => entry === forbidden || entry.startsWith(`${forbidden}/`)), `${forbidden} stays out of the app`);
  }
  assert.ok(![...entries].some((entry) => entry.endsWith('.map')), 'no source maps ship');
  // Native modules cannot load from inside an asar: the SQLite binding must be unpacked, byte-identical.
  const native = join(app, 'resources/app.asar.unpacked/node_modules/better-sqlite3/prebuilds/linux-x64.node');
  assert.ok(existsSync(native), 'the native SQLite module is unpacked beside the asar');
  assert.deepEqual(readFileSync(native), readFileSync(join(root, 'node_modules/better-sqlite3/prebuilds/linux-x64.node')));
  const packedJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  assert.equal(packedJson.main, 'dist/main/index.js');
});
