import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatBytes } from '../../common/progress.ts';
import { usageError } from '../../engine/errors.ts';
import { packPackage, type PackFormat } from '../../engine/package/pack.ts';
import { writeJson, type CliIO } from '../io.ts';
import { algorithmOption, PASSPHRASE_ENV, signingIdentity } from './signing-options.ts';

export function registerPack(program: Command, io: CliIO): void {
  program
    .command('pack')
    .description('package a descriptor and the files it references as an OVA (or an OVF folder), with a manifest and an optional signature')
    .argument('<descriptor>', 'the .ovf file; its files are read from the same folder')
    .requiredOption('-o, --output <path>', 'the .ova file to write, or a new folder for an OVF folder package')
    .option('--format <format>', 'ova or ovf (default: ova when the output ends in .ova)')
    .option('--manifest <alg>', 'manifest digest: sha1, sha256 or sha512', 'sha256')
    .option('--sign <key>', 'sign with this private key (PEM, encrypted PEM, or .p12/.pfx)')
    .option('--cert <pem>', 'the signing certificate (when the key file does not hold it)')
    .option('--chain <pem>', 'intermediate certificates to include after the signer')
    .option('--signature-digest <alg>', 'digest of the signature (default: the manifest\'s)')
    .option('--passphrase-file <file>', `read the key's passphrase from this file (or set ${PASSPHRASE_ENV})`)
    .option('--json', 'print JSON')
    .action(async (descriptor: string, options: { output: string; format?: string; manifest: string; sign?: string; cert?: string; chain?: string; signatureDigest?: string; passphraseFile?: string; json?: boolean }) => {
      if (options.format !== undefined && options.format !== 'ova' && options.format !== 'ovf') throw usageError(`unknown format "${options.format}": use ova or ovf`);
      if (!options.sign && (options.cert || options.chain)) throw usageError('--cert and --chain go with --sign KEY');
      const algorithm = algorithmOption(options.manifest, 'manifest digest');
      const signer = options.sign ? await signingIdentity(io, options.sign, options) : undefined;
      const epoch = Number(io.env.SOURCE_DATE_EPOCH);
      const result = await packPackage(resolve(io.cwd, descriptor), {
        output: resolve(io.cwd, options.output),
        ...(options.format ? { format: options.format as PackFormat } : {}),
        algorithm,
        ...(signer ? { signer } : {}),
        ...(options.signatureDigest ? { signatureAlgorithm: algorithmOption(options.signatureDigest, 'signature digest') } : {}),
        // SOURCE_DATE_EPOCH is the reproducible-builds convention for "the time to stamp".
        ...(Number.isSafeInteger(epoch) && epoch >= 0 ? { mtime: epoch } : {}),
        signal: io.signal,
        onProgress: io.progress,
      });
      io.endProgress();
      if (options.json) return writeJson(io, result);
      const lines = [`Wrote ${result.output} (${result.format === 'ova' ? 'OVA' : 'OVF folder'}, ${formatBytes(result.bytes)} in ${result.seconds.toFixed(2)} s)${result.signed ? ', signed' : ''}`];
      for (const member of result.members) lines.push(`  ${member.name.padEnd(40)} ${formatBytes(member.size).padStart(10)}`);
      io.stdout.write(`${lines.join('\n')}\n`);
    });
}
