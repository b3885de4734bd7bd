// Recent items from the catalog, newest first, each with what it was and its last verification.
import type { RecentItem } from '../../../electron/common/ipc.ts';
import { baseName } from '../shell/workspace.ts';

const tone = (verification: string) => (/damaged|missing|differs|bad|altered|expired|malformed/i.test(verification) ? 'bad' : /intact/.test(verification) ? 'ok' : 'neutral');

export function RecentList({ items, onOpen }: { readonly items: readonly RecentItem[]; readonly onOpen: (path: string) => void }) {
  if (items.length === 0) return <p className="muted">Nothing opened yet. Files you open appear here with their last verification.</p>;
  return (
    <ul className="recent-list" aria-label="Recent items">
      {items.map((item) => (
        <li key={item.path} className="recent-item">
          <button type="button" className="recent-open" onClick={() => onOpen(item.path)}>
            <span className="recent-name">{baseName(item.path)}</span>
            <span className="recent-summary">{item.summary || item.kind}</span>
            <span className="recent-path muted">{item.path}</span>
          </button>
          <span className="recent-meta">
            {item.verification ? <span className={`badge badge-${tone(item.verification)}`}>{item.verification}</span> : <span className="badge badge-neutral">not verified</span>}
            <span className="muted recent-when">{new Date(item.openedAt).toLocaleString()}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
