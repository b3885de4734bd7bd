import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkLayers } from '../../tools/layers.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('the project source obeys the layering rule', () => {
  assert.deepEqual(checkLayers(root), []);
});

test('an engine file importing electron is a violation', () => {
  const dir = tree({ 'electron/engine/bad.ts': "import { app } from 'electron';\n" });
  const [violation, ...rest] = checkLayers(dir);
  assert.equal(rest.length, 0);
  assert.equal(violation?.file, 'electron/engine/bad.ts');
  assert.match(violation?.reason ?? '', /engine may not import electron/);
});

test('the renderer may not reach into the engine or Node', () => {
  const dir = tree({
    'electron/engine/disk.ts': 'export const x = 1;\n',
    'renderer/src/view.tsx': "import { x } from '../../electron/engine/disk.ts';\nimport { readFileSync } from 'node:fs';\n",
  });
  const reasons = checkLayers(dir).map((v) => `${v.line}:${v.reason}`);
  assert.deepEqual(reasons, ['1:renderer may not import engine', '2:renderer may not use Node built-ins']);
});

test('common may not import the engine; the engine may import common', () => {
  const dir = tree({
    'electron/common/a.ts': "export type { B } from '../engine/b.ts';\n",
    'electron/engine/b.ts': "import type { A } from '../common/a.ts';\nexport type B = A;\n",
  });
  assert.deepEqual(
    checkLayers(dir).map((v) => v.file),
    ['electron/common/a.ts'],
  );
});

test('raw ipcRenderer outside the preload bridge is a violation', () => {
  const dir = tree({ 'electron/preload/extra.ts': "import { ipcRenderer } from 'electron';\nipcRenderer.send('x');\n" });
  assert.ok(checkLayers(dir).some((v) => /raw ipcMain\/ipcRenderer/.test(v.reason)));
});
