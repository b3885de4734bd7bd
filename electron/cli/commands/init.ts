import type { Command } from 'commander';
import { resolve } from 'node:path';
import { usageError } from '../../engine/errors.ts';
import { initProject } from '../../engine/project/init.ts';
import { guestOsNames, type GuestOsName } from '../../engine/project/os.ts';
import { targetIds, type TargetId } from '../../engine/project/schema.ts';
import { writeJson, type CliIO } from '../io.ts';

export function registerInit(program: Command, io: CliIO): void {
  program
    .command('init')
    .description('start an appliance project: a folder with a commented appliance.yaml')
    .argument('<dir>', 'project folder (created if missing)')
    .option('--name <name>', 'product name', 'My Appliance')
    .option('--vendor <vendor>', 'vendor name')
    .option('--os <os>', `guest OS (${guestOsNames.join(', ')})`, 'linux-64')
    .option('--disk <image>', 'disk image inside the project folder (a blank 1 GiB disk when omitted)')
    .option('-t, --target <id...>', `targets (${targetIds.join(', ')})`)
    .option('--json', 'print JSON')
    .action(async (dir: string, options: { name: string; vendor?: string; os: string; disk?: string; target?: string[]; json?: boolean }) => {
      if (!(guestOsNames as readonly string[]).includes(options.os)) throw usageError(`unknown OS "${options.os}": choose from ${guestOsNames.join(', ')}`);
      const targets = (options.target ?? []).map((t) => {
        if (!(targetIds as readonly string[]).includes(t)) throw usageError(`unknown target "${t}": choose from ${targetIds.join(', ')}`);
        return t as TargetId;
      });
      const loaded = await initProject(resolve(io.cwd, dir), {
        name: options.name,
        os: options.os as GuestOsName,
        targets,
        ...(options.vendor ? { vendor: options.vendor } : {}),
        ...(options.disk ? { disk: resolve(io.cwd, options.disk) } : {}),
      });
      if (options.json) writeJson(io, { project: loaded.file, name: loaded.project.product.name, targets: loaded.project.targets.map((t) => t.id) });
      else io.stdout.write(`created ${loaded.file}\nnext: edit it, then run \`appliance check ${dir}\`\n`);
    });
}
