import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatLocation } from '../../common/problem.ts';
import { formatBytes, formatDuration, type Progress, type TargetProgress } from '../../common/progress.ts';
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
          onProgress: (progress) => io.progress({ ...progress, label: targetsLine(progress) }),
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

/**
 * The per-target part of the one-line terminal progress, short enough to leave room for the
 * overall figures after it: targets packaging by name with their percentage and time left, those
 * converting a shared disk together, the others counted.
 */
export function targetsLine(progress: Progress): string {
  const rows = progress.targets ?? [];
  const of = (phase: TargetProgress['phase']) => rows.filter((row) => row.phase === phase);
  const percent = (row: TargetProgress) => `${row.bytesTotal > 0 ? Math.floor((row.bytesDone / row.bytesTotal) * 100) : 0}%`;
  const eta = (row: TargetProgress) => (row.etaSeconds === undefined ? '' : ` ${formatDuration(row.etaSeconds)}`);
  const converting = of('converting');
  const parts = [
    // Targets converting share the same disk reads: one entry says it, the overall figures say how far.
    ...(converting.length === 0 ? [] : [`converting for ${converting.length > 2 ? `${converting.length} targets` : converting.map((row) => row.target).join(', ')}`]),
    ...of('packaging').map((row) => `${row.target} packaging ${percent(row)}${eta(row)}`),
    ...of('signing').map((row) => `${row.target} signing`),
    ...(['done', 'waiting', 'failed'] as const).flatMap((phase) => (of(phase).length > 0 ? [`${of(phase).length} ${phase}`] : [])),
  ];
  return parts.length > 0 ? `build [${parts.join(' · ')}]` : 'build';
}
