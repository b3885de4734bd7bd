// The serialisable shape of every error and finding the engine reports. The CLI and the renderer
// render these; they never build messages of their own.

/** How a failure maps onto the CLI's exit codes (see electron/cli/exit-codes.ts). */
export type ProblemKind = 'check' | 'usage' | 'input' | 'cancelled' | 'internal';

/** Where something is: a file, and inside it a byte offset, an element path or a line. */
export interface Location {
  readonly file?: string;
  readonly offset?: number;
  readonly path?: string;
  readonly line?: number;
}

export interface Problem {
  /** Stable, upper-case code such as `TAR_PATH_TRAVERSAL`. */
  readonly code: string;
  readonly kind: ProblemKind;
  readonly message: string;
  readonly location?: Location;
}

export function formatLocation(location: Location | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.path) parts.push(location.path);
  if (location.offset !== undefined) parts.push(`byte ${location.offset}`);
  return parts.join(', ');
}

export function formatProblem(problem: Problem): string {
  const where = formatLocation(problem.location);
  return where ? `${where}: ${problem.message} [${problem.code}]` : `${problem.message} [${problem.code}]`;
}
