// A list in the draft (disks, networks, properties ...) as cards with add, remove and reorder.
// Each change is one undo step; focus moves to the new card so keyboard users keep their place.
import { useEffect, useRef, type ReactNode } from 'react';
import type { DraftPath } from '../../../electron/common/ipc-project.ts';
import { useEditorContext, useEdit } from './context.ts';
import { isUnder, listAt, moved } from './draft.ts';

interface Props {
  readonly path: DraftPath;
  /** "disk", "network": used in button names. */
  readonly noun: string;
  readonly title: (item: unknown, index: number) => string;
  readonly make: (items: readonly unknown[]) => unknown;
  readonly children: (itemPath: DraftPath, index: number, item: unknown) => ReactNode;
  readonly empty?: string;
  /** Extra controls beside "Add". */
  readonly actions?: ReactNode;
  readonly max?: number;
}

export function ListEditor({ path, noun, title, make, children, empty, actions, max }: Props) {
  const { draft, issues } = useEditorContext();
  const edit = useEdit();
  const items = listAt(draft, path);
  const added = useRef<number | undefined>(undefined);
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (added.current === undefined) return;
    container.current?.querySelector<HTMLElement>(`[data-item="${added.current}"] input, [data-item="${added.current}"] select`)?.focus();
    added.current = undefined;
  }, [items.length]);
  const listIssues = issues.filter((issue) => issue.path.length === path.length && isUnder(issue.path, path));
  return (
    <div className="list-editor" ref={container}>
      {items.length === 0 && <p className="muted empty">{empty ?? `No ${noun}s yet.`}</p>}
      {items.map((item, index) => (
        <section key={index} className="item-card" data-item={index} aria-label={`${title(item, index)}`}>
          <header className="item-head">
            <h4>{title(item, index)}</h4>
            <div className="item-actions">
              <button type="button" className="icon" aria-label={`Move ${noun} ${index + 1} up`} disabled={index === 0} onClick={() => edit(path, moved(items, index, index - 1))}>
                ↑
              </button>
              <button type="button" className="icon" aria-label={`Move ${noun} ${index + 1} down`} disabled={index === items.length - 1} onClick={() => edit(path, moved(items, index, index + 1))}>
                ↓
              </button>
              <button type="button" className="icon danger" aria-label={`Remove ${noun} ${index + 1}`} onClick={() => edit([...path, index], undefined)}>
                Remove
              </button>
            </div>
          </header>
          <div className="field-grid">{children([...path, index], index, item)}</div>
        </section>
      ))}
      {listIssues.map((issue) => (
        <p key={issue.message} className="field-issue" role="alert">
          {issue.message}
        </p>
      ))}
      <div className="list-actions">
        <button
          type="button"
          disabled={max !== undefined && items.length >= max}
          onClick={() => {
            added.current = items.length;
            edit([...path, items.length], make(items));
          }}
        >
          Add {noun}
        </button>
        {actions}
      </div>
    </div>
  );
}

/** The first free identifier "prefix1", "prefix2" ... among the items' ids. */
export function nextId(items: readonly unknown[], prefix: string, key = 'id'): string {
  const taken = new Set(items.map((item) => (item && typeof item === 'object' ? String((item as Record<string, unknown>)[key]) : '')));
  for (let n = items.length; ; n += 1) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}
