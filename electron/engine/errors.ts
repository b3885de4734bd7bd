// The engine's one error type: a Problem (code, kind, message, location) that can be thrown.
import type { Location, Problem, ProblemKind } from '../common/problem.ts';

export class EngineError extends Error implements Problem {
  readonly code: string;
  readonly kind: ProblemKind;
  readonly location?: Location;

  constructor(code: string, kind: ProblemKind, message: string, location?: Location, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.code = code;
    this.kind = kind;
    if (location) this.location = location;
  }

  toProblem(): Problem {
    return this.location
      ? { code: this.code, kind: this.kind, message: this.message, location: this.location }
      : { code: this.code, kind: this.kind, message: this.message };
  }
}

/** Malformed or unreadable input: exit code 3. */
export function inputError(code: string, message: string, location?: Location): EngineError {
  return new EngineError(code, 'input', message, location);
}

export function cancelledError(what: string): EngineError {
  return new EngineError('CANCELLED', 'cancelled', `${what} was cancelled`);
}

/** Maps an operating-system error (ENOENT, EACCES, ...) on `file` to a readable EngineError. */
export function fileError(error: unknown, file: string): EngineError {
  if (error instanceof EngineError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a folder, not a file',
    ENOTDIR: 'a part of the path is not a folder',
    ENOSPC: 'no space left on the device',
    EMFILE: 'too many open files',
  };
  const text = (code && reason[code]) ?? (error instanceof Error ? error.message : String(error));
  return new EngineError(`FILE_${code ?? 'ERROR'}`, 'input', text, { file });
}

/** An operating-system error (a full disk, a denied permission): the environment, not a bug. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof EngineError;
}

/** A request the caller got wrong (unknown option value, missing argument): exit code 2. */
export function usageError(message: string): EngineError {
  return new EngineError('USAGE', 'usage', message);
}
