// What a command may touch of the outside world: output streams, a cancellation signal, and a
// progress display. Commands never call process.exit or console directly, so tests run them
// in process and see exactly what a user would.
import type { Progress } from '../common/progress.ts';
import { formatProgress } from '../common/progress.ts';

export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly signal: AbortSignal;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Shows progress on stderr when it is a terminal; silent otherwise. */
  readonly progress: (progress: Progress) => void;
  /** Ends the progress line (call before printing results). */
  readonly endProgress: () => void;
}

export function terminalProgress(stderr: NodeJS.WriteStream | NodeJS.WritableStream): Pick<CliIO, 'progress' | 'endProgress'> {
  const isTTY = 'isTTY' in stderr && stderr.isTTY === true;
  let shown = false;
  return {
    progress(progress) {
      if (!isTTY) return;
      const columns = ('columns' in stderr && typeof stderr.columns === 'number' ? stderr.columns : 80) - 1;
      stderr.write(`\r${formatProgress(progress).slice(0, columns).padEnd(columns)}`);
      shown = true;
    },
    endProgress() {
      if (shown) stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

export function writeJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
