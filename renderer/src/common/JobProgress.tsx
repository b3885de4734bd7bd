// A running job's bar and figures (bytes, rate, time left), announced to assistive tech as a status.
import { formatProgress, type Progress } from '../../../electron/common/progress.ts';

interface Props {
  /** Undefined until the job's first report: the bar is empty and says it is starting. */
  readonly progress: Progress | undefined;
  /** The bar's accessible name. */
  readonly label: string;
  /** Shown in place of the job's own label. */
  readonly title?: string;
}

export function JobProgress({ progress, label, title }: Props) {
  return (
    <div className="job" role="status">
      <progress max={progress?.bytesTotal || 1} value={progress?.bytesDone ?? 0} aria-label={label} />
      <span className="muted">{progress ? formatProgress(title ? { ...progress, label: title } : progress) : 'Starting…'}</span>
    </div>
  );
}
