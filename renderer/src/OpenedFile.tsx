import { useCallback } from 'react';
import { formatProblem } from '../../electron/common/problem.ts';
import { formatBytes, formatProgress } from '../../electron/common/progress.ts';
import { invoke } from './bridge.ts';
import { useJob } from './useJob.ts';

interface DigestResult {
  digest: string;
  bytes: number;
}

/** One opened file: its SHA-256, computed in the background with progress and cancel. */
export function OpenedFile({ path }: { path: string }) {
  const start = useCallback(() => invoke('digest:start', { path, algorithm: 'sha256' }), [path]);
  const { state, cancel } = useJob<DigestResult>(start);
  return (
    <li className="opened-file">
      <div className="opened-path">{path}</div>
      {state.status === 'running' && (
        <div className="job">
          <progress max={state.progress?.bytesTotal || 1} value={state.progress?.bytesDone ?? 0} aria-label={`SHA-256 of ${path}`} />
          <span className="muted">{state.progress ? formatProgress(state.progress) : 'starting…'}</span>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {state.status === 'done' && (
        <div className="digest">
          SHA-256 <code>{state.result.digest}</code> <span className="muted">({formatBytes(state.result.bytes)})</span>
        </div>
      )}
      {state.status === 'failed' && (
        <p role="alert" className="error">
          {formatProblem(state.problem)}
        </p>
      )}
      {state.status === 'cancelled' && <p className="muted">Cancelled.</p>}
    </li>
  );
}
