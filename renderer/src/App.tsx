import { useCallback, useEffect, useState } from 'react';
import type { RecentItem } from '../../electron/common/ipc.ts';
import { BridgeError, invoke, onOpenPaths } from './bridge.ts';
import { OpenedFile } from './OpenedFile.tsx';
import { useDropPaths } from './useDropPaths.ts';

export function App() {
  const [opened, setOpened] = useState<string[]>([]);
  const [recent, setRecent] = useState<RecentItem[]>([]);
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState<string>();

  const open = useCallback((paths: readonly string[]) => {
    setOpened((current) => [...new Set([...current, ...paths])]);
  }, []);
  const dragging = useDropPaths(open);

  useEffect(() => onOpenPaths(open), [open]);
  useEffect(() => {
    invoke('app:info', {})
      .then((info) => setVersion(info.version))
      .catch((e: unknown) => setError(e instanceof BridgeError ? e.message : String(e)));
    invoke('recent:list', { limit: 20 })
      .then((reply) => setRecent(reply.items))
      .catch((e: unknown) => setError(e instanceof BridgeError ? e.message : String(e)));
  }, []);

  const chooseFiles = async () => {
    try {
      open((await invoke('dialog:open', {})).paths);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className={dragging ? 'app dragging' : 'app'}>
      <header className="toolbar">
        <h1>Appliance Studio</h1>
        <button type="button" onClick={() => void chooseFiles()} title="Open (Ctrl+O)">
          Open…
        </button>
      </header>
      <main>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <section className="dropzone" aria-label="Drop zone">
          <p className="dropzone-title">Drop an .ova, .ovf, disk image or .iso anywhere on this window</p>
          <p className="dropzone-hint">or use File › Open… to choose one</p>
        </section>
        {opened.length > 0 && (
          <section aria-label="Opened files">
            <h2>Opened</h2>
            <ul className="opened">
              {opened.map((path) => (
                <OpenedFile key={path} path={path} />
              ))}
            </ul>
          </section>
        )}
        <section aria-label="Recent items">
          <h2>Recent</h2>
          {recent.length === 0 ? (
            <p className="muted">Nothing opened yet.</p>
          ) : (
            <ul className="recent">
              {recent.map((item) => (
                <li key={item.path}>
                  <button type="button" className="link" onClick={() => open([item.path])}>
                    {item.path}
                  </button>
                  <span className="muted"> {item.summary}</span>
                  {item.verification && <span className="badge">{item.verification}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
      <footer className="statusbar">{version ? `Appliance Studio ${version}` : ' '}</footer>
    </div>
  );
}
