// A table of any length: a fixed header and virtualised rows laid out on one CSS grid, with ARIA
// table roles so screen readers announce rows and columns. Cells cut long text with an ellipsis;
// the full text is in the cell's tooltip.
import type { ReactNode } from 'react';
import { VirtualList } from './VirtualList.tsx';

export interface Column<T> {
  readonly header: string;
  /** A CSS grid track: "6rem", "2fr", "minmax(8rem, 1fr)". */
  readonly width: string;
  readonly text: (row: T) => string;
  /** Custom content; `text` still gives the tooltip. */
  readonly render?: (row: T) => ReactNode;
  readonly className?: (row: T) => string;
}

interface Props<T> {
  readonly label: string;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T, index: number) => string;
  readonly maxHeight?: number;
  readonly scrollToIndex?: number;
  readonly emptyText?: string;
}

const ROW_HEIGHT = 30;

export function DataTable<T>({ label, columns, rows, rowKey, maxHeight = 480, scrollToIndex, emptyText }: Props<T>) {
  if (rows.length === 0) return <p className="muted">{emptyText ?? 'Nothing to show.'}</p>;
  const template = { gridTemplateColumns: columns.map((c) => c.width).join(' ') };
  const header = (
    <div role="rowgroup" className="data-head">
      <div role="row" className="data-row" style={template} aria-rowindex={1}>
        {columns.map((column) => (
          <div role="columnheader" key={column.header} className="data-cell">
            {column.header}
          </div>
        ))}
      </div>
    </div>
  );
  return (
    <VirtualList
      className="data-table"
      role="table"
      bodyRole="rowgroup"
      label={label}
      items={rows}
      rowHeight={ROW_HEIGHT}
      maxHeight={maxHeight}
      header={header}
      {...(scrollToIndex !== undefined ? { scrollToIndex } : {})}
      renderRow={(row, index, style) => (
        <div
          role="row"
          key={rowKey(row, index)}
          aria-rowindex={index + 2}
          className={`data-row${index === scrollToIndex ? ' selected' : ''}`}
          style={{ ...style, ...template }}
        >
          {columns.map((column) => (
            <div role="cell" key={column.header} className={`data-cell ${column.className?.(row) ?? ''}`} title={column.text(row)}>
              {column.render ? column.render(row) : column.text(row)}
            </div>
          ))}
        </div>
      )}
    />
  );
}
