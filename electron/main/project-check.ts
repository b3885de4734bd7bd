// What the editor is told about a draft: the engine's schema issues, every target's findings with
// their fixes, a pass/warn/fail badge per target and what a build for it writes. The draft is
// written into the YAML Document of appliance.yaml first, so findings carry the file's line numbers.
import { Document, isMap, parseDocument } from 'yaml';
import { draftPathOf, type DraftIssue, type EditorVocabulary, type ProjectCheck, type TargetFinding, type TargetStatus } from '../common/ipc-project.ts';
import { EngineError } from '../engine/errors.ts';
import { measureDisks } from '../engine/project/disk-size.ts';
import { parseProject, type LoadedProject } from '../engine/project/file.ts';
import { projectJsonSchemaText } from '../engine/project/json-schema.ts';
import { guestOsNames, guestOsTable } from '../engine/project/os.ts';
import { projectSchema, targetIds, type TargetEntry } from '../engine/project/schema.ts';
import type { Finding } from '../engine/targets/finding.ts';
import { checkProject, selectTargets, targetProfiles } from '../engine/targets/index.ts';
import type { TargetProfile } from '../engine/targets/profile.ts';
import { applyDraft } from './project-draft.ts';

export function vocabulary(): EditorVocabulary {
  return {
    schema: JSON.parse(projectJsonSchemaText()) as unknown,
    guestOs: guestOsNames.map((name) => ({ name, description: guestOsTable[name].description })),
    targets: targetProfiles.map((profile) => ({ id: profile.id, title: profile.title, output: outputOf(profile, { id: profile.id }) })),
  };
}

/** What a build for the target writes, in words. */
function outputOf(profile: TargetProfile, entry: TargetEntry): string {
  const disk = profile.diskFormat(entry);
  const { packaging } = profile;
  switch (packaging.kind) {
    case 'ovf':
      return `${(entry.package ?? 'ova').toUpperCase()}: OVF ${packaging.dialect.systemType(entry)}, ${disk} disks, ${packaging.dialect.manifest.toUpperCase()} manifest`;
    case 'hyperv-script':
      return `Folder: ${disk} disks and a PowerShell script that creates the VM`;
    case 'disk-images':
      return `${disk} page-blob images, one per disk`;
    case 'gce-tar':
      return 'disk.raw in a gzip-compressed tar, one per disk';
    case 'libvirt':
      return `${disk} disks and a libvirt domain XML`;
  }
}

/** `current` is appliance.yaml as it is on disk (empty when unreadable). */
export async function checkDraft(dir: string, current: string, draft: Record<string, unknown>): Promise<ProjectCheck> {
  const parsed = projectSchema.safeParse(draft);
  if (!parsed.success) {
    const issues: DraftIssue[] = parsed.error.issues.map((issue) => ({ path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), message: issue.message }));
    const selected = new Set(targetsOf(draft));
    return { issues, findings: [], targets: targetProfiles.map((profile) => ({ ...statusBase(profile, selected), badge: 'fail' })) };
  }
  let loaded: LoadedProject;
  try {
    loaded = parseProject(draftText(current, draft), dir);
  } catch (error) {
    // Paths leaving the project folder pass the schema but not the loader.
    if (error instanceof EngineError && error.location?.path) return { issues: [{ path: draftPathOf(error.location), message: error.message }], findings: [], targets: [] };
    throw error;
  }
  const own = selectTargets(loaded);
  const ownIds = new Set(own.map((t) => t.profile.id));
  const others = selectTargets(loaded, targetIds.filter((id) => !ownIds.has(id)));
  const findings = checkProject(loaded, [...own, ...others], await measureDisks(loaded));
  const targets: TargetStatus[] = targetProfiles.map((profile) => {
    const entry = own.find((t) => t.profile.id === profile.id)?.entry ?? { id: profile.id };
    const mine = findings.filter((f) => f.target === undefined || f.target === profile.id);
    const badge = mine.some((f) => f.severity === 'error') ? 'fail' : mine.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
    return { ...statusBase(profile, ownIds), output: outputOf(profile, entry), badge };
  });
  return { issues: [], findings: findings.map(wireFinding), targets };
}

function statusBase(profile: TargetProfile, selected: ReadonlySet<string>): Omit<TargetStatus, 'badge'> {
  return { id: profile.id, title: profile.title, output: outputOf(profile, { id: profile.id }), selected: selected.has(profile.id) };
}

function targetsOf(draft: Record<string, unknown>): string[] {
  const targets = draft.targets;
  return Array.isArray(targets) ? targets.map((t: unknown) => (t && typeof t === 'object' && 'id' in t ? String(t.id) : '')).filter(Boolean) : [];
}

function wireFinding(finding: Finding): TargetFinding {
  const { fix, ...rest } = finding;
  return fix ? { ...rest, fix: { description: fix.description, edits: fix.edits.map((e) => (e.value === undefined ? { path: [...e.path] } : { path: [...e.path], value: e.value })) } } : rest;
}

/** The text appliance.yaml would have with the draft written into the current file's document. */
export function draftText(current: string, draft: Record<string, unknown>): string {
  // The file's own document keeps its comments even while the schema refuses it; a file that is
  // missing or not YAML at all gives way to a fresh document.
  const parsed = parseDocument(current, { uniqueKeys: true });
  const document = parsed.errors.length === 0 && isMap(parsed.contents) ? parsed : new Document({});
  applyDraft(document, draft);
  return document.toString({ lineWidth: 0 });
}
