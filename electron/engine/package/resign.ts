// signPackage: adds or replaces the .cert of an existing package without rewriting its disks.
// A folder gets a new <base>.cert. In an OVA the certificate is rewritten in place when the new
// one fits the old one's blocks (ovftool reserves 100 KiB for exactly this), or when it is the last
// member; a package without one gets it appended at the end, which is where VirtualBox's
// `signova` puts it and where DSP0243 allows it. Only headers and the certificate are written.
import { open, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileError, inputError } from '../errors.ts';
import type { SigningIdentity } from '../trust/keys.ts';
import { signManifest } from '../trust/sign.ts';
import type { ManifestAlgorithm } from './manifest.ts';
import { openPackage } from './package-source.ts';
import { BLOCK, paddedSize } from './tar-header.ts';
import { memberHeader, memberPadding } from './tar-writer.ts';

export interface SignResult {
  readonly path: string;
  readonly certificate: string;
  /** How the certificate was placed. */
  readonly placement: 'folder' | 'replaced-in-place' | 'appended';
}

const RECORD = 20 * BLOCK;

export async function signPackage(path: string, identity: SigningIdentity, options: { algorithm?: ManifestAlgorithm; mtime?: number } = {}): Promise<SignResult> {
  const source = await openPackage(path);
  if (!source.manifest) throw inputError('PACKAGE_NO_MANIFEST', 'the package has no manifest to sign; create one with `appliance pack`', { file: source.path });
  const manifestName = source.manifest.name;
  const certName = `${manifestName.slice(0, -3)}.cert`;
  const manifest = await source.readSmall(source.manifest, 4 * 1024 * 1024);
  const text = signManifest(manifest, manifestName, identity, options.algorithm ?? 'sha256');
  if (source.kind === 'ovf') {
    const target = join(dirname(source.path), certName);
    const temporary = `${target}.partial-${process.pid}`;
    await writeFile(temporary, text).catch((error: unknown) => Promise.reject(fileError(error, temporary)));
    await rename(temporary, target);
    return { path: source.path, certificate: certName, placement: 'folder' };
  }
  const tar = source.tar!;
  const members = tar.members;
  const old = source.certificate ? members.find((m) => m.name === source.certificate!.name) : undefined;
  const last = members.at(-1)!;
  const stamp = { mtime: options.mtime ?? 0 };
  const handle = await open(path, 'r+').catch((error: unknown) => Promise.reject(fileError(error, path)));
  try {
    if (old && old !== last) {
      if (old.headerOffset !== old.offset - BLOCK) throw inputError('SIGN_NO_ROOM', 'the existing certificate has extension headers; rebuild the package with `appliance pack --sign`', { file: path });
      // Same block count as before, so every later member stays where it is: pad like ovftool does.
      const room = paddedSize(old.size);
      if (Buffer.byteLength(text) > room) throw inputError('SIGN_NO_ROOM', `the new certificate (${Buffer.byteLength(text)} bytes) does not fit the ${room} bytes the old one occupies mid-package; rebuild with \`appliance pack --sign\``, { file: path });
      const data = Buffer.from(text.padEnd(Math.max(old.size, Buffer.byteLength(text)), '\n'));
      const entry = { name: old.name, size: data.length };
      await handle.write(Buffer.concat([memberHeader(entry, stamp), data, memberPadding(entry.size)]), 0, undefined, old.headerOffset);
      return { path, certificate: old.name, placement: 'replaced-in-place' };
    }
    // Replace the last member, or append after it: then end-of-archive blocks and record padding.
    const at = old ? old.headerOffset : last.offset + paddedSize(last.size);
    const data = Buffer.from(text);
    const entry = { name: certName, size: data.length };
    const end = at + BLOCK + paddedSize(data.length);
    const total = Math.ceil((end + 2 * BLOCK) / RECORD) * RECORD;
    await handle.write(Buffer.concat([memberHeader(entry, stamp), data, memberPadding(data.length), Buffer.alloc(total - end)]), 0, undefined, at);
    await handle.truncate(total);
    return { path, certificate: certName, placement: old ? 'replaced-in-place' : 'appended' };
  } finally {
    await handle.close();
  }
}
