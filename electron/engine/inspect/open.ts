// Opening a file in the studio or the CLI: an unchanged file (same size and mtime as its latest
// inspection) comes back from the catalog at once; anything else is inspected and recorded.
import { stat } from 'node:fs/promises';
import type { InspectionReport } from '../../common/inspection.ts';
import { fileError } from '../errors.ts';
import { inspectPath } from './inspect.ts';
import type { InspectionRecords } from './record.ts';

export interface Opened {
  readonly report: InspectionReport;
  readonly fromCatalog: boolean;
}

export async function openInspection(records: InspectionRecords, path: string, options: { readonly refresh?: boolean } = {}): Promise<Opened> {
  const info = await stat(path).catch((error: unknown) => Promise.reject(fileError(error, path)));
  if (!options.refresh) {
    const cached = records.unchanged(path, info.isDirectory() ? 0 : info.size, Math.trunc(info.mtimeMs));
    if (cached) {
      records.touch(cached);
      return { report: cached, fromCatalog: true };
    }
  }
  const report = await inspectPath(path);
  records.save(report);
  return { report, fromCatalog: false };
}
