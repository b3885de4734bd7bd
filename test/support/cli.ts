// Runs the CLI in process, capturing what a user would see, with the studio's home in a temp folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli, type CommandRegistrar } from '../../electron/cli/program.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

export async function cli(args: readonly string[], options: { cwd?: string; home?: string; signal?: AbortSignal; registrars?: readonly CommandRegistrar[] } = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'appliance-home-'));
  const code = await runCli(args, {
    stdout,
    stderr,
    signal: options.signal ?? new AbortController().signal,
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, APPLIANCE_STUDIO_HOME: home },
    progress: () => {},
    endProgress: () => {},
  }, ...(options.registrars ? [options.registrars] : []));
  return { code, stdout: stdout.text, stderr: stderr.text };
}
