// The main screen for a tab, by kind. Another kind of screen (the project editor) is one more case.
import { InspectionTab } from '../inspect/InspectionTab.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import type { Tab } from './workspace.ts';

export function Screen({ tab }: { readonly tab: Tab }) {
  switch (tab.kind) {
    case 'inspect':
      return (
        <ErrorBoundary what={tab.title}>
          <InspectionTab path={tab.path} />
        </ErrorBoundary>
      );
  }
}
