import type { Command } from 'commander';
import { digestFile, type DigestAlgorithm } from '../../engine/digest.ts';
import { usageError } from '../../engine/errors.ts';
import { writeJson, type CliIO } from '../io.ts';
import { resolve } from 'node:path';

export function registerDigest(program: Command, io: CliIO): void {
  program
    .command('digest')
    .description('print the SHA-1/256/512 digest of files, as a manifest would list them')
    .argument('<files...>', 'files to digest')
    .option('-a, --algorithm <alg>', 'sha1, sha256 or sha512', 'sha256')
    .option('--json', 'print JSON')
    .action(async (files: string[], options: { algorithm: string; json?: boolean }) => {
      const algorithm = parseAlgorithm(options.algorithm);
      const results = [];
      for (const file of files) {
        const { digest, bytes } = await digestFile(resolve(io.cwd, file), algorithm, { signal: io.signal, onProgress: io.progress });
        io.endProgress();
        results.push({ file, algorithm, digest, bytes });
        if (!options.json) io.stdout.write(`${algorithm.toUpperCase()}(${file})= ${digest}\n`);
      }
      if (options.json) writeJson(io, results);
    });
}

function parseAlgorithm(name: string): DigestAlgorithm {
  const lower = name.toLowerCase().replace('-', '');
  if (lower === 'sha1' || lower === 'sha256' || lower === 'sha512') return lower;
  throw usageError(`unknown digest algorithm "${name}": use sha1, sha256 or sha512`);
}
