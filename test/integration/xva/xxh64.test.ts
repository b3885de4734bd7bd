// Our XXH64 against xxhsum (the xxHash project's own tool) on every tail length and whole chunks.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { xxh64 } from '../../../electron/engine/xva/xxh64.ts';

const hasXxhsum = spawnSync('xxhsum', ['--version']).status === 0;

test('XXH64 equals xxhsum -H1 for lengths 0..80, odd sizes and a whole 1 MiB chunk', { skip: hasXxhsum ? false : 'xxhsum is not installed (apt-get install xxhash)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'xxh64-'));
  const lengths = [...Array.from({ length: 81 }, (_, i) => i), 127, 128, 129, 4095, 65537, 1024 * 1024];
  const files = lengths.map((length) => {
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) bytes[i] = (i * 131 + (i >> 7) * 17 + length) & 0xff;
    const file = join(dir, `b${length}`);
    writeFileSync(file, bytes);
    return { file, bytes };
  });
  const lines = execFileSync('xxhsum', ['-H1', ...files.map((f) => f.file)], { encoding: 'utf8' }).trim().split('\n');
  const expected = new Map(lines.map((line) => [line.slice(line.indexOf('  ') + 2), line.slice(0, 16).toUpperCase()]));
  for (const { file, bytes } of files) assert.equal(xxh64(bytes), expected.get(file), file);
});
