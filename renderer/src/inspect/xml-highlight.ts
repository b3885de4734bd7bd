// Splits descriptor text into coloured tokens, line by line, for the raw descriptor view. A small
// scanner, not a parser: it never fails, whatever the text (a broken descriptor is exactly when
// people read the raw XML), and constructs that span lines (comments, long attribute values)
// keep their colour on every line.
export type TokenKind = 'tag' | 'attr' | 'value' | 'comment' | 'pi' | 'cdata' | 'entity' | 'text';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

export type Line = readonly Token[];

// Sticky patterns match exactly at lastIndex, so the scanner never copies the text it walks.
const TAG_NAME = /<\/?[^\s/>]*/y;
const SPACE = /\s+/y;
const ATTRIBUTE = /[^\s=/>"']+/y;
const ENTITY = /&#?\w+;/y;
const MARKUP = /[<&]/g;

function stickyEnd(pattern: RegExp, text: string, at: number): number | undefined {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : undefined;
}

/** Every token of the whole text, in order, to `emit`; highlightXml cuts them at line ends. */
function scan(text: string, emit: (token: Token) => void): void {
  let at = 0;
  const take = (kind: TokenKind, end: number): void => {
    emit({ kind, text: text.slice(at, end) });
    at = end;
  };
  const until = (marker: string, from: number) => {
    const end = text.indexOf(marker, from);
    return end < 0 ? text.length : end + marker.length;
  };
  while (at < text.length) {
    if (text.startsWith('<!--', at)) take('comment', until('-->', at + 4));
    else if (text.startsWith('<![CDATA[', at)) take('cdata', until(']]>', at + 9));
    else if (text.startsWith('<?', at) || text.startsWith('<!', at)) take('pi', until('>', at + 2));
    else if (text[at] === '<') {
      take('tag', stickyEnd(TAG_NAME, text, at) ?? at + 1);
      // Attributes up to the end of the tag.
      while (at < text.length && text[at] !== '>' && !text.startsWith('/>', at)) {
        const space = stickyEnd(SPACE, text, at);
        const attribute = space === undefined ? stickyEnd(ATTRIBUTE, text, at) : undefined;
        if (space !== undefined) take('text', space);
        else if (attribute !== undefined) take('attr', attribute);
        else if (text[at] === '"' || text[at] === "'") {
          const close = text.indexOf(text[at] as string, at + 1);
          take('value', close < 0 ? text.length : close + 1);
        } else take('tag', at + 1);
      }
      if (at < text.length) take('tag', at + (text[at] === '>' ? 1 : 2));
    } else if (text[at] === '&') {
      const entity = stickyEnd(ENTITY, text, at);
      take(entity === undefined ? 'text' : 'entity', entity ?? at + 1);
    } else {
      MARKUP.lastIndex = at;
      const next = MARKUP.exec(text)?.index;
      take('text', next ?? text.length);
    }
  }
}

export function highlightXml(text: string): Line[] {
  const lines: Token[][] = [];
  let line: Token[] = [];
  lines.push(line);
  scan(text, (token) => {
    if (!/[\r\n]/.test(token.text)) {
      line.push(token);
      return;
    }
    token.text.split(/\r\n|\r|\n/).forEach((part, index) => {
      if (index > 0) {
        line = [];
        lines.push(line);
      }
      if (part !== '') line.push({ kind: token.kind, text: part });
    });
  });
  return lines;
}
