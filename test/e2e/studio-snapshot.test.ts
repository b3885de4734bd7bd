// `npm run studio:snapshot -- --out DIR FILE...` as a user runs it: a separate process that writes
// DIR/<name>.png and DIR/<name>.txt for each file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtureDir, PRODUCT, writeOva } from './appliance-fixtures.ts';
import { chromiumMissingReason, projectRoot } from './harness.ts';

const skip = chromiumMissingReason();
const snapshot = (args: readonly string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/tools/studio-snapshot.ts'), ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });

test('studio:snapshot writes the window and its text for each file, after verification', { skip }, async () => {
  const dir = fixtureDir();
  const ova = await writeOva(dir);
  const out = join(dir, 'shots');
  const run = snapshot(['--out', out, ova]);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(statSync(join(out, 'edge-router.ova.png')).size > 10_000);
  const text = readFileSync(join(out, 'edge-router.ova.txt'), 'utf8');
  assert.match(text, new RegExp(PRODUCT));
  assert.match(text, /Intact\s+intact \(2 files\), unsigned/);
});

test('studio:snapshot without --out or files prints its usage and exits 2', { skip }, () => {
  const run = snapshot([]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /usage: npm run studio:snapshot -- --out DIR \[--dark\] FILE\.\.\./);
});
