// The raw descriptor, coloured, with line numbers and a mark on every line that has a finding;
// opening it at a line (from a finding or a table) scrolls there and highlights the line.
import { useMemo } from 'react';
import type { Finding, Severity } from '../../../electron/common/finding.ts';
import type { DescriptorText } from '../../../electron/common/inspection.ts';
import { VirtualList } from '../common/VirtualList.tsx';
import { highlightXml } from './xml-highlight.ts';

interface Props {
  readonly descriptor?: DescriptorText;
  readonly findings: readonly Finding[];
  readonly focusLine?: number;
}

const LINE_HEIGHT = 20;
const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function DescriptorView({ descriptor, findings, focusLine }: Props) {
  const lines = useMemo(() => (descriptor ? highlightXml(descriptor.text) : []), [descriptor]);
  const marks = useMemo(() => {
    const byLine = new Map<number, Finding>();
    for (const finding of findings) {
      const line = finding.location.line;
      if (line === undefined) continue;
      const known = byLine.get(line);
      if (!known || rank[finding.severity] < rank[known.severity]) byLine.set(line, finding);
    }
    return byLine;
  }, [findings]);
  if (!descriptor) return <p className="muted">There is no descriptor to show.</p>;
  const digits = String(lines.length).length;
  return (
    <div className="descriptor">
      <p className="muted">
        {descriptor.name} · {lines.length} lines{descriptor.encoding ? ` · read as ${descriptor.encoding}` : ''}
      </p>
      <VirtualList
        className="code"
        role="list"
        bodyRole="presentation"
        label={`Descriptor ${descriptor.name}`}
        items={lines}
        rowHeight={LINE_HEIGHT}
        maxHeight={600}
        {...(focusLine !== undefined ? { scrollToIndex: focusLine - 1 } : {})}
        renderRow={(tokens, index, style) => {
          const number = index + 1;
          const mark = marks.get(number);
          return (
            <div role="listitem" key={number} className={`code-line${number === focusLine ? ' focused' : ''}`} style={style} data-line={number}>
              <span className="gutter" style={{ width: `${digits + 2}ch` }} aria-label={`line ${number}`}>
                {number}
              </span>
              <span className={`mark ${mark ? `mark-${mark.severity}` : ''}`} title={mark ? `${mark.severity}: ${mark.message}` : undefined} aria-hidden={mark ? undefined : true}>
                {mark ? (mark.severity === 'error' ? '●' : mark.severity === 'warning' ? '▲' : '○') : ''}
                {mark && <span className="visually-hidden">{`${mark.severity}: ${mark.message}`}</span>}
              </span>
              <code className="code-text">
                {tokens.map((token, t) => (
                  <span key={t} className={`tok-${token.kind}`}>
                    {token.text}
                  </span>
                ))}
              </code>
            </div>
          );
        }}
      />
    </div>
  );
}
