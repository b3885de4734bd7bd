import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultWindowState, loadWindowState, saveWindowState } from '../../../electron/main/window-state.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'window-'));

test('the window state survives a restart', () => {
  const file = join(dir(), 'nested', 'window-state.json');
  saveWindowState(file, { x: 40, y: 30, width: 1400, height: 900, maximized: true });
  assert.deepEqual(loadWindowState(file), { x: 40, y: 30, width: 1400, height: 900, maximized: true });
});

test('a missing, corrupt or absurd state file falls back to the defaults', () => {
  const d = dir();
  assert.deepEqual(loadWindowState(join(d, 'none.json')), defaultWindowState);
  writeFileSync(join(d, 'bad.json'), '{not json');
  assert.deepEqual(loadWindowState(join(d, 'bad.json')), defaultWindowState);
  writeFileSync(join(d, 'tiny.json'), JSON.stringify({ width: 10, height: 10, maximized: false }));
  assert.deepEqual(loadWindowState(join(d, 'tiny.json')), defaultWindowState);
});
