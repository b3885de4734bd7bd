// What a target or project rule reports: the common Finding (code, severity, message, location)
// plus the target it is about, why the rule exists and, where one exists, the edit that fixes it.
// Fixes are data (set or delete a value at a project path), so they serialise to JSON for the CLI
// and the GUI and apply to the YAML keeping comments.
import { sortFindings as sortCommonFindings, type Finding as CommonFinding, type Severity } from '../../common/finding.ts';
import type { ProjectPath } from '../project/file.ts';
import type { TargetId } from '../project/schema.ts';

export type { Severity };

export interface ProjectEdit {
  readonly path: ProjectPath;
  /** The new value; undefined removes the key. */
  readonly value: unknown;
}

export interface Fix {
  readonly description: string;
  readonly edits: readonly ProjectEdit[];
}

export interface Finding extends CommonFinding {
  /** The target the finding is about; absent for project-wide findings. */
  readonly target?: TargetId;
  /** Why the rule exists: what the platform does with such input. */
  readonly explanation: string;
  readonly fix?: Fix;
}

/** Errors first, then by line (the common order); ties by place, code and target, so output is stable. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const byPlace = [...findings].sort(
    (a, b) => (a.location.path ?? '').localeCompare(b.location.path ?? '') || a.code.localeCompare(b.code) || (a.target ?? '').localeCompare(b.target ?? ''),
  );
  // Array.prototype.sort is stable, so the common order keeps these ties as they are.
  return sortCommonFindings(byPlace) as Finding[];
}
