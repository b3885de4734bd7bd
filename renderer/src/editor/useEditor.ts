// Runs an open project: the reducer, a check by the engine after each edit (schema issues, target
// findings, badges), autosave of valid drafts, and a watch on appliance.yaml for outside edits.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ProjectSnapshot } from '../../../electron/common/ipc-project.ts';
import { BridgeError, invoke } from '../bridge.ts';
import { editorReducer, hasUnsavedWork, initialEditorState, type EditorAction, type EditorState } from './editor-state.ts';

/** Waits this long after the last keystroke before asking the engine. */
const checkDelayMs = 120;
const saveDelayMs = 700;
const watchIntervalMs = 1500;

export function useEditor(snapshot: ProjectSnapshot): { state: EditorState; dispatch: (action: EditorAction) => void; reload: () => Promise<void> } {
  const [state, dispatch] = useReducer(editorReducer, snapshot, initialEditorState);
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    const draft = state.draft;
    const timer = setTimeout(() => {
      invoke('project:check', { dir: state.dir, draft })
        .then((check) => dispatch({ type: 'checked', draft, check }))
        .catch((error: unknown) => dispatch({ type: 'saveFailed', problem: problemOf(error) }));
    }, checkDelayMs);
    return () => clearTimeout(timer);
  }, [state.draft, state.dir]);

  const checkedCurrent = state.checkedDraft === state.draft;
  useEffect(() => {
    if (state.save.kind !== 'pending' || !checkedCurrent || (state.check?.issues.length ?? 0) > 0) return;
    const draft = state.draft;
    const timer = setTimeout(() => {
      dispatch({ type: 'saving' });
      invoke('project:save', { dir: state.dir, draft, revision: state.revision, ...(state.overwrite ? { force: true } : {}) })
        .then(({ revision }) => dispatch({ type: 'saved', draft, revision }))
        .catch((error: unknown) => dispatch({ type: 'saveFailed', problem: problemOf(error) }));
    }, saveDelayMs);
    return () => clearTimeout(timer);
  }, [state.save.kind, state.draft, state.dir, state.revision, state.overwrite, state.check, checkedCurrent]);

  useEffect(() => {
    const timer = setInterval(() => {
      const current = latest.current;
      if (current.save.kind === 'saving' || current.save.kind === 'conflict' || current.overwrite) return;
      invoke('project:revision', { dir: current.dir })
        .then(({ revision }) => {
          if (revision !== latest.current.revision && latest.current.save.kind !== 'saving') dispatch({ type: 'changedOnDisk' });
        })
        .catch(() => undefined);
    }, watchIntervalMs);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    const guard = (event: BeforeUnloadEvent) => {
      if (hasUnsavedWork(latest.current)) event.preventDefault();
    };
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, []);

  const reload = useCallback(async () => {
    try {
      dispatch({ type: 'reloaded', snapshot: await invoke('project:open', { path: latest.current.dir }) });
    } catch (error) {
      dispatch({ type: 'saveFailed', problem: problemOf(error) });
    }
  }, []);

  return { state, dispatch, reload };
}

function problemOf(error: unknown) {
  return error instanceof BridgeError ? error.problem : { code: 'INTERNAL', kind: 'internal' as const, message: error instanceof Error ? error.message : String(error) };
}
