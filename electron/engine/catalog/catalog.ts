// The local catalog: one SQLite file (better-sqlite3) shared by the CLI and the GUI's main process.
// Opening it checks integrity first; a corrupt file is moved aside (never deleted) and reported.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { EngineError } from '../errors.ts';
import { migrations } from './migrations.ts';

export type CatalogDatabase = Database.Database;

export interface RecentRow {
  readonly path: string;
  readonly kind: string;
  readonly openedAt: string;
  readonly summary: string;
  readonly verification?: string;
}

export class Catalog {
  private constructor(readonly db: CatalogDatabase, readonly path: string) {}

  static open(path: string): Catalog {
    mkdirSync(dirname(path), { recursive: true });
    const db = openChecked(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 3000');
    migrate(db, path);
    return new Catalog(db, path);
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  touchRecent(path: string, kind: string, at = new Date()): void {
    this.db
      .prepare('INSERT INTO recent_items(path, kind, opened_at) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET kind = excluded.kind, opened_at = excluded.opened_at')
      .run(path, kind, at.toISOString());
  }

  /** Most recent first, each with the summary and verification of its latest inspection. */
  recent(limit: number): RecentRow[] {
    const rows = this.db
      .prepare(
        `SELECT r.path, r.kind, r.opened_at AS openedAt,
                COALESCE(i.summary, '') AS summary, i.verification AS verification
           FROM recent_items r
           LEFT JOIN inspections i ON i.id = (SELECT id FROM inspections WHERE path = r.path ORDER BY inspected_at DESC, id DESC LIMIT 1)
          ORDER BY r.opened_at DESC LIMIT ?`,
      )
      .all(limit) as { path: string; kind: string; openedAt: string; summary: string; verification: string | null }[];
    return rows.map(({ verification, ...row }) => (verification === null ? row : { ...row, verification }));
  }

  close(): void {
    this.db.close();
  }
}

function openChecked(path: string): CatalogDatabase {
  const existed = existsSync(path);
  let db: CatalogDatabase | undefined;
  try {
    db = new Database(path);
    if (existed) {
      const result = db.pragma('integrity_check', { simple: true });
      if (result !== 'ok') throw new Error(String(result));
    }
    return db;
  } catch (error) {
    db?.close();
    const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, aside);
    for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
    throw new EngineError(
      'CATALOG_CORRUPT',
      'input',
      `the catalog is damaged (${error instanceof Error ? error.message : String(error)}); it was moved to ${aside} and a new one will be created on the next start`,
      { file: path },
    );
  }
}

function migrate(db: CatalogDatabase, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new EngineError('CATALOG_TOO_NEW', 'input', `the catalog was written by a newer version (schema ${current}, this one knows ${latest})`, { file: path });
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
