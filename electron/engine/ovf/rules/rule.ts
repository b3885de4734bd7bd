// What a validation rule sees and how it reports. Each rules/*.ts file holds one family of checks
// (structure, references, sizes, hardware, properties) as a function of the descriptor.
import type { Finding, Severity } from '../../../common/finding.ts';
import type { OvfDescriptor } from '../descriptor.ts';
import type { Envelope, Place } from '../model.ts';

export interface RuleContext {
  readonly descriptor: OvfDescriptor;
  readonly envelope: Envelope;
  report(code: string, severity: Severity, message: string, at: Place): void;
}

export type Rule = (context: RuleContext) => void;

export function findingsCollector(descriptor: OvfDescriptor): { context: RuleContext; findings: Finding[] } {
  const findings: Finding[] = [];
  const context: RuleContext = {
    descriptor,
    envelope: descriptor.envelope,
    report(code, severity, message, at) {
      findings.push({ code, severity, message, location: { file: descriptor.file, path: at.path, ...(at.line ? { line: at.line } : {}) } });
    },
  };
  return { context, findings };
}

/**
 * Whether two items with one InstanceID (or one slot) really clash. An item without
 * ovf:configuration is the default; a tagged item with the same id overrides it for its
 * configurations (VMware's pattern), so only two defaults, or two tagged items sharing a
 * configuration, collide.
 */
export function configurationsOverlap(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return a.length === b.length;
  return a.some((id) => b.includes(id));
}
