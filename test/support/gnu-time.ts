// Runs a reference tool under GNU time for the benchmarks: wall seconds, CPU seconds (user +
// system, all threads) and peak resident memory. CPU time is the fairer figure on a shared machine.
import { spawnSync } from 'node:child_process';

export interface CommandTiming {
  readonly seconds: number;
  readonly cpu: number;
  readonly peakMiB: number;
}

export function timedCommand(command: string, args: readonly string[], cwd?: string): CommandTiming {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(cwd ? { cwd } : {}) });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  const [seconds, kib, user, system] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, cpu: user! + system!, peakMiB: kib! / 1024 };
}
