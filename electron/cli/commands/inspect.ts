// `appliance inspect FILE`: a readable summary (or JSON) of what a file is. The command finds the
// kind of input, then hands it to that kind's inspector; the OVF descriptor inspector lives here,
// and other kinds (OVA, OVF folder, disks) are added to `inspectors` beside it. A package's disks
// are shown as the disk engine reads them inside the package, beside what the descriptor says.
import type { Command } from 'commander';
import { open, rename, writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { countBySeverity, formatFinding } from '../../common/finding.ts';
import { formatBytes } from '../../common/progress.ts';
import { diskLayout, type DiskReport, type ReportFormat } from '../../common/inspection.ts';
import { EngineError, fileError, usageError } from '../../engine/errors.ts';
import { renderReport } from '../../engine/inspect/export.ts';
import { inspectPath } from '../../engine/inspect/inspect.ts';
import { DEFAULT_MAX_DESCRIPTOR_BYTES, parseDescriptor, readDescriptorFile, summarizeEnvelope, validateDescriptor, type EnvelopeSummary, type OvfDescriptor } from '../../engine/ovf/index.ts';
import { openPackage } from '../../engine/package/index.ts';
import { writeJson, type CliIO } from '../io.ts';
import { parseMaxBytes } from './validate.ts';
import { inspectPackageCommand, isPackagePath } from './verify.ts';

export interface InspectOptions {
  readonly json?: boolean;
  readonly maxBytes?: number;
}

type InputKind = 'ovf' | 'package' | 'other';
type Inspector = (path: string, shownAs: string, options: InspectOptions, io: CliIO) => Promise<void>;

const inspectors: Record<InputKind, Inspector> = { ovf: inspectDescriptor, package: inspectPackageAndDescriptor, other: inspectOther };

/** Decides the kind from the first bytes (an XML Envelope), then the extension. */
async function detectKind(path: string, shownAs: string): Promise<InputKind> {
  if (await isPackagePath(path)) return 'package';
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      head = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileError(error, shownAs);
  }
  const text = head.toString(head[0] === 0xff || head[0] === 0xfe ? 'utf16le' : 'latin1').replace(/\0/g, '');
  if (/<([\w.-]+:)?Envelope[\s>]/.test(text) || extname(path).toLowerCase() === '.ovf') return 'ovf';
  return 'other';
}

/** Disk images, ISOs, XVAs and anything else: the studio's own inspection report, as Markdown or JSON. */
async function inspectOther(path: string, shownAs: string, options: InspectOptions, io: CliIO): Promise<void> {
  const report = await inspectPath(path);
  const { problem } = report;
  if (problem) throw new EngineError(problem.code, problem.kind, problem.message, { ...problem.location, file: shownAs });
  io.stdout.write(renderReport(report, options.json ? 'json' : 'md').text);
}

const reportFormats: readonly ReportFormat[] = ['json', 'html', 'md'];

/** `--report FORMAT [-o FILE]`: the studio's full inspection report of any file kind, for saving or sharing. */
async function writeReport(path: string, format: string, output: string | undefined, io: CliIO): Promise<void> {
  if (!reportFormats.includes(format as ReportFormat)) throw usageError(`unknown report format "${format}": use ${reportFormats.join(', ')}`);
  const rendered = renderReport(await inspectPath(path), format as ReportFormat);
  if (!output) {
    io.stdout.write(rendered.text);
    return;
  }
  const target = resolve(io.cwd, output);
  const temporary = `${target}.partial-${process.pid}`;
  try {
    await writeFile(temporary, rendered.text);
    await rename(temporary, target);
  } catch (error) {
    throw fileError(error, output);
  }
  io.stdout.write(`wrote ${output}\n`);
}

export function registerInspect(program: Command, io: CliIO): void {
  program
    .command('inspect')
    .description('tell what a file is: an OVF descriptor (product, systems, hardware, disks, networks, properties, options, EULAs, findings), an OVA or OVF folder (members, manifest, signature, each disk read in place), a disk image, an ISO or an XVA')
    .argument('<file>', 'the file to inspect (.ovf, .ova, OVF folder, disk image, .iso, .xva)')
    .option('--max-bytes <n>', 'refuse descriptors larger than this (default 16 MiB)')
    .option('--report <format>', 'write the full inspection report as json, html or md (the studio\'s export)')
    .option('-o, --output <file>', 'with --report: the file to write instead of standard output')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean; maxBytes?: string; report?: string; output?: string }) => {
      const path = resolve(io.cwd, file);
      if (options.output && !options.report) throw usageError('-o/--output goes with --report');
      if (options.report) return writeReport(path, options.report, options.output, io);
      const maxBytes = parseMaxBytes(options.maxBytes);
      const kind = await detectKind(path, file);
      await inspectors[kind](path, file, { ...(options.json ? { json: true } : {}), ...(maxBytes ? { maxBytes } : {}) }, io);
    });
}

async function inspectDescriptor(path: string, shownAs: string, options: InspectOptions, io: CliIO): Promise<void> {
  printDescriptor(await readDescriptorFile(path, { displayName: shownAs, ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) }), shownAs, options, io);
}

