// Text -> XmlDocument, in one pass of our own. fast-xml-parser was the first choice, measured and
// dropped: on VMware's 1.7 MB descriptor (one 1.7 MB text node) version 5.12 spends over a second
// in garbage collection, it needs a separate validator pass to notice a mismatched end tag, and it
// loses processing-instruction data. Descriptors need a small, strict subset of XML 1.0: no DTD
// (refused before anything else, so no entity is ever expanded: XXE, billion laughs), the five
// predefined entities and character references, bounded depth, and namespaces resolved by URI so
// every element and attribute knows its namespace and source line.
import { inputError } from '../errors.ts';
import type { XmlDocument, XmlElement, XmlNode } from './xml-tree.ts';
import { prefixOf } from './xml-tree.ts';

export interface XmlLimits {
  /** Deepest element nesting accepted; real descriptors stay under 20. */
  readonly maxDepth: number;
}

export const DEFAULT_MAX_DEPTH = 128;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

function malformed(file: string, line: number | undefined, reason: string) {
  return inputError('OVF_XML_MALFORMED', `not well-formed XML: ${reason}`, line === undefined ? { file } : { file, line });
}

/** Start offset of every line, for offset -> line lookups (CR, LF and CRLF all end a line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return starts;
  }
  for (const match of text.matchAll(/\r\n?|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/**
 * Refuses a DOCTYPE or ENTITY declaration wherever it appears outside comments and CDATA, before
 * the parser sees the text: nothing in a descriptor may define entities or point at other files.
 */
export function refuseDtd(text: string, file: string): void {
  let at = text.indexOf('<!');
  while (at >= 0) {
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end < 0) return; // the well-formedness check reports the open comment
      at = text.indexOf('<!', end + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', at)) {
      const end = text.indexOf(']]>', at + 9);
      if (end < 0) return;
      at = text.indexOf('<!', end + 3);
      continue;
    }
    const keyword = /^<!(DOCTYPE|ENTITY)/i.exec(text.slice(at, at + 10))?.[1];
    if (keyword) {
      throw inputError(
        'OVF_XML_DTD_REFUSED',
        `the descriptor contains a ${keyword.toUpperCase()} declaration; OVF descriptors never need one and it is refused before any entity is expanded (XXE / entity-expansion protection)`,
        { file, line: lineAt(lineStarts(text.slice(0, at + 1)), at) },
      );
    }
    at = text.indexOf('<!', at + 2);
  }
}

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeReferences(raw: string, file: string, line: number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s<]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw malformed(file, line, `"&" must start a reference such as &amp; (found "${whole.slice(0, 12)}")`);
    const known = predefined[name];
    if (known !== undefined) return known;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    if (numeric) {
      const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
      if (!isXmlChar(code)) throw malformed(file, line, `the character reference ${whole} is not a legal XML character`);
      return String.fromCodePoint(code);
    }
    throw malformed(file, line, `the entity ${whole} is not defined (only &lt; &gt; &amp; &quot; &apos; and character references exist without a DTD)`);
  });
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

// XML 1.0 names, loosely: the first character may not be a digit, '-', '.' or white space.
const namePattern = /[A-Za-z_:\u00C0-\uFFFF][\w.:\u00B7-\uFFFF-]*/y;
const spacePattern = /[ \t\r\n]*/y;
const illegalCharacter = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

