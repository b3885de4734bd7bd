// Disks: format, virtual and allocated size, and (when the disk engine read them) partitions and
// filesystems; a disk that could not be read says why, and where the descriptor and the disk's own
// bytes disagree the card says that first.
import type { DiskReport } from '../../../electron/common/inspection.ts';
import { formatBytes } from '../../../electron/common/progress.ts';
import { LineButton } from './LineButton.tsx';

const size = (bytes: number | undefined) => (bytes === undefined ? '—' : formatBytes(bytes));

export function DisksSection({ disks, onShowLine }: { readonly disks: readonly DiskReport[]; readonly onShowLine: (line: number) => void }) {
  if (disks.length === 0) return <p className="muted">No disks.</p>;
  return (
    <div className="stack">
      {disks.map((disk) => (
        <section key={disk.id} className="card disk" aria-label={`Disk ${disk.id}`}>
          <h3>
            {disk.id} <span className="muted">· {disk.format}</span>
          </h3>
          {disk.findings && disk.findings.length > 0 && (
            <ul className="disk-findings" aria-label={`Disagreements for ${disk.id}`}>
              {disk.findings.map((finding) => (
                <li key={finding.code}>
                  <span className={`sev sev-${finding.severity}`}>{finding.severity}</span> {finding.message} <span className="mono">[{finding.code}]</span>
                  {finding.location.line !== undefined && (
                    <>
                      {' '}
                      line <LineButton line={finding.location.line} onShowLine={onShowLine} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <dl className="facts">
            <div className="fact">
              <dt>Virtual size</dt>
              <dd>{size(disk.virtualBytes)}</dd>
            </div>
            <div className="fact">
              <dt>Allocated</dt>
              <dd>{size(disk.allocatedBytes)}</dd>
            </div>
            {disk.file && (
              <div className="fact">
                <dt>File</dt>
                <dd className="path">{disk.file}</dd>
              </div>
            )}
            {Object.entries(disk.details).map(([name, value]) => (
              <div key={name} className="fact">
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {disk.partitionTable && <h4>Partition table: {disk.partitionTable}</h4>}
          {disk.partitions.length > 0 && (
            <table className="plain-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Type</th>
                  <th scope="col">Start</th>
                  <th scope="col">Size</th>
                  <th scope="col">Filesystem</th>
                </tr>
              </thead>
              <tbody>
                {disk.partitions.map((p) => (
                  <tr key={p.index}>
                    <td>{p.index}</td>
                    <td>{p.type}</td>
                    <td>{formatBytes(p.offset)}</td>
                    <td>{formatBytes(p.size)}</td>
                    <td>{[p.filesystem, p.label].filter(Boolean).join(' · ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
