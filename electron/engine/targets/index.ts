// Every target profile, in the order the CLI and the GUI list them. Adding a target is one file
// beside this one and one line here.
import { usageError } from '../errors.ts';
import type { SourceDisk } from '../project/disk-size.ts';
import type { LoadedProject } from '../project/file.ts';
import type { TargetEntry, TargetId } from '../project/schema.ts';
import { aws } from './aws.ts';
import { azure } from './azure.ts';
import { sortFindings, type Finding } from './finding.ts';
import { gce } from './gce.ts';
import { hyperv } from './hyperv.ts';
import { kvm } from './kvm.ts';
import { ovirt } from './ovirt.ts';
import { checkProfileRules } from './profile-rules.ts';
import type { RuleContext, TargetProfile } from './profile.ts';
import { checkProjectRules } from './project-rules.ts';
import { proxmox } from './proxmox.ts';
import { virtualbox } from './virtualbox.ts';
import { vmwareEsxi } from './vmware-esxi.ts';
import { vmwareWorkstation } from './vmware-workstation.ts';
import { xcpNg } from './xcp-ng.ts';
import { xenserver } from './xenserver.ts';

export const targetProfiles: readonly TargetProfile[] = [vmwareEsxi, vmwareWorkstation, xenserver, xcpNg, hyperv, virtualbox, proxmox, ovirt, kvm, aws, azure, gce];

export function targetProfile(id: TargetId): TargetProfile {
  const profile = targetProfiles.find((p) => p.id === id);
  if (!profile) throw new Error(`no profile for target ${id}`);
  return profile;
}

/** A target entry with its place in the project (-1 when the caller named a target the project lacks). */
export interface SelectedTarget {
  readonly entry: TargetEntry;
  readonly entryIndex: number;
  readonly profile: TargetProfile;
}

/**
 * The targets to check or build: those named (each must be a known id; `all` means every target
 * of the project, or every known target when the project lists none), else the project's own.
 */
export function selectTargets(loaded: LoadedProject, names: readonly string[] = []): SelectedTarget[] {
  const own = loaded.project.targets;
  const ownSelected = own.map((entry, entryIndex) => ({ entry, entryIndex, profile: targetProfile(entry.id) }));
  if (names.length === 0) return ownSelected;
  if (names.includes('all')) {
    return own.length > 0 ? ownSelected : targetProfiles.map((profile) => ({ entry: { id: profile.id }, entryIndex: -1, profile }));
  }
  return names.map((name) => {
    const profile = targetProfiles.find((p) => p.id === name);
    if (!profile) throw usageError(`unknown target "${name}": choose from ${targetProfiles.map((p) => p.id).join(', ')} or all`);
    const entryIndex = own.findIndex((entry) => entry.id === profile.id);
    return { entry: own[entryIndex] ?? { id: profile.id }, entryIndex, profile };
  });
}

/** Runs the project rules once and every rule of each selected target. */
export function checkProject(loaded: LoadedProject, targets: readonly SelectedTarget[], sources: ReadonlyMap<string, SourceDisk>): Finding[] {
  const findings = checkProjectRules(loaded, sources);
  for (const { entry, entryIndex, profile } of targets) {
    const context: RuleContext = { loaded, project: loaded.project, entry, entryIndex, profile, sources };
    findings.push(...checkProfileRules(context), ...profile.rules.flatMap((rule) => rule(context)));
  }
  return sortFindings(dedupe(findings));
}

/** Fixes that point to `targets[-1]` (a target named on the command line only) cannot be applied. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .map((f) => (f.fix?.edits.some((e) => e.path.includes(-1)) ? withoutFix(f) : f))
    .filter((f) => {
      const key = `${f.code}|${f.target ?? ''}|${f.location.path ?? ''}|${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function withoutFix(finding: Finding): Finding {
  const { fix: _fix, ...rest } = finding;
  return rest;
}
