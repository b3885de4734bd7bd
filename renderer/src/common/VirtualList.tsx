// A list that draws only the rows in view (plus a margin), so a 40 000-line descriptor or a
// thousand properties scroll as smoothly as ten. Rows have one fixed height; each row element
// receives the style that places it.
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';

interface Props<T> {
  readonly items: readonly T[];
  readonly rowHeight: number;
  /** The list grows with its content up to this height, then scrolls. */
  readonly maxHeight: number;
  readonly label: string;
  readonly renderRow: (item: T, index: number, style: CSSProperties) => ReactNode;
  /** ARIA role of the scroller and of the row container (table + rowgroup, list + presentation ...). */
  readonly role: string;
  readonly bodyRole: string;
  /** Scrolls so this row is in view whenever it changes. */
  readonly scrollToIndex?: number;
  readonly className?: string;
  readonly header?: ReactNode;
}

const OVERSCAN = 12;

export function VirtualList<T>({ items, rowHeight, maxHeight, label, renderRow, role, bodyRole, scrollToIndex, className, header }: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const total = items.length * rowHeight;
  const height = Math.min(maxHeight, total);

  useEffect(() => {
    const element = scroller.current;
    if (scrollToIndex === undefined || !element) return;
    const top = Math.max(0, scrollToIndex * rowHeight - height / 3);
    element.scrollTop = top;
    setScrollTop(top);
  }, [scrollToIndex, rowHeight, height]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let index = first; index < last; index++) {
    rows.push(renderRow(items[index] as T, index, { position: 'absolute', top: index * rowHeight, height: rowHeight, left: 0, right: 0 }));
  }
  return (
    <div
      ref={scroller}
      className={`virtual-list ${className ?? ''}`}
      role={role}
      aria-label={label}
      aria-rowcount={role === 'table' || role === 'grid' ? items.length : undefined}
      tabIndex={0}
      style={{ maxHeight: header ? maxHeight + rowHeight : maxHeight }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      {header}
      <div role={bodyRole} className="virtual-body" style={{ height: total }}>
        {rows}
      </div>
    </div>
  );
}
