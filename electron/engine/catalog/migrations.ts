// Numbered schema migrations. Append only: a released migration is never edited, because
// catalogs on users' machines have already run it. PRAGMA user_version holds the last one applied.

export const migrations: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE inspections (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL,
        report_json TEXT,
        verification TEXT,
        inspected_at TEXT NOT NULL
      );
      CREATE INDEX inspections_by_path ON inspections(path, inspected_at);
      CREATE TABLE recent_items (
        path TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        opened_at TEXT NOT NULL
      );
      CREATE TABLE projects (
        path TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        opened_at TEXT NOT NULL
      );
      CREATE TABLE builds (
        id INTEGER PRIMARY KEY,
        project_path TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        targets TEXT NOT NULL,
        outputs_json TEXT,
        signer TEXT,
        result TEXT NOT NULL,
        log TEXT
      );
      CREATE INDEX builds_by_project ON builds(project_path, started_at);
      -- A signing identity records the certificate and where its key lives, never the key bytes.
      CREATE TABLE identities (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        certificate_pem TEXT NOT NULL,
        key_location TEXT NOT NULL,
        subject TEXT NOT NULL,
        issuer TEXT NOT NULL,
        not_after TEXT NOT NULL,
        fingerprint_sha256 TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      -- A remembered passphrase, as the opaque bytes the desktop's secret store (Electron
      -- safeStorage) sealed; never the passphrase itself.
      ALTER TABLE identities ADD COLUMN passphrase_sealed BLOB;
    `,
  },
];
