// The inspection's sections as tabs (WAI-ARIA tabs pattern: arrow keys move between them).
import type { KeyboardEvent } from 'react';

export interface SectionTab<Id extends string> {
  readonly id: Id;
  readonly label: string;
  /** A count shown beside the label (findings, disks ...). */
  readonly count?: number;
  readonly tone?: 'error' | 'warning';
}

interface Props<Id extends string> {
  readonly tabs: readonly SectionTab<Id>[];
  readonly selected: Id;
  readonly onSelect: (id: Id) => void;
  readonly idPrefix: string;
}

export function SectionTabs<Id extends string>({ tabs, selected, onSelect, idPrefix }: Props<Id>) {
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const at = tabs.findIndex((tab) => tab.id === selected);
    const next = tabs[(at + step + tabs.length) % tabs.length];
    if (next) {
      onSelect(next.id);
      document.getElementById(`${idPrefix}-tab-${next.id}`)?.focus();
    }
  };
  return (
    <div role="tablist" aria-label="Report sections" className="section-tabs" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          id={`${idPrefix}-tab-${tab.id}`}
          type="button"
          role="tab"
          aria-selected={tab.id === selected}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={tab.id === selected ? 0 : -1}
          className="section-tab"
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
          {tab.count !== undefined && <span className={`count${tab.tone ? ` count-${tab.tone}` : ''}`}>{tab.count}</span>}
          {tab.count === undefined && tab.tone && (
            <span className={`count count-${tab.tone}`}>
              !<span className="visually-hidden"> ({tab.tone === 'error' ? 'needs attention' : 'has warnings'})</span>
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
