import type { ProblemKind } from '../common/problem.ts';

/** The CLI's exit codes; scripts depend on them, so they never change meaning. */
export const ExitCode = {
  ok: 0,
  /** A check ran and failed: findings at error level, a bad digest, a bad signature. */
  checkFailed: 1,
  usage: 2,
  /** The input could not be read or is malformed. */
  badInput: 3,
  /** A bug in the tool: one line on stderr and the details in a log file. */
  internal: 4,
  cancelled: 130,
} as const;

export function exitCodeFor(kind: ProblemKind): number {
  switch (kind) {
    case 'check':
      return ExitCode.checkFailed;
    case 'usage':
      return ExitCode.usage;
    case 'input':
      return ExitCode.badInput;
    case 'cancelled':
      return ExitCode.cancelled;
    case 'internal':
      return ExitCode.internal;
  }
}
