// The signer's certificate chain shown the way a browser's certificate viewer does: the hierarchy
// from root to signer, and the fields of the one selected.
import { useState } from 'react';
import type { CertificateInfo } from '../../../electron/common/inspection.ts';

const commonName = (dn: string) => /CN=([^,]+)/.exec(dn)?.[1] ?? dn;

export function CertificateChain({ chain }: { readonly chain: readonly CertificateInfo[] }) {
  const [selected, setSelected] = useState(0);
  if (chain.length === 0) return null;
  // The chain arrives signer first; the viewer lists the root first.
  const hierarchy = [...chain].reverse();
  const shown = chain[selected] ?? chain[0];
  if (!shown) return null;
  const fields: [string, string][] = [
    ['Subject', shown.subject],
    ['Issuer', shown.issuer],
    ['Valid from', new Date(shown.validFrom).toUTCString()],
    ['Valid until', new Date(shown.validTo).toUTCString()],
    ['Serial number', shown.serialNumber],
    ['Public key', shown.key],
    ['SHA-256 fingerprint', shown.fingerprint],
    ['Source', shown.source === 'package' ? 'the package certificate file' : `${shown.source} trust store`],
  ];
  return (
    <section className="cert-viewer" aria-label="Certificate chain">
      <h4>Certificate chain</h4>
      <ol className="cert-hierarchy">
        {hierarchy.map((cert, depth) => {
          const index = chain.length - 1 - depth;
          return (
            <li key={cert.fingerprint} style={{ paddingLeft: `${depth * 1.2}rem` }}>
              <button type="button" className={`cert-node${index === selected ? ' selected' : ''}`} aria-pressed={index === selected} onClick={() => setSelected(index)}>
                {commonName(cert.subject)}
                {cert.selfSigned && <span className="muted"> (self-signed)</span>}
              </button>
            </li>
          );
        })}
      </ol>
      <dl className="facts cert-fields">
        {fields.map(([name, value]) => (
          <div key={name} className="fact">
            <dt>{name}</dt>
            <dd className={name.includes('fingerprint') || name.includes('Serial') ? 'mono' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
