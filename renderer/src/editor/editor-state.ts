// The editor's state as plain readonly data and one reducer: the draft, its undo and redo stacks,
// the latest check from the engine, and where the file on disk stands. Typing in one field merges
// into one undo step, so Ctrl+Z takes back a word, not a letter.
import type { DraftEdit, DraftPath, ProjectCheck, ProjectDraft, ProjectSnapshot } from '../../../electron/common/ipc-project.ts';
import type { Problem } from '../../../electron/common/problem.ts';
import { applyEdits, samePath } from './draft.ts';

export type SaveStatus =
  | { readonly kind: 'saved' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'saving' }
  /** The draft has schema issues: autosave waits for them to be fixed. */
  | { readonly kind: 'invalid' }
  | { readonly kind: 'failed'; readonly problem: Problem }
  /** appliance.yaml changed on disk; the user chooses between reloading and overwriting. */
  | { readonly kind: 'conflict' };

export interface EditorState {
  readonly dir: string;
  readonly file: string;
  readonly draft: ProjectDraft;
  /** The draft as appliance.yaml holds it now. */
  readonly savedDraft: ProjectDraft;
  readonly revision: string;
  readonly past: readonly ProjectDraft[];
  readonly future: readonly ProjectDraft[];
  /** The path of the last single-field edit, to merge keystrokes into one undo step. */
  readonly typingAt?: DraftPath;
  readonly check?: ProjectCheck;
  /** The draft the check belongs to. */
  readonly checkedDraft?: ProjectDraft;
  readonly save: SaveStatus;
  /** The user chose to write over an outside edit: the next save is forced. */
  readonly overwrite?: boolean;
}

export type EditorAction =
  | { readonly type: 'edit'; readonly path: DraftPath; readonly value: unknown; readonly typing?: boolean }
  | { readonly type: 'edits'; readonly edits: readonly DraftEdit[] }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' }
  | { readonly type: 'checked'; readonly draft: ProjectDraft; readonly check: ProjectCheck }
  | { readonly type: 'saving' }
  | { readonly type: 'saved'; readonly draft: ProjectDraft; readonly revision: string }
  | { readonly type: 'saveFailed'; readonly problem: Problem }
  | { readonly type: 'changedOnDisk' }
  | { readonly type: 'reloaded'; readonly snapshot: ProjectSnapshot }
  | { readonly type: 'keepMine' };

/** Undo reaches this many steps back. */
const undoDepth = 200;

export function initialEditorState(snapshot: ProjectSnapshot): EditorState {
  return { dir: snapshot.dir, file: snapshot.file, draft: snapshot.draft, savedDraft: snapshot.draft, revision: snapshot.revision, past: [], future: [], save: { kind: 'saved' } };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'edit': {
      const edit: DraftEdit = action.value === undefined ? { path: action.path } : { path: action.path, value: action.value };
      const merging = action.typing === true && state.typingAt !== undefined && samePath(state.typingAt, action.path);
      const next = change(state, applyEdits(state.draft, [edit]), merging);
      return action.typing ? { ...next, typingAt: action.path } : next;
    }
    case 'edits':
      return change(state, applyEdits(state.draft, action.edits), false);
    case 'undo': {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return withDraft({ ...state, past: state.past.slice(0, -1), future: [state.draft, ...state.future] }, previous);
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return withDraft({ ...state, past: [...state.past, state.draft], future: rest }, next);
    }
    case 'checked': {
      const current = action.draft === state.draft;
      const save = current && state.save.kind !== 'conflict' && state.save.kind !== 'saving' ? statusFor(state.draft, state.savedDraft, action.check) : state.save;
      return { ...state, check: action.check, checkedDraft: action.draft, save };
    }
    case 'saving':
      return { ...state, save: { kind: 'saving' } };
    case 'saved': {
      const upToDate = action.draft === state.draft;
      const { overwrite: _done, ...rest } = state;
      return { ...rest, savedDraft: action.draft, revision: action.revision, save: upToDate ? { kind: 'saved' } : { kind: 'pending' } };
    }
    case 'saveFailed':
      return { ...state, save: action.problem.code === 'PROJECT_CHANGED_ON_DISK' ? { kind: 'conflict' } : { kind: 'failed', problem: action.problem } };
    case 'changedOnDisk':
      return state.save.kind === 'saving' ? state : { ...state, save: { kind: 'conflict' } };
    case 'reloaded': {
      // A reload is an edit like any other: it can be undone back to the studio's version.
      const next = change({ ...state, revision: action.snapshot.revision, savedDraft: action.snapshot.draft }, action.snapshot.draft, false);
      return { ...next, save: { kind: 'saved' } };
    }
    case 'keepMine':
      return { ...state, save: { kind: 'pending' }, overwrite: true };
  }
}

function change(state: EditorState, draft: ProjectDraft, merging: boolean): EditorState {
  if (draft === state.draft) return state;
  const past = merging ? state.past : [...state.past, state.draft].slice(-undoDepth);
  const { typingAt: _typing, ...rest } = state;
  return withDraft({ ...rest, past, future: [] }, draft);
}

function withDraft(state: EditorState, draft: ProjectDraft): EditorState {
  const save: SaveStatus = state.save.kind === 'conflict' ? state.save : draft === state.savedDraft ? { kind: 'saved' } : { kind: 'pending' };
  return { ...state, draft, save };
}

function statusFor(draft: ProjectDraft, saved: ProjectDraft, check: ProjectCheck): SaveStatus {
  if (draft === saved) return { kind: 'saved' };
  return check.issues.length > 0 ? { kind: 'invalid' } : { kind: 'pending' };
}

/** Whether the draft holds work that is not in appliance.yaml. */
export function hasUnsavedWork(state: EditorState): boolean {
  return state.draft !== state.savedDraft;
}
