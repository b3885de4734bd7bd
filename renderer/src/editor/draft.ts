// Reading and changing the project draft by path, as pure functions: every change returns a new
// draft that shares the untouched branches, so undo keeps whole drafts cheaply and React sees
// exactly what changed.
import type { DraftEdit, DraftPath, ProjectDraft } from '../../../electron/common/ipc-project.ts';

export function getIn(value: unknown, path: DraftPath): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

/**
 * Sets (or, with undefined, removes) the value at `path`; the same value back means no change. Missing parents are created (a list when
 * the next part is an index); an index at or past the end of a list appends, as the engine's fixes
 * expect.
 */
export function setIn(value: unknown, path: DraftPath, next: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return next;
  if (typeof head === 'number') {
    const list = Array.isArray(value) ? value : [];
    if (rest.length === 0 && next === undefined) return list.filter((_, i) => i !== head);
    const index = Math.min(head, list.length);
    const child = setIn(list[index], rest, next);
    if (index < list.length && child === list[index]) return list;
    const copy = [...list];
    copy[index] = child;
    return copy;
  }
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  if (rest.length === 0 && next === undefined) {
    if (!Object.hasOwn(record, head)) return record;
    const { [head]: _removed, ...others } = record;
    return others;
  }
  const child = setIn(record[head], rest, next);
  // An edit that changes nothing returns the same draft, so it makes no undo step and no save.
  return Object.hasOwn(record, head) && child === record[head] ? record : { ...record, [head]: child };
}

export function applyEdits(draft: ProjectDraft, edits: readonly DraftEdit[]): ProjectDraft {
  return edits.reduce<ProjectDraft>((current, edit) => setIn(current, edit.path, 'value' in edit ? edit.value : undefined) as ProjectDraft, draft);
}

/** The list at `path` as an array (missing means empty). */
export function listAt(draft: ProjectDraft, path: DraftPath): readonly unknown[] {
  const value = getIn(draft, path);
  return Array.isArray(value) ? value : [];
}

export function samePath(a: DraftPath, b: DraftPath): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** Whether `path` lies at or under `prefix`. */
export function isUnder(path: DraftPath, prefix: DraftPath): boolean {
  return prefix.length <= path.length && prefix.every((part, i) => part === path[i]);
}

/** The list with the item at `from` moved to `to`. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(Math.max(0, Math.min(to, copy.length)), 0, item);
  return copy;
}
