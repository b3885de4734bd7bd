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

/** One token of the whole text; highlightXml cuts them at line ends. */
function* scan(text: string): Generator<Token> {
  let at = 0;
  const take = (kind: TokenKind, end: number): Token => {
    const token = { kind, text: text.slice(at, end) };
    at = end;
    return token;
  };
  const until = (marker: string, from: number) => {
    const end = text.indexOf(marker, from);
    return end < 0 ? text.length : end + marker.length;
  };
  while (at < text.length) {
    if (text.startsWith('<!--', at)) yield take('comment', until('-->', at + 4));
    else if (text.startsWith('<![CDATA[', at)) yield take('cdata', until(']]>', at + 9));
    else if (text.startsWith('<?', at) || text.startsWith('<!', at)) yield take('pi', until('>', at + 2));
    else if (text[at] === '<') {
      yield take('tag', stickyEnd(TAG_NAME, text, at) ?? at + 1);
      // Attributes up to the end of the tag.
      while (at < text.length && text[at] !== '>' && !text.startsWith('/>', at)) {
        const space = stickyEnd(SPACE, text, at);
        const attribute = space === undefined ? stickyEnd(ATTRIBUTE, text, at) : undefined;
        if (space !== undefined) yield take('text', space);
        else if (attribute !== undefined) yield take('attr', attribute);
        else if (text[at] === '"' || text[at] === "'") {
          const close = text.indexOf(text[at] as string, at + 1);
          yield take('value', close < 0 ? text.length : close + 1);
        } else yield take('tag', at + 1);
      }
      if (at < text.length) yield take('tag', at + (text[at] === '>' ? 1 : 2));
    } else if (text[at] === '&') {
      const entity = stickyEnd(ENTITY, text, at);
      yield take(entity === undefined ? 'text' : 'entity', entity ?? at + 1);
    } else {
      MARKUP.lastIndex = at;
      const next = MARKUP.exec(text)?.index;
      yield take('text', next ?? text.length);
    }
  }
}

export function highlightXml(text: string): Line[] {
  const lines: Token[][] = [];
  let line: Token[] = [];
  lines.push(line);
  for (const token of scan(text)) {
    if (!/[\r\n]/.test(token.text)) {
      line.push(token);
      continue;
    }
    token.text.split(/\r\n|\r|\n/).forEach((part, index) => {
      if (index > 0) {
        line = [];
        lines.push(line);
      }
      if (part !== '') line.push({ kind: token.kind, text: part });
    });
  }
  return lines;
}
