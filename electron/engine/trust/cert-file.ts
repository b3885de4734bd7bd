// The OVF certificate file (<base>.cert), as ovftool and VirtualBox write it: a manifest-style
// line "ALG(<base>.mf)= <hex signature over the .mf bytes>", then the signer's certificate and its
// chain in PEM. Readers must cope with VirtualBox's spaced "SHA256(x.mf) = hex" and blank line,
// its extra PKCS#7 "CMS" block, and ovftool's padding of the whole file with spaces to 100 KiB.
import type { X509Certificate } from 'node:crypto';
import { inputError } from '../errors.ts';
import { parseDigestLine, type ManifestAlgorithm } from '../package/manifest.ts';
import { certificatesFromPem } from './certificate.ts';

export interface ManifestSignature {
  readonly algorithm: ManifestAlgorithm;
  /** The manifest the line names. */
  readonly manifestName: string;
  readonly signature: Buffer;
}

export interface CertFile {
  readonly signature: ManifestSignature;
  /** Signer first, as written. */
  readonly certificates: readonly X509Certificate[];
  /** VirtualBox's detached PKCS#7 signature is present (read as information only). */
  readonly hasCms: boolean;
}

/** Preference when a file carries several signature lines, strongest first (as VirtualBox picks). */
const PREFERENCE: readonly ManifestAlgorithm[] = ['sha512', 'sha256', 'sha1'];

export function parseCertFile(bytes: Buffer, file: string): CertFile {
  const text = bytes.toString('latin1');
  const firstPem = text.indexOf('-----BEGIN ');
  const head = firstPem === -1 ? text : text.slice(0, firstPem);
  const lines = [];
  for (const [index, raw] of head.split('\n').entries()) {
    if (raw.trim() === '') continue;
    const line = parseDigestLine(raw);
    if (!line || line.hex.length % 2 !== 0) throw inputError('SIGNATURE_MALFORMED', `not a signature line "ALG(name.mf)= hex": ${JSON.stringify(raw.trim().slice(0, 80))}`, { file, line: index + 1 });
    lines.push(line);
  }
  const line = lines.sort((a, b) => PREFERENCE.indexOf(a.algorithm) - PREFERENCE.indexOf(b.algorithm))[0];
  if (!line) throw inputError('SIGNATURE_MALFORMED', 'the certificate file has no signature line "ALG(name.mf)= hex"', { file });
  const certificates = certificatesFromPem(text, file);
  if (certificates.length === 0) throw inputError('SIGNATURE_MALFORMED', 'the certificate file holds no PEM certificate', { file });
  return {
    signature: { algorithm: line.algorithm, manifestName: line.name, signature: Buffer.from(line.hex, 'hex') },
    certificates,
    hasCms: /-----BEGIN (CMS|PKCS7)-----/.test(text),
  };
}

/** The strict form: signature line, then every certificate in PEM, signer first. */
export function formatCertFile(signature: ManifestSignature, certificates: readonly X509Certificate[]): string {
  const pem = certificates.map((certificate) => certificate.toString().trimEnd() + '\n').join('');
  return `${signature.algorithm.toUpperCase()}(${signature.manifestName})= ${signature.signature.toString('hex')}\n${pem}`;
}
