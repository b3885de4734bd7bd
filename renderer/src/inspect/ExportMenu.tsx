// Saves the inspection as JSON, HTML or Markdown: the main process renders it, the page hands the
// text to the browser's download (Electron shows its save dialog).
import { useState } from 'react';
import type { ReportFormat } from '../../../electron/common/inspection.ts';
import { invoke } from '../bridge.ts';

const formats: readonly (readonly [ReportFormat, string])[] = [
  ['json', 'JSON'],
  ['html', 'HTML'],
  ['md', 'Markdown'],
];

export function ExportMenu({ path }: { readonly path: string }) {
  const [error, setError] = useState<string>();
  const save = async (format: ReportFormat) => {
    try {
      const { fileName, mimeType, text } = await invoke('inspect:export', { path, format });
      const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="export-menu" role="group" aria-label="Export the report">
      <span className="muted">Export</span>
      {formats.map(([format, label]) => (
        <button key={format} type="button" onClick={() => void save(format)}>
          {label}
        </button>
      ))}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
