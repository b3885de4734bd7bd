// A project tab: opens the project folder, then the editor; a folder that is not a project, or a
// file that does not parse, says why and what to do.
import { useEffect, useState } from 'react';
import type { EditorVocabulary, ProjectSnapshot } from '../../../electron/common/ipc-project.ts';
import type { Problem } from '../../../electron/common/problem.ts';
import { ProblemBanner } from '../common/ProblemBanner.tsx';
import { BridgeError, invoke } from '../bridge.ts';
import { ProjectEditor } from './ProjectEditor.tsx';

type Loading = { readonly status: 'loading' } | { readonly status: 'ready'; readonly snapshot: ProjectSnapshot; readonly vocabulary: EditorVocabulary } | { readonly status: 'failed'; readonly problem: Problem };

export function ProjectTab({ dir, onInspect }: { readonly dir: string; readonly onInspect: (path: string) => void }) {
  const [state, setState] = useState<Loading>({ status: 'loading' });
  useEffect(() => {
    Promise.all([invoke('project:open', { path: dir }), invoke('project:vocabulary', {})])
      .then(([snapshot, vocabulary]) => setState({ status: 'ready', snapshot, vocabulary }))
      .catch((error: unknown) => setState({ status: 'failed', problem: error instanceof BridgeError ? error.problem : { code: 'INTERNAL', kind: 'internal', message: String(error) } }));
  }, [dir]);
  if (state.status === 'loading') return <p role="status">Opening {dir}…</p>;
  if (state.status === 'failed') return <ProblemBanner title="This project could not be opened" problem={state.problem} />;
  return <ProjectEditor snapshot={state.snapshot} vocabulary={state.vocabulary} onInspect={onInspect} />;
}
