import type { NetworkReport } from '../../../electron/common/inspection.ts';
import { DataTable } from '../common/DataTable.tsx';
import { LineButton } from './LineButton.tsx';

export function NetworksSection({ networks, onShowLine }: { readonly networks: readonly NetworkReport[]; readonly onShowLine: (line: number) => void }) {
  return (
    <DataTable
      label="Networks"
      rows={networks}
      rowKey={(n) => n.name}
      emptyText="The descriptor declares no networks."
      columns={[
        { header: 'Network', width: 'minmax(10rem, 1fr)', text: (n) => n.name },
        { header: 'Description', width: 'minmax(12rem, 2fr)', text: (n) => n.description ?? '' },
        { header: 'Line', width: '4.5rem', text: (n) => String(n.line), render: (n) => <LineButton line={n.line} onShowLine={onShowLine} /> },
      ]}
    />
  );
}
