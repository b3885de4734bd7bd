import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatBytes } from '../../common/progress.ts';
import { applianceHome } from '../../engine/home.ts';
import { verifyPackage, type FileResult, type PackageVerification } from '../../engine/package/verify.ts';
import type { SignatureResult } from '../../engine/trust/verify-signature.ts';
import { CheckFailed } from '../program.ts';
import { writeJson, type CliIO } from '../io.ts';

export function registerVerify(program: Command, io: CliIO): void {
  program
    .command('verify')
    .description('check an OVA or OVF package: every file against the manifest, and the signature against the trust store')
    .argument('<package>', '.ova file, .ovf descriptor, or folder holding one')
    .option('--trust <pem...>', 'also trust these PEM certificates (root or signer) for this run')
    .option('--no-system-trust', "do not trust the operating system's root certificates")
    .option('--json', 'print JSON')
    .action(async (path: string, options: { trust?: string[]; systemTrust: boolean; json?: boolean }) => {
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
