// The studio window: toolbar, tabs, and the screen of the active tab. Every tab stays mounted
// (hidden when not active) so a verification keeps running while the user looks elsewhere.
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { BridgeError, invoke, onOpenPaths } from './bridge.ts';
import { confirmClose } from './editor/unsaved.ts';
import { HomeScreen } from './home/HomeScreen.tsx';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';
import { Screen } from './shell/Screen.tsx';
import { TabBar } from './shell/TabBar.tsx';
import { useShortcuts } from './shell/useShortcuts.ts';
import { emptyWorkspace, HOME, workspaceReducer } from './shell/workspace.ts';
import { useDropPaths } from './useDropPaths.ts';

export function App() {
  const [workspace, dispatch] = useReducer(workspaceReducer, emptyWorkspace);
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState<string>();

  const open = useCallback((paths: readonly string[]) => dispatch({ type: 'open', kind: 'inspect', paths }), []);
  const dragging = useDropPaths(open);
  const chooseFiles = useCallback(async () => {
    try {
      open((await invoke('dialog:open', { title: 'Open an appliance, package or disk image' })).paths);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [open]);

  const shortcuts = useMemo(
    () => ({
      closeTab: () => confirmClose(workspace.active) && dispatch({ type: 'close', id: workspace.active }),
      cycle: (step: 1 | -1) => dispatch({ type: 'cycle', step }),
      goTo: (index: number) => dispatch({ type: 'activate', id: index === 0 ? HOME : (workspace.tabs[index - 1]?.id ?? workspace.active) }),
    }),
    [chooseFiles, workspace],
  );
  useShortcuts(shortcuts);

  useEffect(() => onOpenPaths(open), [open]);
  useEffect(() => {
    invoke('app:info', {})
      .then((info) => setVersion(info.version))
      .catch((e: unknown) => setError(e instanceof BridgeError ? e.message : String(e)));
  }, []);

  const activeTab = workspace.tabs.find((tab) => tab.id === workspace.active);
  useEffect(() => {
    document.title = activeTab ? `${activeTab.title} — Appliance Studio` : 'Appliance Studio';
  }, [activeTab]);

  return (
    <div className={dragging ? 'app dragging' : 'app'}>
      <header className="toolbar">
        <h1>Appliance Studio</h1>
        <button type="button" onClick={() => dispatch({ type: 'open', kind: 'projects', paths: ['Projects'] })}>
          Projects
        </button>
        <button type="button" onClick={() => void chooseFiles()} title="Open (Ctrl+O)">
          Open…
        </button>
      </header>
      <TabBar tabs={workspace.tabs} active={workspace.active} onActivate={(id) => dispatch({ type: 'activate', id })} onClose={(id) => confirmClose(id) && dispatch({ type: 'close', id })} />
      <main>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div hidden={workspace.active !== HOME}>
          <ErrorBoundary what="the home screen">
            <HomeScreen visible={workspace.active === HOME} onOpen={open} onChoose={() => void chooseFiles()} />
          </ErrorBoundary>
        </div>
        {workspace.tabs.map((tab) => (
          <div key={tab.id} hidden={workspace.active !== tab.id}>
            <Screen tab={tab} onOpen={(kind, paths) => dispatch({ type: 'open', kind, paths })} />
          </div>
        ))}
      </main>
      <div className="drop-overlay" aria-hidden="true">
        <p>Drop to inspect</p>
      </div>
      <footer className="statusbar">
        <span>{version ? `Appliance Studio ${version}` : ' '}</span>
        <span>
          {workspace.tabs.length} open file{workspace.tabs.length === 1 ? '' : 's'}
        </span>
      </footer>
    </div>
  );
}
