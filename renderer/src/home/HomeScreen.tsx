// The home screen: the drop zone (the whole window accepts drops; this says so), Open, recent
// items, and the keyboard shortcuts.
import { useEffect, useState } from 'react';
import type { RecentItem } from '../../../electron/common/ipc.ts';
import { invoke } from '../bridge.ts';
import { shortcutList } from '../shell/useShortcuts.ts';
import { RecentList } from './RecentList.tsx';

interface Props {
  readonly visible: boolean;
  readonly onOpen: (paths: readonly string[]) => void;
  readonly onChoose: () => void;
}

export function HomeScreen({ visible, onOpen, onChoose }: Props) {
  const [recent, setRecent] = useState<readonly RecentItem[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!visible) return;
    invoke('recent:list', { limit: 30 })
      .then((reply) => setRecent(reply.items))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [visible]);
  return (
    <div className="home">
      <section className="dropzone" aria-label="Drop zone">
        <svg className="dropzone-icon" viewBox="0 0 48 48" aria-hidden="true">
          <path d="M24 6v24m0 0-9-9m9 9 9-9M8 32v6a4 4 0 0 0 4 4h24a4 4 0 0 0 4-4v-6" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <p className="dropzone-title">Drop an .ova, .ovf, disk image or .iso anywhere on this window</p>
        <p className="dropzone-hint">VMDK, VHD, VHDX, QCOW2, raw, ISO 9660, OVF folders and XenServer .xva are read too</p>
        <button type="button" className="primary" onClick={onChoose}>
          Open a file…
        </button>
      </section>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="home-columns">
        <section className="card" aria-labelledby="recent-title">
          <h2 id="recent-title">Recent</h2>
          <RecentList items={recent} onOpen={(path) => onOpen([path])} />
        </section>
        <section className="card shortcuts" aria-labelledby="shortcuts-title">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <dl>
            {shortcutList.map(([keys, what]) => (
              <div key={keys} className="shortcut">
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </div>
  );
}
