// A line number that opens the raw descriptor at that line.
export function LineButton({ line, onShowLine }: { readonly line: number; readonly onShowLine: (line: number) => void }) {
  if (line <= 0) return <span className="muted">—</span>;
  return (
    <button type="button" className="link line-link" onClick={() => onShowLine(line)} aria-label={`Show line ${line} in the descriptor`}>
      {line}
    </button>
  );
}