class Tokenizer {
  private at = 0;
  private readonly starts: number[];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly limits: XmlLimits,
  ) {
    this.starts = lineStarts(text);
  }

  private line(offset = this.at): number {
    return lineAt(this.starts, offset);
  }

  private fail(reason: string, offset = this.at): never {
    throw malformed(this.file, this.line(offset), reason);
  }

  private skipSpace(): boolean {
    spacePattern.lastIndex = this.at;
    spacePattern.exec(this.text);
    const moved = spacePattern.lastIndex > this.at;
    this.at = spacePattern.lastIndex;
    return moved;
  }

  private name(what: string): string {
    namePattern.lastIndex = this.at;
    const match = namePattern.exec(this.text);
    if (!match) this.fail(`expected ${what} at "${this.text.slice(this.at, this.at + 12)}"`);
    this.at = namePattern.lastIndex;
    return match[0];
  }

  /** Everything up to `terminator`, which is consumed; an error naming `what` when it never comes. */
  private until(terminator: string, what: string): string {
    const end = this.text.indexOf(terminator, this.at);
    if (end < 0) this.fail(`${what} is never closed`);
    const content = this.text.slice(this.at, end);
    this.at = end + terminator.length;
    return content;
  }

  private attributes(element: XmlElement): boolean {
    const seen = new Set<string>();
    for (;;) {
      const spaced = this.skipSpace();
      if (this.text.startsWith('/>', this.at)) {
        this.at += 2;
        return true;
      }
      if (this.text[this.at] === '>') {
        this.at += 1;
        return false;
      }
      if (this.at >= this.text.length) this.fail(`the start tag <${element.name}> is never closed`);
      if (!spaced) this.fail(`attributes of <${element.name}> must be separated by white space`);
      const name = this.name(`an attribute name or the end of <${element.name}>`);
      this.skipSpace();
      if (this.text[this.at] !== '=') this.fail(`the attribute ${name} on <${element.name}> has no value`);
      this.at += 1;
      this.skipSpace();
      const quote = this.text[this.at];
      if (quote !== '"' && quote !== "'") this.fail(`the value of ${name} on <${element.name}> is not quoted`);
      this.at += 1;
      const raw = this.until(quote, `the value of ${name} on <${element.name}>`);
      if (raw.includes('<')) this.fail(`the value of ${name} on <${element.name}> contains "<"`);
      if (seen.has(name)) this.fail(`the attribute ${name} appears twice on <${element.name}>`);
      seen.add(name);
      // Line ends, then tabs and line breaks, read as spaces (XML 1.0 sections 2.11 and 3.3.3).
      const value = decodeReferences(normaliseLineEnds(raw).replace(/[\t\n]/g, ' '), this.file, element.line);
      element.attributes.push({ name, value, namespace: '' });
    }
  }

  private declaration(): XmlDocument['declaration'] {
    if (!/^<\?xml[ \t\r\n]/.test(this.text)) return undefined;
    this.at = 5;
    const body = this.until('?>', 'the XML declaration');
    const version = /version\s*=\s*(["'])([^"']*)\1/.exec(body)?.[2];
    if (!version) this.fail('the XML declaration has no version', 0);
    const standalone = /standalone\s*=\s*(["'])([^"']*)\1/.exec(body)?.[2];
    return standalone ? { version, standalone } : { version };
  }

  parse(): XmlDocument {
    const bad = illegalCharacter.exec(this.text);
    if (bad) this.fail(`the character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`, bad.index);
    const declaration = this.declaration();
    const before: XmlNode[] = [];
    const after: XmlNode[] = [];
    let root: XmlElement | undefined;
    const stack: XmlElement[] = [];
    const { text } = this;
    while (this.at < text.length) {
      const parent = stack.at(-1);
      const lt = text.indexOf('<', this.at);
      const end = lt < 0 ? text.length : lt;
      if (end > this.at) {
        const content = text.slice(this.at, end);
        if (parent) parent.children.push({ type: 'text', text: decodeReferences(normaliseLineEnds(content), this.file, this.line()) });
        else if (content.trim() !== '') this.fail(root ? 'text after the root element' : 'text before the root element');
        this.at = end;
        if (lt < 0) break;
      }
      const outside = parent ? parent.children : root ? after : before;
      if (text.startsWith('<!--', this.at)) {
        this.at += 4;
        outside.push({ type: 'comment', text: normaliseLineEnds(this.until('-->', 'a comment')) });
      } else if (text.startsWith('<![CDATA[', this.at)) {
        if (!parent) this.fail('CDATA outside the root element');
        this.at += 9;
        parent.children.push({ type: 'cdata', text: normaliseLineEnds(this.until(']]>', 'a CDATA section')) });
      } else if (text.startsWith('<?', this.at)) {
        const start = this.at;
        this.at += 2;
        const target = this.name('a processing instruction target');
        if (target.toLowerCase() === 'xml') this.fail('an XML declaration may only stand at the very start', start);
        this.skipSpace();
        outside.push({ type: 'pi', target, data: normaliseLineEnds(this.until('?>', `the processing instruction <?${target}`)) });
      } else if (text.startsWith('</', this.at)) {
        const start = this.at;
        this.at += 2;
        const name = this.name('an element name after "</"');
        this.skipSpace();
        if (text[this.at] !== '>') this.fail(`the end tag </${name}> is not closed by ">"`);
        this.at += 1;
        const open = stack.pop();
        if (!open) this.fail(`the end tag </${name}> has no start tag`, start);
        if (open.name !== name) this.fail(`expected the end tag </${open.name}> (opened at line ${open.line}), found </${name}>`, start);
      } else if (text.startsWith('<!', this.at)) {
        this.fail('markup declarations are not allowed here');
      } else {
        const start = this.at;
        this.at += 1;
        if (root && !parent) this.fail(`a second root element starts here; a document has exactly one`, start);
        const element: XmlElement = { type: 'element', name: this.name('an element name after "<"'), namespace: '', attributes: [], children: [], line: this.line(start) };
        const empty = this.attributes(element);
        if (parent) parent.children.push(element);
        else root = element;
        if (!empty) {
          if (stack.length >= this.limits.maxDepth) {
            throw inputError('OVF_XML_TOO_DEEP', `elements are nested more than ${this.limits.maxDepth} levels deep; refused to bound memory and time`, { file: this.file, line: element.line });
          }
          stack.push(element);
        }
      }
    }
    const unclosed = stack.at(-1);
    if (unclosed) this.fail(`<${unclosed.name}> (line ${unclosed.line}) is never closed`, text.length);
    if (!root) this.fail('there is no root element', text.length);
    const document: XmlDocument = { before, root, after };
    if (declaration) document.declaration = declaration;
    return document;
  }
}

/** Resolves every element's and attribute's namespace; an unbound prefix is a well-formedness error. */
function resolveNamespaces(element: XmlElement, scope: ReadonlyMap<string, string>, file: string): void {
  let local = scope;
  for (const attribute of element.attributes) {
    if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) {
      if (local === scope) local = new Map(scope);
      (local as Map<string, string>).set(attribute.name === 'xmlns' ? '' : attribute.name.slice(6), attribute.value);
    }
  }
  const lookup = (prefix: string, what: string): string => {
    const uri = local.get(prefix);
    if (uri === undefined || (prefix !== '' && uri === '')) throw malformed(file, element.line, `the namespace prefix "${prefix}" of ${what} is not declared`);
    return uri;
  };
  const elementPrefix = prefixOf(element.name);
  element.namespace = elementPrefix === '' ? (local.get('') ?? '') : lookup(elementPrefix, `<${element.name}>`);
  for (const attribute of element.attributes) {
    const prefix = prefixOf(attribute.name);
    if (attribute.name === 'xmlns' || prefix === 'xmlns') attribute.namespace = XMLNS_NAMESPACE;
    else if (prefix === '') attribute.namespace = '';
    else attribute.namespace = lookup(prefix, `the attribute ${attribute.name} on <${element.name}>`);
  }
  for (const child of element.children) if (child.type === 'element') resolveNamespaces(child, local, file);
}

export function parseXml(text: string, file: string, limits: XmlLimits = { maxDepth: DEFAULT_MAX_DEPTH }): XmlDocument {
  refuseDtd(text, file);
  const document = new Tokenizer(text, file, limits).parse();
  resolveNamespaces(document.root, new Map([['xml', XML_NAMESPACE]]), file);
  return document;
}
