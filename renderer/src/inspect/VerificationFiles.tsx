// One row per file under the verification strip: while hashing, its own bar with rate and time
// left; once hashed, and after the run for every file, its result.
import type { FileCheck } from '../../../electron/common/inspection.ts';
import { formatBytes, formatDuration, type FileProgress } from '../../../electron/common/progress.ts';
import { verdictText } from './verdicts.ts';
import './verification.css';

function HashingRow({ file }: { readonly file: FileProgress }) {
  const percent = file.bytesTotal > 0 ? Math.floor((file.bytesDone / file.bytesTotal) * 100) : 100;
  return (
    <li className="verify-file">
      <span className="verify-file-name mono">{file.name}</span>
      {file.verdict ? (
        <span className={`verdict-${file.verdict}`}>{verdictText[file.verdict]}</span>
      ) : (
        <>
          <progress max={file.bytesTotal || 1} value={file.bytesDone} aria-label={`${file.name} hashed`} />
          <span className="verify-figures">
            {`${percent}% · ${formatBytes(file.bytesDone)} of ${formatBytes(file.bytesTotal)} · ${formatBytes(file.rate)}/s${file.etaSeconds === undefined ? '' : ` · ${formatDuration(file.etaSeconds)} left`}`}
          </span>
        </>
      )}
    </li>
  );
}

export function HashingFiles({ files }: { readonly files: readonly FileProgress[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="verify-files" aria-label="Files being verified">
      {files.map((file) => (
        <HashingRow key={file.name} file={file} />
      ))}
    </ul>
  );
}

export function CheckedFiles({ files }: { readonly files: readonly FileCheck[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="verify-files" aria-label="Files verified">
      {files.map((file, i) => (
        <li key={`${file.name}-${i}`} className="verify-file">
          <span className="verify-file-name mono">{file.name}</span>
          <span className={`verdict-${file.verdict}`}>{verdictText[file.verdict]}</span>
        </li>
      ))}
    </ul>
  );
}
