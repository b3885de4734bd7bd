import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatLocation } from '../../common/problem.ts';
import { importSource } from '../../engine/project/import.ts';
import { writeJson, type CliIO } from '../io.ts';

export function registerImport(program: Command, io: CliIO): void {
  program
    .command('import')
    .description('make an appliance project from an OVF, an OVA, a XenServer .xva or a disk image, reporting what it cannot carry over')
    .argument('<source>', '.ova, .ovf (or its folder), .xva, or a disk image (VMDK, VHD, VHDX, qcow2, raw)')
    .requiredOption('-o, --output <dir>', 'the new project folder (must be new or empty)')
    .option('--json', 'print JSON')
    .action(async (source: string, options: { output: string; json?: boolean }) => {
      const result = await importSource(resolve(io.cwd, source), resolve(io.cwd, options.output), { signal: io.signal, onProgress: io.progress });
      io.endProgress();
      const { project } = result.project;
      if (options.json) {
        writeJson(io, { project: result.project.file, kind: result.kind, systems: project.systems.map((s) => s.id), disks: project.systems.flatMap((s) => s.disks.map((d) => d.source ?? d.id)), targets: project.targets.map((t) => t.id), notes: result.notes });
        return;
      }
      io.stdout.write(`created ${result.project.file} (${project.systems.length} system(s), ${project.systems.reduce((n, s) => n + s.disks.length, 0)} disk(s), ${project.properties.length} propert${project.properties.length === 1 ? 'y' : 'ies'})\n`);
      for (const note of result.notes) {
        const where = formatLocation({ ...(note.path ? { path: note.path } : {}), ...(note.line !== undefined ? { line: note.line } : {}) });
        io.stdout.write(`not carried over: ${note.message}${where ? ` (${where})` : ''} [${note.code}]\n`);
      }
    });
}
