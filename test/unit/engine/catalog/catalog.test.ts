import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Catalog } from '../../../../electron/engine/catalog/catalog.ts';
import { migrations } from '../../../../electron/engine/catalog/migrations.ts';
import { EngineError } from '../../../../electron/engine/errors.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'catalog-'));

test('opening a new catalog creates a WAL database at the latest schema version', () => {
  const path = join(freshDir(), 'nested', 'catalog.db');
  const catalog = Catalog.open(path);
  assert.equal(catalog.schemaVersion, migrations.at(-1)?.version);
  assert.equal(catalog.db.pragma('journal_mode', { simple: true }), 'wal');
  catalog.close();
  assert.ok(existsSync(path));
});

test('recent items come back newest first with their latest inspection summary', () => {
  const catalog = Catalog.open(join(freshDir(), 'catalog.db'));
  catalog.touchRecent('/a.ova', 'ova', new Date('2026-01-01T00:00:00Z'));
  catalog.touchRecent('/b.vmdk', 'disk', new Date('2026-01-02T00:00:00Z'));
  catalog.db
    .prepare("INSERT INTO inspections(path, size, mtime_ms, kind, summary, verification, inspected_at) VALUES ('/a.ova', 10, 1, 'ova', 'Acme Router 1.0', 'signed, intact', '2026-01-01T00:00:01Z')")
    .run();
  const recent = catalog.recent(10);
  assert.deepEqual(
    recent.map((r) => [r.path, r.summary, r.verification]),
    [
      ['/b.vmdk', '', undefined],
      ['/a.ova', 'Acme Router 1.0', 'signed, intact'],
    ],
  );
  catalog.close();
});

test('reopening runs no migration twice and keeps the data', () => {
  const path = join(freshDir(), 'catalog.db');
  Catalog.open(path).touchRecent('/x.ovf', 'ovf');
  const again = Catalog.open(path);
  assert.equal(again.recent(5).length, 1);
  again.close();
});

test('a corrupt catalog is moved aside, never deleted, and reported clearly', () => {
  const dir = freshDir();
  const path = join(dir, 'catalog.db');
  writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0x41)]));
  assert.throws(
    () => Catalog.open(path),
    (error: unknown) => error instanceof EngineError && error.code === 'CATALOG_CORRUPT' && error.message.includes('moved to'),
  );
  const aside = readdirSync(dir).filter((name) => name.startsWith('catalog.db.corrupt-'));
  assert.equal(aside.length, 1);
  assert.equal(existsSync(path), false);
  const fresh = Catalog.open(path);
  assert.equal(fresh.recent(1).length, 0);
  fresh.close();
});

test('a catalog from a newer version is refused, not downgraded', () => {
  const path = join(freshDir(), 'catalog.db');
  const db = new Database(path);
  db.pragma('user_version = 999');
  db.close();
  assert.throws(() => Catalog.open(path), /newer version/);
});
