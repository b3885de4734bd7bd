import type { Command } from 'commander';
import { open, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { formatBytes } from '../../common/progress.ts';
import { applianceHome } from '../../engine/home.ts';
import { inspectPackage } from '../../engine/package/inspect-package.ts';
import { verifyPackage, type FileResult, type PackageVerification } from '../../engine/package/verify.ts';
import type { SignatureResult } from '../../engine/trust/verify-signature.ts';
import { isXvaPath } from '../../engine/xva/archive.ts';
import { CheckFailed } from '../program.ts';
import { verifyXvaCommand } from './verify-xva.ts';
import { writeJson, type CliIO } from '../io.ts';

export function registerVerify(program: Command, io: CliIO): void {
  program
    .command('verify')
    .description('check an OVA or OVF package (every file against the manifest, the signature against the trust store) or a XenServer .xva (every chunk against its checksum)')
    .argument('<package>', '.ova file, .ovf descriptor, folder holding one, or .xva')
    .option('--trust <pem...>', 'also trust these PEM certificates (root or signer) for this run')
    .option('--no-system-trust', "do not trust the operating system's root certificates")
    .option('--json', 'print JSON')
    .action(async (path: string, options: { trust?: string[]; systemTrust: boolean; json?: boolean }) => {
      if (await isXvaPath(resolve(io.cwd, path))) return verifyXvaCommand(resolve(io.cwd, path), options, io);
      const result = await verifyPackage(resolve(io.cwd, path), {
        signal: io.signal,
        onProgress: io.progress,
        trust: { system: options.systemTrust, home: applianceHome(io.env), extra: (options.trust ?? []).map((p) => resolve(io.cwd, p)) },
      });
      io.endProgress();
      if (options.json) writeJson(io, result);
      else io.stdout.write(renderVerification(result));
      if (!result.ok) throw new CheckFailed();
    });
}

const STATUS_NOTE: Record<FileResult['status'], string> = {
  ok: '',
  mismatch: 'digest does not match the manifest',
  missing: 'not in the package',
  unlisted: 'not listed in the manifest, so not protected by it',
  outside: 'the manifest names a path outside the package (not opened)',
  unchecked: 'no manifest to check it against',
  'wrong-size': 'size differs from the ovf:size in the descriptor',
};

function renderVerification(result: PackageVerification): string {
  const lines = [`Package:   ${result.path} (${result.kind === 'ova' ? 'OVA' : 'OVF folder'})`];
  lines.push(result.manifest ? `Manifest:  ${result.manifest.name} (${result.manifest.algorithms.map((a) => a.toUpperCase()).join(', ') || 'no entries'}, ${result.manifest.entries} entries, ${result.manifest.dialect} form)` : 'Manifest:  none: the files cannot be checked');
  const width = Math.max(...result.files.map((f) => f.name.length), 4);
  for (const file of result.files) {
    const size = file.size === undefined ? '' : formatBytes(file.size).padStart(10);
    const note = STATUS_NOTE[file.status];
    lines.push(`  ${file.status.padEnd(9)} ${file.name.padEnd(width)} ${size}${note ? `  ${note}` : ''}`);
    if (file.status === 'mismatch') lines.push(`            expected ${file.expected}\n            actual   ${file.actual}`);
    if (file.declaredSize !== undefined) lines.push(`            ovf:size ${file.declaredSize}, actual ${file.size} bytes`);
  }
  lines.push(...renderSignature(result.signature));
  lines.push(`Result:    ${verdict(result)} (${formatBytes(result.bytesHashed)} hashed in ${result.seconds.toFixed(2)} s)`);
  return `${lines.join('\n')}\n`;
}

export function renderSignature(signature: SignatureResult): string[] {
  const label: Record<SignatureResult['status'], string> = {
    trusted: 'valid, trusted',
    untrusted: 'valid, but NOT TRUSTED',
    expired: 'INVALID: certificate expired',
    'not-yet-valid': 'INVALID: certificate not yet valid',
    'wrong-usage': 'INVALID: certificate not for code signing',
    'manifest-altered': 'INVALID: manifest altered after signing',
    'bad-signature': 'INVALID: bad signature',
    malformed: 'INVALID: unreadable certificate file',
    absent: 'none (package not signed)',
  };
  const lines = [`Signature: ${label[signature.status]}${signature.algorithm ? ` (${signature.algorithm.toUpperCase()})` : ''}`];
  if (signature.status !== 'absent') lines.push(`           ${signature.message}`);
  if (signature.signer) {
    lines.push(`  Signer:      ${signature.signer.subject}`, `  Issuer:      ${signature.signer.issuer}`, `  Valid:       ${signature.signer.validFrom} to ${signature.signer.validTo}`, `  Fingerprint: SHA-256 ${signature.signer.fingerprint}`);
    signature.chain.slice(1).forEach((link) => lines.push(`  Chain:       ${link.subject} (${link.source === 'package' ? 'from the package' : `${link.source} trust store`})`));
  }
  return lines;
}

function verdict(result: PackageVerification): string {
  if (!result.ok) return 'FAILED';
  const unprotected = result.files.some((f) => f.status === 'unlisted' || f.status === 'unchecked');
  const intact = unprotected ? 'intact as far as the manifest covers it' : 'intact';
  if (result.signature.status === 'trusted') return `${intact}, signed by a trusted signer`;
  if (result.signature.status === 'untrusted') return `${intact}, signature valid but the signer is not trusted`;
  return `${intact}, not signed`;
}

/** An .ova, a folder, or any file with a tar header but an XVA's: the package inspector's input. */
export async function isPackagePath(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return false;
  if (info.isDirectory()) return true;
  if (await isXvaPath(path)) return false;
  if (extname(path).toLowerCase() === '.ova') return true;
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(265);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.subarray(257, 262).toString('latin1') === 'ustar';
  } finally {
    await handle.close();
  }
}

