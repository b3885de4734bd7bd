import type { Command } from 'commander';
import { resolve } from 'node:path';
import { countBySeverity, formatFinding } from '../../common/finding.ts';
import { usageError } from '../../engine/errors.ts';
import { readDescriptorFile, validateDescriptor, validateWithSchema } from '../../engine/ovf/index.ts';
import { writeJson, type CliIO } from '../io.ts';
import { CheckFailed } from '../program.ts';

/** `--max-bytes` as a positive integer; shared by inspect and validate. */
export function parseMaxBytes(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) === 0) throw usageError(`--max-bytes must be a positive number of bytes, not "${text}"`);
  return Number(text);
}

export function registerValidate(program: Command, io: CliIO): void {
  program
    .command('validate')
    .description('check an OVF descriptor: structure, references, sizes, hardware, properties, and with --schema the DMTF XSDs (via xmllint); exit 1 on errors')
    .argument('<file>', 'the .ovf descriptor')
    .option('--schema <dir>', 'folder with the DMTF OVF schemas (dsp8023_1.x / 2.x .xsd, in it or in sub-folders)')
    .option('--max-bytes <n>', 'refuse descriptors larger than this (default 16 MiB)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { schema?: string; maxBytes?: string; json?: boolean }) => {
      const maxBytes = parseMaxBytes(options.maxBytes);
      const descriptor = await readDescriptorFile(resolve(io.cwd, file), { displayName: file, ...(maxBytes ? { maxBytes } : {}) });
      const findings = options.schema
        ? await validateWithSchema(descriptor, { schemaDir: resolve(io.cwd, options.schema), signal: io.signal, env: io.env })
        : validateDescriptor(descriptor);
      const counts = countBySeverity(findings);
      if (options.json) {
        writeJson(io, { file, ovfFamily: descriptor.envelope.family, schemaChecked: options.schema !== undefined, valid: counts.error === 0, counts, findings });
      } else {
        for (const finding of findings) io.stdout.write(`${formatFinding(finding)}\n`);
        const schema = options.schema ? ', DMTF schema checked' : '';
        io.stdout.write(`${file}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} note(s)${schema}\n`);
      }
      if (counts.error > 0) throw new CheckFailed();
    });
}
