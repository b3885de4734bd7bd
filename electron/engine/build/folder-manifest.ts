// Outputs that are not OVF packages (Hyper-V, Azure, GCE, KVM folders) still get a manifest in the
// OVF form, `ALG(name)= hex` for every file, and when a key is given a .cert signing it, so every
// build output can be checked the same way (sha256sum-style tools and `openssl dgst` both work).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../project/file.ts';
import { formatManifest } from '../package/manifest.ts';
import type { SigningIdentity } from '../trust/keys.ts';
import { signManifest } from '../trust/sign.ts';

export interface FolderFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export async function sha256OfFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024, ...(signal ? { signal } : {}) })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Writes `<base>.mf` over `files` (name order) and, with a signer, `<base>.cert`. Digests already
 * known (from the conversion) are used as they are; the others are computed.
 */
export async function writeFolderManifest(dir: string, base: string, files: readonly FolderFile[], signer: SigningIdentity | undefined): Promise<string[]> {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const manifestName = `${base}.mf`;
  const manifest = formatManifest(sorted.map((f) => ({ algorithm: 'sha256' as const, name: f.name, digest: f.sha256 })));
  await writeFileAtomically(join(dir, manifestName), manifest);
  const written = [manifestName];
  if (signer) {
    await writeFileAtomically(join(dir, `${base}.cert`), signManifest(Buffer.from(manifest), manifestName, signer, 'sha256'));
    written.push(`${base}.cert`);
  }
  return written;
}
