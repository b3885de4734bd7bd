// Builds the `appliance` command tree and runs it, turning every failure into an exit code and a
// one-line message. Internal errors (bugs) go to a log file whose path is printed instead of a stack.
import { Command, CommanderError } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../common/problem.ts';
import { fileError, isEngineError, isSystemError } from '../engine/errors.ts';
import { applianceHome, logDir } from '../engine/home.ts';
import { commandRegistrars } from './commands/index.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';
import type { CliIO } from './io.ts';
import { version } from './version.ts';

export type CommandRegistrar = (program: Command, io: CliIO) => void;

export function createProgram(io: CliIO, registrars: readonly CommandRegistrar[] = commandRegistrars): Command {
  const program = new Command('appliance')
    .description('Author, inspect, verify, convert, sign and build virtual appliances (OVF/OVA) for every hypervisor and cloud.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run `appliance --help` for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  for (const register of registrars) register(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
  program.addHelpText(
    'after',
    `\nExit codes: 0 ok, 1 check failed (findings, bad digest, bad signature), 2 usage error,\n3 unreadable or malformed input, 4 internal error (details in a log file), 130 cancelled.`,
  );
  return program;
}

/** Runs the CLI with `args` (without node and script) and resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIO, registrars: readonly CommandRegistrar[] = commandRegistrars): Promise<number> {
  const program = createProgram(io, registrars);
  if (args.length === 0) {
    program.outputHelp();
    return ExitCode.usage;
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    io.endProgress();
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof CheckFailed) return ExitCode.checkFailed;
    // A system error that no engine named a file for (a full disk, a denied write) is still the
    // environment's, not an internal error.
    const known = isSystemError(error) ? fileError(error, error.path ?? 'a file') : error;
    if (isEngineError(known)) {
      io.stderr.write(`appliance: ${formatProblem(known)}\n`);
      return exitCodeFor(known.kind);
    }
    const log = writeCrashLog(error, args, io);
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`appliance: internal error: ${message.split('\n')[0]} (details in ${log})\n`);
    return ExitCode.internal;
  }
}

/** Thrown by a command that has already printed its findings and must exit with code 1. */
export class CheckFailed extends Error {
  constructor() {
    super('check failed');
  }
}

function writeCrashLog(error: unknown, args: readonly string[], io: CliIO): string {
  const dir = logDir(applianceHome(io.env));
  const file = join(dir, `crash-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
  try {
    mkdirSync(dir, { recursive: true });
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    writeFileSync(file, `appliance ${version}\nnode ${process.version} ${process.platform} ${process.arch}\ncwd ${io.cwd}\nargs ${JSON.stringify(args)}\n\n${detail}\n`);
    return file;
  } catch {
    return '(the log could not be written)';
  }
}
