import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatBytes } from '../../common/progress.ts';
import { usageError } from '../../engine/errors.ts';
import { convertDisk, DEFAULT_DEFLATE_LEVEL, TARGET_FORMATS, type ConvertOutput, type OutputDigest, type TargetFormat } from '../../engine/disk/index.ts';
import { writeJson, type CliIO } from '../io.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerConvert(program: Command, io: CliIO): void {
  program
    .command('convert')
    .description('convert a disk image to one or more formats in a single read of the source')
    .argument('<source>', 'disk image in any readable format')
    .option('-o, --output <file>', 'an output file (repeat, each with its --to)', collect, [])
    .option('--to <format>', `the format of the matching -o: ${TARGET_FORMATS.join(', ')}`, collect, [])
    .option('--size <size>', 'virtual size of every output, at least the source\'s: bytes or with K, M, G, T (powers of 1024); the extra space is left unallocated')
    .option('--round-mib', 'round the virtual size of fixed VHDs up to a whole MiB (Azure)')
    .option('--level <n>', 'deflate level for compressed formats, 1 (fast) to 9 (small)', String(DEFAULT_DEFLATE_LEVEL))
    .option('--sha512', 'also compute the SHA-512 of each output')
    .option('--json', 'print JSON')
    .action(async (source: string, options: { output: string[]; to: string[]; size?: string; roundMib?: boolean; level: string; sha512?: boolean; json?: boolean }) => {
      if (options.output.length === 0) throw usageError('no output: give -o FILE --to FORMAT at least once');
      if (options.output.length !== options.to.length) throw usageError(`${options.output.length} outputs (-o) but ${options.to.length} formats (--to): give one --to for each -o`);
      const level = Number(options.level);
      if (!Number.isInteger(level) || level < 1 || level > 9) throw usageError(`--level must be a whole number from 1 to 9, not "${options.level}"`);
      const capacity = options.size === undefined ? undefined : parseSize(options.size);
      const digests: OutputDigest[] = options.sha512 ? ['sha256', 'sha512'] : ['sha256'];
      const outputs: ConvertOutput[] = options.output.map((path, i) => {
        const format = options.to[i]!.toLowerCase();
        if (!(TARGET_FORMATS as readonly string[]).includes(format)) throw usageError(`unknown format "${options.to[i]}" for ${path}: use ${TARGET_FORMATS.join(', ')}`);
        return { path: resolve(io.cwd, path), format: format as TargetFormat, ...(capacity !== undefined ? { capacity } : {}), options: { digests, compressionLevel: level, roundToMiB: options.roundMib === true } };
      });
      const started = performance.now();
      const results = await convertDisk(resolve(io.cwd, source), outputs, { signal: io.signal, onProgress: io.progress });
      io.endProgress();
      const seconds = (performance.now() - started) / 1000;
      const named = results.map((r, i) => ({ ...r, path: options.output[i]! }));
      if (options.json) {
        writeJson(io, { source, seconds, outputs: named });
        return;
      }
      for (const r of named) {
        io.stdout.write(`${r.path}: ${r.format}, ${formatBytes(r.bytes)} (virtual ${formatBytes(r.virtualSize)})\n  SHA256=${r.sha256}\n${r.sha512 ? `  SHA512=${r.sha512}\n` : ''}`);
      }
      io.stdout.write(`converted ${source} in ${seconds.toFixed(1)}s\n`);
    });
}

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "20G", "512M", "1073741824": the sizes qemu-img takes, in powers of 1024. */
function parseSize(text: string): number {
  const match = /^(\d+)([KMGT]?)i?B?$/i.exec(text.trim());
  const bytes = match ? Number(match[1]) * UNITS[match[2]!.toUpperCase()]! : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw usageError(`--size "${text}" is not a size: give bytes, or a number with K, M, G or T (e.g. 20G)`);
  return bytes;
}
