import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatLocation } from '../../common/problem.ts';
import { measureDisks } from '../../engine/project/disk-size.ts';
import { loadProject, type LoadedProject } from '../../engine/project/file.ts';
import type { Finding } from '../../engine/targets/finding.ts';
import { applyFixes } from '../../engine/targets/fix.ts';
import { checkProject, selectTargets } from '../../engine/targets/index.ts';
import { CheckFailed } from '../program.ts';
import { writeJson, type CliIO } from '../io.ts';

export function registerCheck(program: Command, io: CliIO): void {
  program
    .command('check')
    .description("check an appliance project against every rule of its targets; exit 1 when any finding is an error")
    .argument('<dir>', 'project folder')
    .option('-t, --target <id...>', 'targets to check (default: those the project lists; "all" for every one)')
    .option('--fix', 'apply the automatic fixes to appliance.yaml (comments are kept), then check again')
    .option('--json', 'print JSON')
    .action(async (dir: string, options: { target?: string[]; fix?: boolean; json?: boolean }) => {
      let loaded = await loadProject(resolve(io.cwd, dir));
      const run = async (project: LoadedProject) => checkProject(project, selectTargets(project, options.target), await measureDisks(project));
      let fixed: Finding[] = [];
      if (options.fix) {
        const result = await applyFixes(loaded, run);
        fixed = result.applied;
        loaded = result.project;
      }
      const findings = await run(loaded);
      const errors = findings.filter((f) => f.severity === 'error').length;
      if (options.json) {
        writeJson(io, { project: loaded.file, targets: selectTargets(loaded, options.target).map((t) => t.profile.id), fixed, findings, errors });
      } else {
        for (const finding of fixed) io.stdout.write(`fixed: ${finding.fix?.description} (${finding.code}, ${formatLocation(finding.location)})\n`);
        for (const finding of findings) io.stdout.write(formatFinding(finding));
        const warnings = findings.filter((f) => f.severity === 'warning').length;
        io.stdout.write(`${errors} error(s), ${warnings} warning(s), ${findings.length - errors - warnings} note(s)${fixed.length > 0 ? `, ${fixed.length} fixed` : ''}\n`);
      }
      if (errors > 0) throw new CheckFailed();
    });
}

function formatFinding(finding: Finding): string {
  const target = finding.target ? ` [${finding.target}]` : '';
  const fix = finding.fix ? `\n    fix (--fix): ${finding.fix.description}` : '';
  return `${finding.severity}: ${formatLocation(finding.location)}: ${finding.message} (${finding.code})${target}\n    ${finding.explanation}${fix}\n`;
}
