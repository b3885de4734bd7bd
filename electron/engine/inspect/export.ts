// An inspection report rendered for saving: JSON (the report itself), HTML or Markdown.
import type { InspectionReport, ReportFormat } from '../../common/inspection.ts';
import { reportHtml } from './report-html.ts';
import { reportMarkdown } from './report-markdown.ts';

export interface RenderedReport {
  readonly fileName: string;
  readonly mimeType: string;
  readonly text: string;
}

export function renderReport(report: InspectionReport, format: ReportFormat): RenderedReport {
  const stem = `${report.name.replace(/\.[^.]*$/, '') || report.name}-inspection`;
  switch (format) {
    case 'json':
      return { fileName: `${stem}.json`, mimeType: 'application/json', text: `${JSON.stringify(report, null, 2)}\n` };
    case 'html':
      return { fileName: `${stem}.html`, mimeType: 'text/html', text: reportHtml(report) };
    case 'md':
      return { fileName: `${stem}.md`, mimeType: 'text/markdown', text: reportMarkdown(report) };
  }
}
