// Signs a manifest the way ovftool and VirtualBox verify it: a PKCS#1 v1.5 (RSA) or DER ECDSA
// signature over the raw .mf bytes with the chosen digest, hex-encoded into the .cert file.
// Equivalent to `openssl dgst -sha256 -sign key.pem x.mf`, except that ECDSA nonces are
// deterministic (RFC 6979), so signing is reproducible for every key type.
import { sign } from 'node:crypto';
import type { ManifestAlgorithm } from '../package/manifest.ts';
import { formatCertFile } from './cert-file.ts';
import { canSignDeterministically, signDeterministic } from './deterministic-ecdsa.ts';
import type { SigningIdentity } from './keys.ts';

export function signManifest(manifest: Buffer, manifestName: string, identity: SigningIdentity, algorithm: ManifestAlgorithm = 'sha256'): string {
  const key = identity.privateKey;
  const signature = canSignDeterministically(key) ? signDeterministic(algorithm, manifest, key) : sign(algorithm, manifest, key);
  return formatCertFile({ algorithm, manifestName, signature }, [identity.certificate, ...identity.chain]);
}

/**
 * The largest .cert text this identity can produce: RSA signatures have a fixed length, ECDSA
 * DER signatures vary by a few bytes. The packer reserves this much before hashing the disks.
 */
export function maxCertFileSize(manifestName: string, identity: SigningIdentity, algorithm: ManifestAlgorithm): number {
  const details = identity.privateKey.asymmetricKeyDetails;
  let signatureBytes: number;
  if (identity.privateKey.asymmetricKeyType === 'rsa') signatureBytes = Math.ceil((details?.modulusLength ?? 4096) / 8);
  else {
    // DER SEQUENCE of two INTEGERs, each up to the order's size plus a sign byte.
    const order = Math.ceil(({ prime256v1: 256, secp384r1: 384, secp521r1: 521 }[details?.namedCurve ?? ''] ?? 521) / 8);
    const integerBytes = 2 + order + 1;
    const body = 2 * integerBytes;
    signatureBytes = (body < 128 ? 2 : 3) + body;
  }
  const line = Buffer.byteLength(`${algorithm.toUpperCase()}(${manifestName})= \n`) + 2 * signatureBytes;
  const pem = [identity.certificate, ...identity.chain].reduce((sum, c) => sum + Buffer.byteLength(c.toString().trimEnd() + '\n'), 0);
  return line + pem;
}
