// The files of the running verification, one row each, gathered from its progress events: a job
// event carries only the files hashing now and those just finished, so rows are kept here until
// the next run starts.
import { useEffect, useState } from 'react';
import type { Verification } from '../../../electron/common/inspection.ts';
import type { FileProgress } from '../../../electron/common/progress.ts';
import type { JobState } from '../useJob.ts';

export function useFileRows(state: JobState<Verification>): readonly FileProgress[] {
  const [rows, setRows] = useState<ReadonlyMap<string, FileProgress>>(new Map());
  const running = state.status === 'running';
  const progress = running ? state.progress : undefined;
  useEffect(() => {
    // A run without progress yet has just started: nothing of the last run carries over.
    if (running && !progress) setRows(new Map());
    const files = progress?.files;
    if (!files || files.length === 0) return;
    setRows((previous) => {
      const next = new Map(previous);
      for (const file of files) next.set(file.name, file);
      return next;
    });
  }, [running, progress]);
  return [...rows.values()];
}
