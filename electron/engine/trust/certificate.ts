// What a person needs to know about a certificate (subject, issuer, validity, fingerprint) and
// the checks a code-signing certificate must pass: validity at a time, and key usage. Node's
// X509Certificate gives the extended key usage; the KeyUsage bits are read from the DER here.
import { X509Certificate } from 'node:crypto';
import { inputError } from '../errors.ts';
import { children, child, oid, readAsn1, TAG, type Asn1 } from './der.ts';

export interface CertificateSummary {
  /** One line, RFC 4514-like: "CN=..., O=..., C=...". */
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex as browsers show it. */
  readonly fingerprint: string;
  readonly serialNumber: string;
  /** "RSA 2048", "EC prime256v1". */
  readonly key: string;
  readonly selfSigned: boolean;
}

export function summarize(certificate: X509Certificate): CertificateSummary {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails;
  const keyText = key.asymmetricKeyType === 'rsa' ? `RSA ${details?.modulusLength ?? '?'}` : key.asymmetricKeyType === 'ec' ? `EC ${details?.namedCurve ?? '?'}` : String(key.asymmetricKeyType ?? 'unknown').toUpperCase();
  return {
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
    fingerprint: certificate.fingerprint256,
    serialNumber: certificate.serialNumber,
    key: keyText,
    selfSigned: isSelfSigned(certificate),
  };
}

/** Node prints one attribute per line, most significant first; people read the CN first. */
function distinguishedName(text: string): string {
  return text.split('\n').filter(Boolean).reverse().join(', ');
}

export function isSelfSigned(certificate: X509Certificate): boolean {
  // Not checkIssued(): OpenSSL's version also demands keyCertSign, which a self-signed
  // end-entity certificate (ovftool's and VirtualBox's test signers) does not carry.
  return certificate.subject === certificate.issuer && certificate.verify(certificate.publicKey);
}

export type ValidityAt = 'valid' | 'expired' | 'not-yet-valid';

export function validityAt(certificate: X509Certificate, when: Date): ValidityAt {
  if (when.getTime() < new Date(certificate.validFrom).getTime()) return 'not-yet-valid';
  if (when.getTime() > new Date(certificate.validTo).getTime()) return 'expired';
  return 'valid';
}

const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const ANY_EXTENDED_USAGE = '2.5.29.37.0';
const KEY_USAGE = '2.5.29.15';

/**
 * Whether the certificate may sign code: KeyUsage, when present, must allow digitalSignature
 * (or nonRepudiation), and extended key usage, when present, must include codeSigning. A
 * certificate with neither extension places no limit, which is how ovftool's and VirtualBox's
 * self-signed test certificates are made. Returns the reason when it may not.
 */
export function codeSigningProblem(certificate: X509Certificate): string | undefined {
  const bits = keyUsageBits(certificate);
  if (bits !== undefined && (bits & 0b11) === 0) return 'its key usage does not allow digital signatures';
  const extended = certificate.keyUsage;
  if (extended && extended.length > 0 && !extended.includes(CODE_SIGNING) && !extended.includes(ANY_EXTENDED_USAGE)) {
    return `its extended key usage (${extended.join(', ')}) does not include code signing (${CODE_SIGNING})`;
  }
  return undefined;
}

/** KeyUsage as a number whose bit 0 is digitalSignature, bit 1 nonRepudiation, ...; undefined when absent. */
export function keyUsageBits(certificate: X509Certificate): number | undefined {
  const tbs = child(readAsn1(certificate.raw), 0, TAG.sequence);
  const extensionsWrapper = children(tbs).find((node) => node.tag === 0xa3);
  if (!extensionsWrapper) return undefined;
  for (const extension of children(child(extensionsWrapper, 0, TAG.sequence))) {
    const parts = children(extension);
    if (oid(parts[0]!) !== KEY_USAGE) continue;
    const value = parts[parts.length - 1] as Asn1;
    const bitString = readAsn1(value.content);
    if (bitString.tag !== TAG.bitString || bitString.content.length < 2) return 0;
    // The BIT STRING's first octet counts unused bits; the flags follow, most significant first.
    let bits = 0;
    for (let i = 0; i < 9; i += 1) {
      const octet = bitString.content[1 + (i >> 3)] ?? 0;
      if (octet & (0x80 >> (i & 7))) bits |= 1 << i;
    }
    return bits;
  }
  return undefined;
}

/** Every certificate in a PEM text, signer first as written. */
export function certificatesFromPem(text: string, file: string): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw inputError('TRUST_CERT_MALFORMED', `certificate #${index + 1} cannot be read: ${(error as Error).message}`, { file });
    }
  });
}