/** `appliance inspect` for an OVA or OVF folder: member order, sizes, tar dialect, manifest and signature status; `more` joins the JSON. */
export async function inspectPackageCommand(path: string, shownAs: string, options: { readonly json?: boolean }, io: CliIO, more: Readonly<Record<string, unknown>> = {}): Promise<void> {
  const structure = await inspectPackage(path, { trust: { home: applianceHome(io.env) } });
  if (options.json) return writeJson(io, { file: shownAs, kind: 'package', package: structure, ...more });
  const lines = [`Package:   ${shownAs} (${structure.kind === 'ova' ? `OVA, tar ${structure.dialect}` : 'OVF folder'}, ${structure.members.length} files, read in ${structure.milliseconds.toFixed(0)} ms)`];
  const rows = structure.members.map((m, i) => [String(i + 1), m.offset === undefined ? '' : String(m.offset), formatBytes(m.size), m.role, m.name]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length), ['#', 'offset', 'size', 'role'][c]!.length));
  for (const row of [['#', 'offset', 'size', 'role', 'name'], ...rows]) lines.push(`  ${row.map((cell, c) => (c === 4 ? cell : c === 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`);
  lines.push(structure.orderNotes.length === 0 ? 'Order:     as DSP0243 recommends' : `Order:     ${structure.orderNotes.join('; ')}`);
  if (structure.missing.length > 0) lines.push(`Missing:   ${structure.missing.join(', ')} (named in References, not in the package)`);
  const manifest = structure.manifestInfo;
  lines.push(
    !structure.manifest || !manifest
      ? 'Manifest:  none'
      : manifest.error
        ? `Manifest:  ${structure.manifest} is unreadable: ${manifest.error}`
        : `Manifest:  ${structure.manifest} (${manifest.algorithms.map((a) => a.toUpperCase()).join(', ') || 'no entries'}, ${manifest.entries} entries, ${manifest.dialect} form); run \`appliance verify\` to check the digests`,
  );
  lines.push(...renderSignature(structure.signature));
  io.stdout.write(`${lines.join('\n')}\n`);
}
