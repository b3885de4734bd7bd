// Every build, finished or not, goes into the catalog's builds table: the project, the targets, the
// outputs with their digests, the signer's subject (never key material) and how it ended.
import type { Catalog } from '../catalog/catalog.ts';
import type { BuildReport } from './report.ts';

export interface BuildRecord {
  readonly projectPath: string;
  readonly targets: readonly string[];
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly result: 'ok' | 'failed' | 'cancelled';
  readonly report?: BuildReport;
  /** One line on what went wrong, for failed builds. */
  readonly log?: string;
}

export function recordBuild(catalog: Catalog, record: BuildRecord): number {
  const outputs = record.report?.targets.map((t) => ({ target: t.target, folder: t.folder, files: t.files }));
  const info = catalog.db
    .prepare('INSERT INTO builds(project_path, started_at, finished_at, targets, outputs_json, signer, result, log) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(
      record.projectPath,
      record.startedAt.toISOString(),
      record.finishedAt.toISOString(),
      record.targets.join(' '),
      outputs ? JSON.stringify(outputs) : null,
      record.report?.signer?.subject ?? null,
      record.result,
      record.log ?? null,
    );
  return Number(info.lastInsertRowid);
}

export interface BuildHistoryRow {
  readonly id: number;
  readonly projectPath: string;
  readonly targets: string;
  readonly result: string;
  readonly startedAt: string;
  readonly signer?: string;
}

export function buildHistory(catalog: Catalog, projectPath: string, limit = 20): BuildHistoryRow[] {
  const rows = catalog.db
    .prepare('SELECT id, project_path AS projectPath, targets, result, started_at AS startedAt, signer FROM builds WHERE project_path = ? ORDER BY started_at DESC, id DESC LIMIT ?')
    .all(projectPath, limit) as (Omit<BuildHistoryRow, 'signer'> & { signer: string | null })[];
  return rows.map(({ signer, ...row }) => (signer === null ? row : { ...row, signer }));
}
