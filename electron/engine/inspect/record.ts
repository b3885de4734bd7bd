// The catalog's memory of inspections: every report is kept with the file's size and mtime, so
// reopening an unchanged file is a single indexed lookup, and the history of a path stays visible.
import type { InspectionHistoryEntry, InspectionReport, Verification } from '../../common/inspection.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { REPORT_VERSION } from './inspect.ts';

interface StoredReport {
  readonly version: number;
  readonly report: InspectionReport;
}

interface InspectionRow {
  readonly id: number;
  readonly report_json: string | null;
}

export class InspectionRecords {
  constructor(private readonly catalog: Catalog) {}

  /** The stored report of `path` when the file still has this size and mtime, else undefined. */
  unchanged(path: string, size: number, mtimeMs: number): InspectionReport | undefined {
    const row = this.catalog.db
      .prepare('SELECT id, report_json FROM inspections WHERE path = ? AND size = ? AND mtime_ms = ? ORDER BY inspected_at DESC, id DESC LIMIT 1')
      .get(path, size, mtimeMs) as InspectionRow | undefined;
    return row ? storedReport(row) : undefined;
  }

  /** The newest stored report of `path`, whatever the file looks like now. */
  latest(path: string): InspectionReport | undefined {
    const row = this.catalog.db.prepare('SELECT id, report_json FROM inspections WHERE path = ? ORDER BY inspected_at DESC, id DESC LIMIT 1').get(path) as InspectionRow | undefined;
    return row ? storedReport(row) : undefined;
  }

  save(report: InspectionReport): void {
    const stored: StoredReport = { version: REPORT_VERSION, report };
    this.catalog.db
      .prepare('INSERT INTO inspections(path, size, mtime_ms, kind, summary, report_json, verification, inspected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(report.path, report.size, report.mtimeMs, report.kind, report.overview.summary, JSON.stringify(stored), report.verification?.summary ?? null, report.inspectedAt);
    this.catalog.touchRecent(report.path, report.kind);
  }

  /** Moves a reopened file to the top of the recent list. */
  touch(report: InspectionReport): void {
    this.catalog.touchRecent(report.path, report.kind);
  }

  /** Attaches a verification to the newest inspection of the same file state. */
  saveVerification(path: string, size: number, mtimeMs: number, verification: Verification): void {
    const row = this.catalog.db
      .prepare('SELECT id, report_json FROM inspections WHERE path = ? AND size = ? AND mtime_ms = ? ORDER BY inspected_at DESC, id DESC LIMIT 1')
      .get(path, size, mtimeMs) as InspectionRow | undefined;
    if (!row) return;
    const report = storedReport(row);
    const json = report ? JSON.stringify({ version: REPORT_VERSION, report: { ...report, verification } } satisfies StoredReport) : row.report_json;
    this.catalog.db.prepare('UPDATE inspections SET verification = ?, report_json = ? WHERE id = ?').run(verification.summary, json, row.id);
  }

  history(path: string, limit: number): InspectionHistoryEntry[] {
    const rows = this.catalog.db
      .prepare('SELECT inspected_at AS inspectedAt, size, mtime_ms AS mtimeMs, summary, verification FROM inspections WHERE path = ? ORDER BY inspected_at DESC, id DESC LIMIT ?')
      .all(path, limit) as (Omit<InspectionHistoryEntry, 'verification'> & { verification: string | null })[];
    return rows.map(({ verification, ...entry }) => (verification === null ? entry : { ...entry, verification }));
  }
}

const reportLists = ['systems', 'deploymentOptions', 'disks', 'networks', 'properties', 'eulas', 'findings'] as const;

/**
 * The catalog is a file on the user's disk: a row written by another version, or edited by hand,
 * must not reach the renderer as a report. Its version and outline are checked here, once.
 */
function storedReport(row: InspectionRow): InspectionReport | undefined {
  if (row.report_json === null) return undefined;
  let stored: Partial<StoredReport>;
  try {
    stored = JSON.parse(row.report_json) as Partial<StoredReport>;
  } catch {
    return undefined;
  }
  const report = stored.report as Partial<InspectionReport> | undefined;
  if (stored.version !== REPORT_VERSION || typeof report !== 'object' || report === null) return undefined;
  const outlineOk =
    typeof report.path === 'string' &&
    typeof report.kind === 'string' &&
    typeof report.overview?.summary === 'string' &&
    Array.isArray(report.overview.importableWhere) &&
    reportLists.every((list) => Array.isArray(report[list]));
  return outlineOk ? (report as InspectionReport) : undefined;
}
