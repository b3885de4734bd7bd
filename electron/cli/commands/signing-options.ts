// The options `pack --sign` and `sign` share: where the key, certificate and chain are, and how to
// get the key's passphrase without putting it on the command line (where `ps` would show it).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileError, usageError } from '../../engine/errors.ts';
import { parseManifestAlgorithm, type ManifestAlgorithm } from '../../engine/package/manifest.ts';
import { loadSigningIdentity, type SigningIdentity } from '../../engine/trust/keys.ts';
import type { CliIO } from '../io.ts';

export const PASSPHRASE_ENV = 'APPLIANCE_KEY_PASSPHRASE';

export interface SigningFlags {
  readonly cert?: string;
  readonly chain?: string;
  readonly passphraseFile?: string;
}

export async function signingIdentity(io: CliIO, keyPath: string, flags: SigningFlags): Promise<SigningIdentity> {
  let passphrase = io.env[PASSPHRASE_ENV];
  if (flags.passphraseFile) {
    const file = resolve(io.cwd, flags.passphraseFile);
    passphrase = (await readFile(file, 'utf8').catch((error: unknown) => Promise.reject(fileError(error, file)))).replace(/\r?\n$/, '');
  }
  return loadSigningIdentity({
    keyPath: resolve(io.cwd, keyPath),
    ...(flags.cert ? { certPath: resolve(io.cwd, flags.cert) } : {}),
    ...(flags.chain ? { chainPath: resolve(io.cwd, flags.chain) } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
  });
}

export function algorithmOption(name: string, what: string): ManifestAlgorithm {
  const algorithm = parseManifestAlgorithm(name);
  if (!algorithm) throw usageError(`unknown ${what} "${name}": use sha1, sha256 or sha512`);
  return algorithm;
}
