// Virtual hardware: a table per system and per deployment option, each row a RASD item.
import type { HardwareRow, SystemReport } from '../../../electron/common/inspection.ts';
import { DataTable, type Column } from '../common/DataTable.tsx';
import { LineButton } from './LineButton.tsx';

interface Props {
  readonly systems: readonly SystemReport[];
  readonly onShowLine: (line: number) => void;
}

export function HardwareSection({ systems, onShowLine }: Props) {
  if (systems.length === 0) return <p className="muted">This file describes no virtual system.</p>;
  const columns: Column<HardwareRow>[] = [
    { header: 'ID', width: '5rem', text: (r) => r.instanceId },
    { header: 'Type', width: 'minmax(8rem, 1fr)', text: (r) => r.type },
    { header: 'Name', width: 'minmax(8rem, 1.4fr)', text: (r) => r.name },
    { header: 'Quantity', width: '7rem', text: (r) => r.quantity },
    { header: 'Details', width: 'minmax(10rem, 2fr)', text: (r) => r.details },
    { header: 'Line', width: '4.5rem', text: (r) => String(r.line), render: (r) => <LineButton line={r.line} onShowLine={onShowLine} /> },
  ];
  return (
    <div className="stack">
      {systems.map((system) => (
        <section key={system.id} className="card" aria-label={`Hardware of ${system.name}`}>
          <h3>
            {system.name}
            {system.operatingSystem && <span className="muted"> · {system.operatingSystem}</span>}
          </h3>
          {system.tables.map((table, index) => {
            const caption = `${table.configurationLabel ? `Deployment option “${table.configurationLabel}”` : 'All configurations'}${table.systemTypes.length ? ` · ${table.systemTypes.join(', ')}` : ''}`;
            return (
              <div key={table.configuration ?? index} className="hardware-table">
                <h4>
                  {caption} <span className="muted">({table.rows.length} items)</span>
                </h4>
                <DataTable label={`${system.name}: ${caption}`} columns={columns} rows={table.rows} rowKey={(r, i) => `${r.instanceId}-${i}`} emptyText="No hardware items." />
              </div>
            );
          })}
        </section>
      ))}
    </div>
  );
}
