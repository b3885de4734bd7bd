// The verification strip under the overview: a progress bar with rate and ETA while the package is
// hashed in the background, a row per file with its own bar, Cancel, then the outcome in one line,
// each file's result and "Verify again".
import type { Verification } from '../../../electron/common/inspection.ts';
import { formatProblem } from '../../../electron/common/problem.ts';
import { formatBytes, formatDuration } from '../../../electron/common/progress.ts';
import type { JobState } from '../useJob.ts';
import { useFileRows } from './useFileRows.ts';
import { CheckedFiles, HashingFiles } from './VerificationFiles.tsx';

interface Props {
  readonly state: JobState<Verification>;
  readonly verification?: Verification;
  readonly onCancel: () => void;
  readonly onVerify: () => void;
}

const outcomeClass: Record<Verification['outcome'], string> = { intact: 'ok', damaged: 'bad', unverifiable: 'neutral' };
/** Signature verdicts that leave the package's origin in doubt even when every digest matched. */
const acceptableSignatures: readonly string[] = ['trusted', 'untrusted', 'absent'];

export function headline(verification: Verification): { readonly title: string; readonly tone: string } {
  if (verification.outcome === 'damaged') return { title: '✕ Damaged', tone: 'bad' };
  if (!acceptableSignatures.includes(verification.signature.verdict)) return { title: '✕ Signature not valid', tone: 'bad' };
  return { title: verification.outcome === 'intact' ? '✓ Intact' : 'Not verifiable', tone: outcomeClass[verification.outcome] };
}

export function VerificationStatus({ state, verification, onCancel, onVerify }: Props) {
  const files = useFileRows(state);
  if (state.status === 'running') {
    const p = state.progress;
    const percent = p && p.bytesTotal > 0 ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 0;
    return (
      <div className="verify-strip running" role="status" aria-live="polite">
        <span className="verify-title">Verifying…</span>
        <progress max={p?.bytesTotal || 1} value={p?.bytesDone ?? 0} aria-label="Verification progress" />
        <span className="verify-figures">
          {p ? `${percent}% · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} · ${formatBytes(p.rate)}/s${p.etaSeconds === undefined ? '' : ` · ${formatDuration(p.etaSeconds)} left`}` : 'starting…'}
        </span>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <HashingFiles files={files} />
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="verify-strip bad" role="alert">
        <span className="verify-title">Verification failed</span>
        <span>{formatProblem(state.problem)}</span>
        <button type="button" onClick={onVerify}>
          Verify again
        </button>
      </div>
    );
  }
  if (state.status === 'cancelled') {
    return (
      <div className="verify-strip neutral" role="status">
        <span className="verify-title">Verification cancelled</span>
        <span className="muted">Nothing was checked to the end.</span>
        <button type="button" onClick={onVerify}>
          Verify again
        </button>
      </div>
    );
  }
  if (!verification) return null;
  const { title, tone } = headline(verification);
  return (
    <div className={`verify-strip ${tone}`} role="status">
      <span className="verify-title">{title}</span>
      <span>{verification.summary}</span>
      <span className="muted">checked {new Date(verification.verifiedAt).toLocaleString()}</span>
      <button type="button" onClick={onVerify}>
        Verify again
      </button>
      <CheckedFiles files={verification.files} />
    </div>
  );
}
