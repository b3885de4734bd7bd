// Past inspections of this path from the catalog: when, what it was then, and its verification.
import { useEffect, useState } from 'react';
import type { InspectionHistoryEntry } from '../../../electron/common/inspection.ts';
import { formatBytes } from '../../../electron/common/progress.ts';
import { invoke } from '../bridge.ts';
import { DataTable } from '../common/DataTable.tsx';

export function HistoryList({ path, refreshKey }: { readonly path: string; readonly refreshKey: string }) {
  const [entries, setEntries] = useState<readonly InspectionHistoryEntry[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    invoke('inspect:history', { path, limit: 50 })
      .then((reply) => current && setEntries(reply.entries))
      .catch((e: unknown) => current && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [path, refreshKey]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!entries) return <p className="muted">Loading history…</p>;
  return (
    <DataTable
      label="Inspection history"
      rows={entries}
      rowKey={(e, i) => `${e.inspectedAt}-${i}`}
      emptyText="No earlier inspections."
      columns={[
        { header: 'Inspected', width: '12rem', text: (e) => new Date(e.inspectedAt).toLocaleString() },
        { header: 'Size', width: '7rem', text: (e) => formatBytes(e.size) },
        { header: 'Modified', width: '12rem', text: (e) => new Date(e.mtimeMs).toLocaleString() },
        { header: 'Summary', width: 'minmax(10rem, 2fr)', text: (e) => e.summary },
        { header: 'Verification', width: 'minmax(10rem, 2fr)', text: (e) => e.verification ?? 'not verified' },
      ]}
    />
  );
}
