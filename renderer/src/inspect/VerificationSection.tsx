// Per-file results of the last verification, and the signature with its certificate chain.
import type { FileCheck, Verification } from '../../../electron/common/inspection.ts';
import { formatBytes } from '../../../electron/common/progress.ts';
import { DataTable } from '../common/DataTable.tsx';
import { CertificateChain } from './CertificateChain.tsx';
import { verdictText } from './verdicts.ts';

/** The size column says what the descriptor expected when the two differ. */
const sizeText = (file: FileCheck) => {
  if (file.size === undefined) return '';
  return file.verdict === 'wrong-size' && file.declaredSize !== undefined ? `${formatBytes(file.size)}, descriptor says ${formatBytes(file.declaredSize)}` : formatBytes(file.size);
};

export function VerificationSection({ verification, verifiable }: { readonly verification?: Verification; readonly verifiable: boolean }) {
  if (!verification) return <p className="muted">{verifiable ? 'The verification has not finished.' : 'There is nothing to verify: the file has no manifest and no signature.'}</p>;
  const signature = verification.signature;
  return (
    <div className="stack">
      <DataTable
        label="Files checked"
        rows={verification.files}
        rowKey={(f, i) => `${f.name}-${i}`}
        columns={[
          { header: 'File', width: 'minmax(12rem, 2fr)', text: (f) => f.name },
          { header: 'Result', width: '10rem', text: (f) => verdictText[f.verdict], className: (f) => `verdict-${f.verdict}` },
          { header: 'Size', width: 'minmax(6rem, 1fr)', text: sizeText },
          { header: 'Digest', width: 'minmax(12rem, 3fr)', text: (f) => (f.algorithm ? `${f.algorithm.toUpperCase()} ${f.actual ?? f.expected ?? ''}` : ''), className: () => 'mono' },
        ]}
      />
      <section className={`card signature signature-${signature.verdict}`} aria-label="Signature">
        <h3>Signature: {signature.verdict === 'absent' ? 'none' : signature.verdict.replace(/-/g, ' ')}</h3>
        <p>{signature.message}</p>
        <CertificateChain chain={signature.chain} />
      </section>
    </div>
  );
}
