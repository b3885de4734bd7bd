// The package as it is stored: members in archive order with their role and size, the tar dialect.
import type { MemberReport, PackageReport } from '../../../electron/common/inspection.ts';
import { formatBytes } from '../../../electron/common/progress.ts';
import { DataTable } from '../common/DataTable.tsx';

const roleNames: Record<MemberReport['role'], string> = { descriptor: 'Descriptor', manifest: 'Manifest', certificate: 'Certificate', disk: 'Disk', file: 'Referenced file', extra: 'Not referenced' };

export function PackageSection({ pkg }: { readonly pkg?: PackageReport }) {
  if (!pkg) return <p className="muted">This file is not a package.</p>;
  const total = pkg.members.reduce((sum, m) => sum + m.size, 0);
  return (
    <div className="stack">
      <dl className="facts">
        <div className="fact">
          <dt>Container</dt>
          <dd>{pkg.container === 'tar' ? `tar archive (${pkg.dialect ?? 'unknown dialect'})` : 'OVF folder'}</dd>
        </div>
        <div className="fact">
          <dt>Members</dt>
          <dd>
            {pkg.members.length} files, {formatBytes(total)}
          </dd>
        </div>
        <div className="fact">
          <dt>Manifest</dt>
          <dd>{pkg.manifest ?? 'none'}</dd>
        </div>
        <div className="fact">
          <dt>Certificate</dt>
          <dd>{pkg.certificate ?? 'none'}</dd>
        </div>
      </dl>
      <DataTable
        label="Package members"
        rows={pkg.members}
        rowKey={(m) => m.name}
        columns={[
          { header: '#', width: '3rem', text: (m) => String(pkg.members.indexOf(m) + 1) },
          { header: 'Name', width: 'minmax(12rem, 3fr)', text: (m) => m.name },
          { header: 'Role', width: '9rem', text: (m) => roleNames[m.role], className: (m) => `role-${m.role}` },
          { header: 'Size', width: '7rem', text: (m) => formatBytes(m.size) },
          { header: 'Offset', width: '8rem', text: (m) => (pkg.container === 'tar' ? String(m.offset) : '—') },
        ]}
      />
    </div>
  );
}
