// A finding: one thing a check has to say about an input (a descriptor, a package, a target rule).
// The engine produces them; the CLI and the renderer render them with formatFinding.
import { formatLocation, type Location } from './problem.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable, upper-case code such as `OVF_REF_MISSING`; scripts and tests depend on it. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then notes; in document order within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity] || (a.location.line ?? 0) - (b.location.line ?? 0),
  );
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

export function formatFinding(finding: Finding): string {
  const where = formatLocation(finding.location);
  return `${finding.severity}: ${where ? `${where}: ` : ''}${finding.message} [${finding.code}]`;
}
