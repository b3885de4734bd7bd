// What a rule reports: a stable code, how bad it is, where in the project, why it matters and,
// where one exists, the edit that fixes it. Fixes are data (set or delete a value at a project
// path), so they serialise to JSON for the CLI and the GUI and apply to the YAML keeping comments.
import type { Location } from '../../common/problem.ts';
import type { ProjectPath } from '../project/file.ts';
import type { TargetId } from '../project/schema.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface ProjectEdit {
  readonly path: ProjectPath;
  /** The new value; undefined removes the key. */
  readonly value: unknown;
}

export interface Fix {
  readonly description: string;
  readonly edits: readonly ProjectEdit[];
}

export interface Finding {
  /** Stable upper-case code, the same for every target it applies to. */
  readonly code: string;
  readonly severity: Severity;
  /** The target the finding is about; absent for project-wide findings. */
  readonly target?: TargetId;
  readonly message: string;
  readonly location: Location;
  /** Why the rule exists: what the platform does with such input. */
  readonly explanation: string;
  readonly fix?: Fix;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by place in the project, then by code: a stable order for output and tests. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.location.path ?? '').localeCompare(b.location.path ?? '') ||
      a.code.localeCompare(b.code) ||
      (a.target ?? '').localeCompare(b.target ?? ''),
  );
}
