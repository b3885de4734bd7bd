import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProjectCheck } from '../../../../electron/common/ipc-project.ts';
import { editorReducer, hasUnsavedWork, initialEditorState, type EditorAction, type EditorState } from '../../../../renderer/src/editor/editor-state.ts';

const snapshot = { dir: '/p', file: '/p/appliance.yaml', draft: { product: { name: 'A' } }, revision: 'r1' };
const clean: ProjectCheck = { issues: [], findings: [], targets: [] };
const run = (actions: readonly EditorAction[], state: EditorState = initialEditorState(snapshot)) => actions.reduce(editorReducer, state);
const name = (state: EditorState) => (state.draft.product as { name?: string }).name;

test('keystrokes in one field merge into one undo step; another field starts a new one', () => {
  const typed = run([
    { type: 'edit', path: ['product', 'name'], value: 'Ac', typing: true },
    { type: 'edit', path: ['product', 'name'], value: 'Acme', typing: true },
    { type: 'edit', path: ['product', 'vendor'], value: 'V', typing: true },
  ]);
  assert.equal(typed.past.length, 2);
  const once = editorReducer(typed, { type: 'undo' });
  assert.equal((once.draft.product as { vendor?: string }).vendor, undefined);
  assert.equal(name(once), 'Acme');
  const twice = editorReducer(once, { type: 'undo' });
  assert.equal(name(twice), 'A');
  assert.equal(name(editorReducer(twice, { type: 'redo' })), 'Acme');
});

test('a new edit after undo drops the redo stack', () => {
  const state = run([{ type: 'edit', path: ['product', 'name'], value: 'B' }, { type: 'undo' }, { type: 'edit', path: ['product', 'name'], value: 'C' }]);
  assert.deepEqual(state.future, []);
  assert.equal(editorReducer(state, { type: 'redo' }), state);
});

test('a draft with schema issues waits as invalid; a clean check makes it pending, a save makes it saved', () => {
  const edited = run([{ type: 'edit', path: ['product', 'name'], value: '' }]);
  assert.equal(hasUnsavedWork(edited), true);
  const invalid = editorReducer(edited, { type: 'checked', draft: edited.draft, check: { ...clean, issues: [{ path: ['product', 'name'], message: 'too short' }] } });
  assert.equal(invalid.save.kind, 'invalid');
  const fixed = run([{ type: 'edit', path: ['product', 'name'], value: 'Z' }], invalid);
  const pending = editorReducer(fixed, { type: 'checked', draft: fixed.draft, check: clean });
  assert.equal(pending.save.kind, 'pending');
  const saved = run([{ type: 'saving' }, { type: 'saved', draft: pending.draft, revision: 'r2' }], pending);
  assert.deepEqual([saved.save.kind, saved.revision, hasUnsavedWork(saved)], ['saved', 'r2', false]);
});

test('a check that arrives for an older draft does not change the save state', () => {
  const first = run([{ type: 'edit', path: ['product', 'name'], value: 'B' }]);
  const second = run([{ type: 'edit', path: ['product', 'name'], value: '' }], first);
  const late = editorReducer(second, { type: 'checked', draft: first.draft, check: clean });
  assert.equal(late.save.kind, 'pending');
  assert.equal(late.checkedDraft, first.draft);
});

test('an outside edit is a conflict until the user reloads (undoable) or keeps their version (forced save)', () => {
  const edited = run([{ type: 'edit', path: ['product', 'name'], value: 'Mine' }, { type: 'changedOnDisk' }]);
  assert.equal(edited.save.kind, 'conflict');
  assert.equal(run([{ type: 'edit', path: ['product', 'name'], value: 'More' }], edited).save.kind, 'conflict');
  const reloaded = editorReducer(edited, { type: 'reloaded', snapshot: { ...snapshot, draft: { product: { name: 'Theirs' } }, revision: 'r9' } });
  assert.deepEqual([name(reloaded), reloaded.save.kind, reloaded.revision], ['Theirs', 'saved', 'r9']);
  assert.equal(name(editorReducer(reloaded, { type: 'undo' })), 'Mine');
  const kept = editorReducer(edited, { type: 'keepMine' });
  assert.deepEqual([kept.save.kind, kept.overwrite], ['pending', true]);
  const written = editorReducer(kept, { type: 'saved', draft: kept.draft, revision: 'r3' });
  assert.equal(written.overwrite, undefined);
});

test('a save refused because the file changed turns into a conflict; other failures keep their problem', () => {
  const problem = { code: 'PROJECT_CHANGED_ON_DISK', kind: 'input' as const, message: 'changed' };
  assert.equal(editorReducer(initialEditorState(snapshot), { type: 'saveFailed', problem }).save.kind, 'conflict');
  const other = editorReducer(initialEditorState(snapshot), { type: 'saveFailed', problem: { ...problem, code: 'FILE_EACCES' } });
  assert.deepEqual(other.save, { kind: 'failed', problem: { ...problem, code: 'FILE_EACCES' } });
});
