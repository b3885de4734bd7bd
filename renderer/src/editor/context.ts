// What every form field needs, without threading it through each section: the draft, the schema,
// the engine's verdicts on it, and the one dispatcher.
import { createContext, useContext } from 'react';
import type { DraftIssue, DraftPath, EditorVocabulary, ProjectDraft, TargetFinding } from '../../../electron/common/ipc-project.ts';
import type { EditorAction } from './editor-state.ts';

export interface EditorContextValue {
  readonly dir: string;
  readonly draft: ProjectDraft;
  readonly vocabulary: EditorVocabulary;
  readonly issues: readonly DraftIssue[];
  readonly findings: readonly TargetFinding[];
  readonly dispatch: (action: EditorAction) => void;
}

export const EditorContext = createContext<EditorContextValue | undefined>(undefined);

export function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('an editor field was rendered outside the project editor');
  return value;
}

/** Sets (undefined removes) the value at `path`; `typing` merges keystrokes into one undo step. */
export function useEdit(): (path: DraftPath, value: unknown, typing?: boolean) => void {
  const { dispatch } = useEditorContext();
  return (path, value, typing) => dispatch({ type: 'edit', path, value, ...(typing ? { typing } : {}) });
}
