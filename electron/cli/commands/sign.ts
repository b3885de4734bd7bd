import type { Command } from 'commander';
import { resolve } from 'node:path';
import { signPackage } from '../../engine/package/resign.ts';
import { writeJson, type CliIO } from '../io.ts';
import { algorithmOption, PASSPHRASE_ENV, signingIdentity } from './signing-options.ts';

export function registerSign(program: Command, io: CliIO): void {
  program
    .command('sign')
    .description("sign (or re-sign) an existing OVA or OVF package's manifest, without rewriting its disks")
    .argument('<package>', '.ova file, .ovf descriptor, or folder holding one')
    .requiredOption('--key <key>', 'private key (PEM, encrypted PEM, or .p12/.pfx)')
    .option('--cert <pem>', 'the signing certificate (when the key file does not hold it)')
    .option('--chain <pem>', 'intermediate certificates to include after the signer')
    .option('--digest <alg>', 'digest of the signature: sha1, sha256 or sha512', 'sha256')
    .option('--passphrase-file <file>', `read the key's passphrase from this file (or set ${PASSPHRASE_ENV})`)
    .option('--json', 'print JSON')
    .action(async (path: string, options: { key: string; cert?: string; chain?: string; digest: string; passphraseFile?: string; json?: boolean }) => {
      const algorithm = algorithmOption(options.digest, 'signature digest');
      const identity = await signingIdentity(io, options.key, options);
      const result = await signPackage(resolve(io.cwd, path), identity, { algorithm });
      if (options.json) return writeJson(io, { ...result, signer: identity.certificate.subject.split('\n').reverse().join(', '), algorithm });
      const how = { folder: 'written beside the descriptor', 'replaced-in-place': 'replaced in place', appended: 'appended as the last member' }[result.placement];
      io.stdout.write(`Signed ${result.path}: ${result.certificate} ${how} (${algorithm.toUpperCase()}, signer ${identity.certificate.subject.split('\n').reverse().join(', ')})\n`);
    });
}
