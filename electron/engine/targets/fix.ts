// Applies the automatic fixes of findings to appliance.yaml through the YAML Document, so the
// person's comments and layout survive. Returns how many fixes were applied.
import { isScalar, isSeq } from 'yaml';
import { saveProject, type LoadedProject } from '../project/file.ts';
import type { Finding, ProjectEdit } from './finding.ts';

/**
 * Applies fixes in rounds until none is left: project-wide fixes first, then target ones, checking
 * again in between, because a project fix (firmware to EFI for Secure Boot) can make a target fix
 * (Hyper-V generation 1 for BIOS) wrong.
 */
export async function applyFixes(loaded: LoadedProject, check: (project: LoadedProject) => Promise<Finding[]>): Promise<{ applied: Finding[]; project: LoadedProject }> {
  const applied: Finding[] = [];
  let project = loaded;
  for (let round = 0; round < maxRounds; round += 1) {
    const fixable = (await check(project)).filter((f) => f.fix !== undefined);
    const projectWide = fixable.filter((f) => f.target === undefined);
    const batch = projectWide.length > 0 ? projectWide : fixable;
    if (batch.length === 0) break;
    const document = project.document.clone();
    const done = new Set<string>();
    for (const edit of batch.flatMap((f) => f.fix?.edits ?? [])) {
      // Two findings may carry the same edit (one per target); apply it once.
      const key = JSON.stringify(edit);
      if (done.has(key)) continue;
      done.add(key);
      applyEdit(document, edit);
    }
    applied.push(...batch);
    project = await saveProject({ dir: project.dir, document });
  }
  return { applied, project };
}

/** Each round removes the findings it fixes; a few rounds cover fixes that enable others. */
const maxRounds = 4;

function applyEdit(document: LoadedProject['document'], edit: ProjectEdit): void {
  const parentPath = edit.path.slice(0, -1);
  const last = edit.path.at(-1);
  if (edit.value === undefined) {
    document.deleteIn(edit.path);
    return;
  }
  const parent = document.getIn(parentPath, true);
  // An index at or past the end of a list appends, so several fixes can each add an item.
  if (typeof last === 'number' && parent === undefined) {
    document.setIn(parentPath, document.createNode([edit.value]));
    return;
  }
  if (typeof last === 'number' && isSeq(parent) && last >= parent.items.length) {
    document.addIn(parentPath, document.createNode(edit.value));
    return;
  }
  const existing = document.getIn(edit.path, true);
  // Changing a scalar in place keeps the comment that trails it on the same line.
  if (isScalar(existing) && (edit.value === null || typeof edit.value !== 'object')) existing.value = edit.value;
  else document.setIn(edit.path, document.createNode(edit.value));
}
