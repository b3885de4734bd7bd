// The main screen for a tab, by kind. Another kind of screen (the project editor) is one more case.
import { ProjectsScreen } from '../editor/ProjectsScreen.tsx';
import { ProjectTab } from '../editor/ProjectTab.tsx';
import { InspectionTab } from '../inspect/InspectionTab.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import type { Tab, TabKind } from './workspace.ts';

export function Screen({ tab, onOpen }: { readonly tab: Tab; readonly onOpen: (kind: TabKind, paths: readonly string[]) => void }) {
  switch (tab.kind) {
    case 'projects':
      return <ProjectsScreen onOpenProject={(dir) => onOpen('project', [dir])} />;
    case 'project':
      return (
        <ErrorBoundary what={tab.title}>
          <ProjectTab dir={tab.path} onInspect={(path) => onOpen('inspect', [path])} />
        </ErrorBoundary>
      );
    case 'inspect':
      return (
        <ErrorBoundary what={tab.title}>
          <InspectionTab path={tab.path} />
        </ErrorBoundary>
      );
  }
}
