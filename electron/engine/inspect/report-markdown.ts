// The inspection report as GitHub-flavoured Markdown (for tickets, wikis and release notes).
import type { InspectionReport } from '../../common/inspection.ts';
import { reportOutline, type Block } from './report-outline.ts';

/** Pipes and line breaks would end a table cell early. */
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ') || ' ';

function block(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return b.text.replace(/^([#>*+-]|\d+\.)/, '\\$1');
    case 'facts':
      return b.facts.map(([name, value]) => `- **${name}:** ${cell(value)}`).join('\n');
    case 'table': {
      const lines = [`| ${b.head.map(cell).join(' | ')} |`, `| ${b.head.map(() => '---').join(' | ')} |`, ...b.rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
      return b.caption ? `**${cell(b.caption)}**\n\n${lines.join('\n')}` : lines.join('\n');
    }
    case 'preformatted': {
      // A fence longer than any backtick run inside keeps hostile text from closing it.
      const longest = Math.max(2, ...[...b.text.matchAll(/`+/g)].map((m) => m[0].length));
      const fence = '`'.repeat(longest + 1);
      return `${fence}text\n${b.text}\n${fence}`;
    }
  }
}

export function reportMarkdown(report: InspectionReport): string {
  const outline = reportOutline(report);
  const parts = [`# ${cell(outline.title)}`];
  for (const section of outline.sections) parts.push(`## ${cell(section.title)}`, ...section.blocks.map(block));
  return `${parts.join('\n\n')}\n`;
}
