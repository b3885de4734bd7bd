import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatBytes } from '../../common/progress.ts';
import { inspectDisk, type DiskInspection } from '../../engine/disk/index.ts';
import { writeJson, type CliIO } from '../io.ts';

export function registerDisk(program: Command, io: CliIO): void {
  const disk = program.command('disk').description('inspect virtual disks (VMDK, VHD, VHDX, QCOW2, raw, ISO)');
  disk
    .command('info')
    .description('show the format, sizes, format details, partitions and filesystems of a disk image')
    .argument('<file>', 'disk image')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const report = await inspectDisk(resolve(io.cwd, file));
      if (options.json) writeJson(io, { ...report, path: file });
      else io.stdout.write(describe(file, report));
    });
}

function describe(file: string, report: DiskInspection): string {
  const lines = [
    `${file}: ${report.format}${report.details.subformat ? ` (${String(report.details.subformat)})` : ''}`,
    `  virtual size:   ${formatBytes(report.virtualSize)} (${report.virtualSize} bytes)`,
    `  allocated:      ${formatBytes(report.allocatedSize)}`,
    `  file size:      ${formatBytes(report.fileSize)}`,
  ];
  for (const [key, value] of Object.entries(report.details)) if (key !== 'subformat') lines.push(`  ${`${key}:`.padEnd(16)}${String(value)}`);
  if (report.parent) lines.push(`  parent:         ${report.parent} (differencing disk: cannot be packaged alone)`);
  for (const warning of report.warnings) lines.push(`  warning:        ${warning}`);
  lines.push(`  partitions:     ${report.partitionTable}${report.filesystem ? `, whole-disk filesystem ${report.filesystem}` : ''}`);
  for (const p of report.partitions) {
    const name = p.name ? ` "${p.name}"` : '';
    lines.push(`    ${String(p.index).padStart(2)}  ${p.typeName} [${p.type}]${name}  at ${p.offset}, ${formatBytes(p.length)}${p.filesystem ? `  ${p.filesystem}` : ''}${p.bootable ? '  bootable' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
