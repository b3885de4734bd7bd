// Projects whose draft holds work appliance.yaml does not. Autosave writes every draft the schema
// accepts, so these are drafts with fields still to fix; closing such a tab asks first.
const unsaved = new Set<string>();

export function markUnsaved(dir: string, hasUnsaved: boolean): void {
  if (hasUnsaved) unsaved.add(dir);
  else unsaved.delete(dir);
}

/** Whether the tab may close: always, unless it is a project with unsaved work and the user says no. */
export function confirmClose(tabId: string): boolean {
  const dir = tabId.startsWith('project:') ? tabId.slice('project:'.length) : undefined;
  if (dir === undefined || !unsaved.has(dir)) return true;
  return window.confirm(`${dir} has changes that are not saved yet, because some fields need fixing (they are highlighted in red). Close it and lose those changes?`);
}
