// Loads what a signer needs: the private key (PEM as PKCS#1, SEC1, PKCS#8 or encrypted PKCS#8, or
// a PKCS#12 .pfx/.p12), the signing certificate and its chain, and checks that they belong
// together. The key lives only in memory: never in the catalog, logs or error messages.
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileError, inputError } from '../errors.ts';
import { certificatesFromPem } from './certificate.ts';
import { readPkcs12 } from './pkcs12.ts';

export interface SigningIdentity {
  readonly privateKey: KeyObject;
  readonly certificate: X509Certificate;
  /** Intermediates (and possibly the root) to ship in the .cert after the signer. */
  readonly chain: readonly X509Certificate[];
}

export interface SigningInput {
  /** PEM key file (which may also hold the certificate) or a .pfx/.p12. */
  readonly keyPath: string;
  /** PEM certificate; optional when the key file carries it. */
  readonly certPath?: string;
  /** PEM file with intermediates. */
  readonly chainPath?: string;
  readonly passphrase?: string;
}

export async function loadSigningIdentity(input: SigningInput): Promise<SigningIdentity> {
  const keyBytes = await readFile(input.keyPath).catch((error: unknown) => Promise.reject(fileError(error, input.keyPath)));
  const isPem = keyBytes.includes('-----BEGIN');
  let privateKey: KeyObject;
  let bundled: X509Certificate[] = [];
  if (!isPem || ['.p12', '.pfx'].includes(extname(input.keyPath).toLowerCase())) {
    if (input.passphrase === undefined) throw inputError('TRUST_KEY_PASSPHRASE_REQUIRED', 'a PKCS#12 file needs its passphrase', { file: input.keyPath });
    const contents = readPkcs12(keyBytes, input.passphrase, input.keyPath);
    privateKey = contents.privateKey;
    bundled = [...contents.certificates];
  } else {
    privateKey = readPemKey(keyBytes.toString('latin1'), input.passphrase, input.keyPath);
    bundled = certificatesFromPem(keyBytes.toString('latin1'), input.keyPath);
  }
  const given = input.certPath ? await readCertificates(input.certPath) : [];
  const chain = input.chainPath ? await readCertificates(input.chainPath) : [];
  const candidates = [...given, ...bundled];
  const publicDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const matches = (certificate: X509Certificate) => certificate.publicKey.export({ type: 'spki', format: 'der' }).equals(publicDer);
  if (candidates.length === 0) throw inputError('TRUST_CERT_MISSING', 'no signing certificate: give --cert, or a key file that also holds its certificate', { file: input.keyPath });
  const certificate = candidates.find(matches);
  if (!certificate) {
    const first = candidates[0]!;
    throw inputError('TRUST_KEY_CERT_MISMATCH', `the private key does not belong to the certificate "${first.subject.split('\n').reverse().join(', ')}" (their public keys differ)`, { file: input.certPath ?? input.keyPath });
  }
  if (!privateKey.asymmetricKeyType || !['rsa', 'ec'].includes(privateKey.asymmetricKeyType)) {
    throw inputError('TRUST_KEY_UNSUPPORTED', `${privateKey.asymmetricKeyType ?? 'this'} keys cannot sign OVF manifests; use RSA or ECDSA`, { file: input.keyPath });
  }
  const seen = new Set([certificate.fingerprint256]);
  const rest = [...chain, ...candidates].filter((c) => (seen.has(c.fingerprint256) ? false : (seen.add(c.fingerprint256), true)));
  return { privateKey, certificate, chain: rest };
}

function readPemKey(text: string, passphrase: string | undefined, file: string): KeyObject {
  const block = /-----BEGIN (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----[\s\S]*?-----END (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----/.exec(text)?.[0];
  if (!block) throw inputError('TRUST_KEY_MISSING', 'the file holds no PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY)', { file });
  const encrypted = block.includes('ENCRYPTED');
  // Without this check OpenSSL would try to prompt on the terminal and fail with an obscure code.
  if (encrypted && passphrase === undefined) throw inputError('TRUST_KEY_PASSPHRASE_REQUIRED', 'the private key is encrypted: give its passphrase', { file });
  try {
    return createPrivateKey(passphrase === undefined ? { key: block, format: 'pem' } : { key: block, format: 'pem', passphrase });
  } catch (error) {
    if (encrypted) throw inputError('TRUST_KEY_BAD_PASSPHRASE', 'wrong passphrase for the private key', { file });
    throw inputError('TRUST_KEY_UNREADABLE', `the private key cannot be read: ${(error as Error).message}`, { file });
  }
}

async function readCertificates(path: string): Promise<X509Certificate[]> {
  const text = await readFile(path, 'latin1').catch((error: unknown) => Promise.reject(fileError(error, path)));
  const list = certificatesFromPem(text, path);
  if (list.length === 0) throw inputError('TRUST_CERT_MISSING', 'the file holds no PEM certificate (BEGIN CERTIFICATE)', { file: path });
  return list;
}
