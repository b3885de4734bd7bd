// Home plus one tab per open file, each closable; the active one is marked for screen readers.
import { HOME, type Tab } from './workspace.ts';

interface Props {
  readonly tabs: readonly Tab[];
  readonly active: string;
  readonly onActivate: (id: string) => void;
  readonly onClose: (id: string) => void;
}

export function TabBar({ tabs, active, onActivate, onClose }: Props) {
  return (
    <nav className="tab-bar" aria-label="Open files">
      <button type="button" className={`tab${active === HOME ? ' active' : ''}`} aria-current={active === HOME ? 'page' : undefined} onClick={() => onActivate(HOME)}>
        Home
      </button>
      {tabs.map((tab) => (
        <div key={tab.id} className={`tab file-tab${active === tab.id ? ' active' : ''}`} title={tab.path}>
          <button type="button" className="tab-label" aria-current={active === tab.id ? 'page' : undefined} onClick={() => onActivate(tab.id)}>
            {tab.title}
          </button>
          <button type="button" className="tab-close" aria-label={`Close ${tab.title}`} onClick={() => onClose(tab.id)}>
            ×
          </button>
        </div>
      ))}
    </nav>
  );
}
