import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatLocation } from '../../common/problem.ts';
import { formatBytes } from '../../common/progress.ts';
import { BuildCheckFailed, buildProject } from '../../engine/build/build.ts';
import { recordBuild } from '../../engine/build/record.ts';
import { Catalog } from '../../engine/catalog/catalog.ts';
import { isEngineError, usageError } from '../../engine/errors.ts';
import { applianceHome, catalogPath } from '../../engine/home.ts';
import { loadProject } from '../../engine/project/file.ts';
import { loadSigningIdentity } from '../../engine/trust/keys.ts';
import { version } from '../version.ts';
import { writeJson, type CliIO } from '../io.ts';

interface BuildFlags {
  target?: string[];
  output: string;
  sign?: string;
  cert?: string;
  chain?: string;
  passphraseEnv?: string;
  json?: boolean;
}

export function registerBuild(program: Command, io: CliIO): void {
  program
    .command('build')
    .description('build an appliance project for its targets: OVA/OVF, Hyper-V, Azure, GCE and KVM outputs with manifests, signatures and a report')
    .argument('<dir>', 'project folder')
    .requiredOption('-o, --output <dir>', 'output folder (one sub-folder per target, plus build-report.json/.html)')
    .option('-t, --target <id...>', 'targets to build (default: those the project lists; "all" for every one)')
    .option('--sign <key>', 'private key (PEM, encrypted PKCS#8 or PKCS#12) to sign every manifest')
    .option('--cert <pem>', 'signing certificate (when the key file does not hold it)')
    .option('--chain <pem>', 'intermediate certificates to ship in each .cert')
    .option('--passphrase-env <name>', 'environment variable holding the key passphrase')
    .option('--json', 'print the build report as JSON')
    .action(async (dir: string, flags: BuildFlags) => {
      if ((flags.cert || flags.chain) && !flags.sign) throw usageError('--cert and --chain need --sign KEY');
      const passphrase = flags.passphraseEnv ? io.env[flags.passphraseEnv] : undefined;
      if (flags.passphraseEnv && passphrase === undefined) throw usageError(`the environment variable ${flags.passphraseEnv} is not set`);
      const signer = flags.sign
        ? await loadSigningIdentity({ keyPath: resolve(io.cwd, flags.sign), ...(flags.cert ? { certPath: resolve(io.cwd, flags.cert) } : {}), ...(flags.chain ? { chainPath: resolve(io.cwd, flags.chain) } : {}), ...(passphrase !== undefined ? { passphrase } : {}) })
        : undefined;
      const loaded = await loadProject(resolve(io.cwd, dir));
      const epoch = io.env.SOURCE_DATE_EPOCH;
      if (epoch !== undefined && !/^\d{1,12}$/.test(epoch)) throw usageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not "${epoch}"`);
      const startedAt = new Date();
      const targets = flags.target ?? loaded.project.targets.map((t) => t.id);
      const catalog = Catalog.open(catalogPath(applianceHome(io.env)));
      try {
        const result = await buildProject(loaded, {
          output: resolve(io.cwd, flags.output),
          ...(flags.target ? { targets: flags.target } : {}),
          ...(signer ? { signer } : {}),
          sourceDateEpoch: epoch === undefined ? 0 : Number(epoch),
          tool: `Appliance Studio ${version}`,
          signal: io.signal,
          onProgress: io.progress,
        });
        io.endProgress();
        recordBuild(catalog, { projectPath: loaded.dir, targets: result.report.targets.map((t) => t.target), startedAt, finishedAt: new Date(), result: 'ok', report: result.report });
        if (flags.json) {
          writeJson(io, result.report);
          return;
        }
        for (const target of result.report.targets) {
          io.stdout.write(`${target.target}: ${target.files.map((f) => `${target.folder}/${f.name} (${formatBytes(f.bytes)})`).join(', ')}${target.signed ? ', signed' : ''}\n`);
        }
        const warnings = result.report.findings.filter((f) => f.severity === 'warning').length;
        io.stdout.write(`built ${result.report.targets.length} target(s) in ${result.report.timings.totalSeconds.toFixed(1)} s${warnings ? ` with ${warnings} warning(s)` : ''}; report: ${result.reportFiles.html}\n`);
      } catch (error) {
        io.endProgress();
        if (error instanceof BuildCheckFailed) {
          for (const finding of error.findings) io.stderr.write(`error: ${formatLocation(finding.location)}: ${finding.message} (${finding.code})${finding.target ? ` [${finding.target}]` : ''}\n`);
        }
        const cancelled = isEngineError(error) && error.kind === 'cancelled';
        recordBuild(catalog, { projectPath: loaded.dir, targets, startedAt, finishedAt: new Date(), result: cancelled ? 'cancelled' : 'failed', log: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) });
        throw error;
      } finally {
        catalog.close();
      }
    });
}
