// Verifies a package's .cert against its manifest: the signature itself, then the signer's key
// usage, the validity of every certificate on the chain, and whether the chain ends at a root the
// user trusts. The result says which of these failed, with who signed and who vouches for them.
import { constants, publicDecrypt, verify, type X509Certificate } from 'node:crypto';
import { isEngineError } from '../errors.ts';
import type { ManifestAlgorithm } from '../package/manifest.ts';
import { parseCertFile } from './cert-file.ts';
import { codeSigningProblem, isSelfSigned, summarize, validityAt, type CertificateSummary } from './certificate.ts';
import type { TrustSource, TrustStore } from './trust-store.ts';

export type SignatureStatus =
  /** The signature is good and the chain ends at a trusted root. */
  | 'trusted'
  /** The signature is good, but the signer is self-signed or its root is not trusted here. */
  | 'untrusted'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-usage'
  /** The signer's key signed different manifest bytes: the manifest was changed after signing. */
  | 'manifest-altered'
  | 'bad-signature'
  | 'malformed'
  | 'absent';

export interface ChainLink extends CertificateSummary {
  /** Where the certificate came from: the package's .cert or a trust store. */
  readonly source: 'package' | TrustSource;
}

export interface SignatureResult {
  readonly status: SignatureStatus;
  /** The signature itself verifies over the manifest (true for trusted and untrusted, and for
   *  expired or wrong-usage certificates whose signature is still mathematically correct). */
  readonly signatureValid: boolean;
  readonly message: string;
  readonly certificateFile?: string;
  readonly algorithm?: ManifestAlgorithm;
  readonly signer?: CertificateSummary;
  /** Signer first, then each issuer up to the last one found. */
  readonly chain: readonly ChainLink[];
  /** The PKCS#7 block VirtualBox adds was present (not needed for this verification). */
  readonly hasCms?: boolean;
}

export interface SignatureInput {
  readonly certFile: Buffer;
  readonly certName: string;
  readonly manifest?: Buffer;
  readonly manifestName?: string;
  readonly trustStore: TrustStore;
  readonly now?: Date;
}

const MAX_CHAIN = 10;

export function verifyManifestSignature(input: SignatureInput): SignatureResult {
  const base = { certificateFile: input.certName, chain: [] as ChainLink[] };
  let parsed;
  try {
    parsed = parseCertFile(input.certFile, input.certName);
  } catch (error) {
    if (isEngineError(error)) return { ...base, status: 'malformed', signatureValid: false, message: error.message };
    throw error;
  }
  const { signature, certificates } = parsed;
  const leaf = certificates[0]!;
  const signer = summarize(leaf);
  const known = { ...base, algorithm: signature.algorithm, signer, hasCms: parsed.hasCms };
  if (!input.manifest || input.manifestName === undefined) {
    return { ...known, status: 'malformed', signatureValid: false, message: 'the package has a certificate but no manifest for it to sign' };
  }
  if (signature.manifestName !== input.manifestName) {
    return { ...known, status: 'malformed', signatureValid: false, message: `the signature is for "${signature.manifestName}", not for this package's manifest "${input.manifestName}"` };
  }
  let good = false;
  try {
    good = verify(signature.algorithm, input.manifest, leaf.publicKey, signature.signature);
  } catch {
    good = false;
  }
  const chain = buildChain(leaf, certificates.slice(1), input.trustStore);
  if (!good) {
    const altered = signedOtherBytes(leaf, signature.signature);
    return altered
      ? { ...known, chain: chain.links, status: 'manifest-altered', signatureValid: false, message: 'the manifest was changed after it was signed: the signer\'s key made this signature, but over different manifest bytes' }
      : { ...known, chain: chain.links, status: 'bad-signature', signatureValid: false, message: 'the signature does not verify with the signer\'s certificate (corrupt signature, or made by another key)' };
  }
  const usage = codeSigningProblem(leaf);
  if (usage) return { ...known, chain: chain.links, status: 'wrong-usage', signatureValid: true, message: `the signing certificate may not sign code: ${usage}` };
  const now = input.now ?? new Date();
  for (const link of chain.certificates) {
    const validity = validityAt(link, now);
    if (validity !== 'valid') {
      const who = link === leaf ? 'the signing certificate' : `the issuing certificate "${summarize(link).subject}"`;
      return {
        ...known,
        chain: chain.links,
        status: validity,
        signatureValid: true,
        message: validity === 'expired' ? `${who} expired on ${new Date(link.validTo).toISOString()}` : `${who} is not valid before ${new Date(link.validFrom).toISOString()}`,
      };
    }
  }
  if (chain.trusted) return { ...known, chain: chain.links, status: 'trusted', signatureValid: true, message: `signed by "${signer.subject}", trusted through "${chain.links.at(-1)!.subject}" (${chain.links.at(-1)!.source} trust store)` };
  return { ...known, chain: chain.links, status: 'untrusted', signatureValid: true, message: `the signature is valid, but ${chain.reason}` };
}

interface BuiltChain {
  readonly certificates: readonly X509Certificate[];
  readonly links: readonly ChainLink[];
  readonly trusted: boolean;
  readonly reason: string;
}

function buildChain(leaf: X509Certificate, shipped: readonly X509Certificate[], store: TrustStore): BuiltChain {
  const certificates: X509Certificate[] = [leaf];
  const links: ChainLink[] = [{ ...summarize(leaf), source: store.find(leaf)?.source ?? 'package' }];
  let current = leaf;
  const done = (trusted: boolean, reason: string): BuiltChain => ({ certificates, links, trusted, reason });
  for (let depth = 0; depth < MAX_CHAIN; depth += 1) {
    if (store.find(current)) return done(true, '');
    if (isSelfSigned(current)) {
      return done(false, current === leaf ? `the signer "${links[0]!.subject}" is self-signed and not in the trust store (trust it with --trust or the studio's trust store)` : `its root "${summarize(current).subject}" is not in the trust store`);
    }
    const candidates: { certificate: X509Certificate; source: ChainLink['source'] }[] = [
      ...store.bySubject(current.issuer).map((a) => ({ certificate: a.certificate, source: a.source })),
      ...shipped.filter((c) => c.subject === current.issuer).map((certificate) => ({ certificate, source: 'package' as const })),
    ];
    const issuer = candidates.find(({ certificate }) => current.checkIssued(certificate) && current.verify(certificate.publicKey));
    if (!issuer) return done(false, `the issuer "${current.issuer.split('\n').reverse().join(', ')}" of "${summarize(current).subject}" is neither in the package nor in the trust store`);
    if (!issuer.certificate.ca) return done(false, `"${summarize(issuer.certificate).subject}" signed a certificate but is not a certificate authority`);
    certificates.push(issuer.certificate);
    links.push({ ...summarize(issuer.certificate), source: issuer.source });
    current = issuer.certificate;
  }
  return done(false, 'the certificate chain is longer than 10 links');
}

/**
 * For RSA, a failed verification can still tell "right key, other bytes" from "not this key's
 * signature": recovering the PKCS#1 block with the public key only succeeds for the former.
 */
function signedOtherBytes(leaf: X509Certificate, signature: Buffer): boolean {
  if (leaf.publicKey.asymmetricKeyType !== 'rsa') return false;
  try {
    const digestInfo = publicDecrypt({ key: leaf.publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    return digestInfo.length >= 20 && digestInfo[0] === 0x30;
  } catch {
    return false;
  }
}
