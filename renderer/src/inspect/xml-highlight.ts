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

/** One token of the whole text; highlightXml cuts them at line ends. */
function* scan(text: string): Generator<Token> {
  const markup = /[<&]/g;
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
      const name = /^<\/?[^\s/>]*/.exec(text.slice(at, at + 256))?.[0] ?? '<';
      yield take('tag', at + name.length);
      // Attributes up to the end of the tag.
      while (at < text.length && text[at] !== '>' && !text.startsWith('/>', at)) {
        const rest = text.slice(at, at + 4096);
        const space = /^\s+/.exec(rest)?.[0];
        const attribute = /^[^\s=/>"']+/.exec(rest)?.[0];
        if (space) yield take('text', at + space.length);
        else if (attribute) yield take('attr', at + attribute.length);
        else if (text[at] === '"' || text[at] === "'") {
          const close = text.indexOf(text[at] as string, at + 1);
          yield take('value', close < 0 ? text.length : close + 1);
        } else yield take('tag', at + 1);
      }
      if (at < text.length) yield take('tag', at + (text[at] === '>' ? 1 : 2));
    } else if (text[at] === '&') {
      const entity = /^&#?\w+;/.exec(text.slice(at, at + 32))?.[0];
      yield take(entity ? 'entity' : 'text', at + (entity?.length ?? 1));
    } else {
      markup.lastIndex = at;
      const next = markup.exec(text)?.index;
      yield take('text', next ?? text.length);
    }
  }
}

export function highlightXml(text: string): Line[] {
  const lines: Token[][] = [[]];
  for (const token of scan(text)) {
    const parts = token.text.split(/\r\n|\r|\n/);
    parts.forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part !== '') lines.at(-1)?.push({ kind: token.kind, text: part });
    });
  }
  return lines;
}