/** An OVA or OVF folder: its structure (members, manifest, signature), then what its descriptor describes. */
async function inspectPackageAndDescriptor(path: string, shownAs: string, options: InspectOptions, io: CliIO): Promise<void> {
  // The disks as their bytes say, read in place (the descriptor only says what they should be).
  const { disks } = await inspectPath(path);
  await inspectPackageCommand(path, shownAs, options, io, { disks });
  if (options.json) return;
  const source = await openPackage(path);
  const name = `${shownAs}!${source.descriptor.name}`;
  const bytes = await source.readSmall(source.descriptor, options.maxBytes ?? DEFAULT_MAX_DESCRIPTOR_BYTES);
  io.stdout.write('\n');
  printDescriptor(parseDescriptor(bytes, name, options.maxBytes ? { maxBytes: options.maxBytes } : {}), name, options, io);
  if (disks.length > 0) io.stdout.write(`\n${describeDisks(disks)}`);
}

/** Each disk as read from the package: container, sizes, layout, how it was read, what disagrees. */
function describeDisks(disks: readonly DiskReport[]): string {
  const rows = disks.map((d) => [d.id, d.format, d.virtualBytes === undefined ? '?' : formatBytes(d.virtualBytes), d.allocatedBytes === undefined ? '?' : `${formatBytes(d.allocatedBytes)} stored`, diskLayout(d) || 'no partition table', d.details.problem ?? d.details.read ?? '']);
  const findings = disks.flatMap((d) => d.findings ?? []);
  return `Disks as read from the package:\n${table(rows)}${findings.map((f) => `  ${formatFinding(f)}\n`).join('')}`;
}

function printDescriptor(descriptor: OvfDescriptor, shownAs: string, options: InspectOptions, io: CliIO): void {
  const summary = summarizeEnvelope(descriptor.envelope);
  const findings = validateDescriptor(descriptor);
  if (options.json) {
    writeJson(io, { file: shownAs, kind: 'ovf', summary, counts: countBySeverity(findings), findings });
    return;
  }
  io.stdout.write(describe(shownAs, summary));
  const counts = countBySeverity(findings);
  io.stdout.write(`\nFindings: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} note(s)\n`);
  for (const finding of findings) io.stdout.write(`  ${formatFinding(finding)}\n`);
}

/** Left-aligned columns, two spaces apart. */
function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd()).join('\n') + '\n';
}

function describe(file: string, s: EnvelopeSummary): string {
  const out: string[] = [];
  out.push(`${file}: OVF ${s.ovfFamily} descriptor${s.ovfVersion ? ` (ovf:version ${s.ovfVersion})` : ''}, ${s.content === 'none' ? 'no content' : s.content}\n`);
  if (s.product) {
    const name = [s.product.name, s.product.version].filter(Boolean).join(' ');
    out.push(`Product: ${name || '(unnamed)'}${s.product.vendor ? ` by ${s.product.vendor}` : ''}${s.product.fullVersion ? ` [${s.product.fullVersion}]` : ''}\n`);
  }
  for (const system of s.systems) {
    const facts = [
      system.cpus !== undefined ? `${system.cpus} CPU` : undefined,
      system.memoryBytes !== undefined ? formatBytes(system.memoryBytes) : undefined,
      system.operatingSystem ? `OS ${system.operatingSystem}` : undefined,
      system.hardwareFamilies.length ? `hardware ${system.hardwareFamilies.join(', ')}` : undefined,
    ].filter(Boolean);
    out.push(`\nSystem ${system.id}${system.name && system.name !== system.id ? ` "${system.name}"` : ''}: ${facts.join(', ')}\n`);
    if (system.hardware.length) {
      out.push(table([['ID', 'Type', 'Name', 'Detail'], ...system.hardware.map((h) => [h.instanceId, h.type, h.name, h.detail + (h.configurations.length ? ` [${h.configurations.join(' ')}]` : '')])]));
    }
  }
  if (s.disks.length) {
    out.push('\nDisks:\n');
    out.push(
      table(
        s.disks.map((d) => [d.id, d.capacityBytes !== undefined ? formatBytes(d.capacityBytes) : d.capacity, d.format ?? 'no format', d.file ? `${d.file}${d.fileSize !== undefined ? ` (${formatBytes(d.fileSize)})` : ''}` : 'blank']),
      ),
    );
  }
  if (s.networks.length) out.push(`\nNetworks: ${s.networks.map((n) => n.name).join(', ')}\n`);
  if (s.properties.length) {
    out.push(`\nProperties (${s.properties.length}):\n`);
    out.push(table(s.properties.map((p) => [p.key, p.type, p.value === undefined ? '' : JSON.stringify(p.value), p.userConfigurable ? 'configurable' : ''])));
  }
  if (s.deploymentOptions.length) out.push(`\nDeployment options: ${s.deploymentOptions.map((d) => `${d.id}${d.isDefault ? ' (default)' : ''}`).join(', ')}\n`);
  out.push(`\nEULA: ${s.eulas === 0 ? 'none' : `${s.eulas} license${s.eulas > 1 ? 's' : ''} to accept`}\n`);
  return out.join('');
}
