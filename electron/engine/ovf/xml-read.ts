// Text -> XmlDocument. fast-xml-parser (order-preserving) does the tokenising; around it we refuse
// DTDs before anything is expanded (XXE, billion laughs), check well-formedness, bound the depth,
// decode references ourselves (only the five XML entities and character references exist without a
// DTD) and resolve namespaces, so every element and attribute knows its URI and source line.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { inputError } from '../errors.ts';
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode } from './xml-tree.ts';
import { prefixOf } from './xml-tree.ts';

export interface XmlLimits {
  /** Deepest element nesting accepted; real descriptors stay under 20. */
  readonly maxDepth: number;
}

export const DEFAULT_MAX_DEPTH = 128;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

const METADATA = XMLParser.getMetaDataSymbol() as unknown as symbol;

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function malformed(file: string, line: number | undefined, reason: string) {
  return inputError('OVF_XML_MALFORMED', `not well-formed XML: ${reason}`, line === undefined ? { file } : { file, line });
}

/** Start offset of every line, for offset -> line lookups (CR, LF and CRLF all end a line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
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

function newParser(limits: XmlLimits): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    commentPropName: '#comment',
    cdataPropName: '#cdata',
    captureMetaData: true,
    maxNestedTags: limits.maxDepth,
  });
}

interface Context {
  readonly file: string;
  readonly text: string;
  readonly starts: number[];
}

function startOf(node: OrderedNode): number | undefined {
  return ((node as Record<symbol, unknown>)[METADATA] as { startIndex?: number } | undefined)?.startIndex;
}

function convert(nodes: readonly OrderedNode[], context: Context, parentLine: number): XmlNode[] {
  const out: XmlNode[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name === undefined) continue;
    const start = startOf(node);
    const line = start === undefined ? parentLine : lineAt(context.starts, start);
    const body = node[name] as OrderedNode[] | string;
    if (name === '#text') {
      out.push({ type: 'text', text: decodeReferences(String(body), context.file, line) });
    } else if (name === '#comment' || name === '#cdata') {
      const inner = Array.isArray(body) ? body.map((part) => String(part['#text'] ?? '')).join('') : '';
      out.push({ type: name === '#comment' ? 'comment' : 'cdata', text: inner });
    } else if (name.startsWith('?')) {
      // The parser keeps only a PI's pseudo-attributes; take its data from the source instead.
      const target = name.slice(1);
      let data = '';
      if (start !== undefined) {
        const end = context.text.indexOf('?>', start);
        data = context.text.slice(start + 2 + target.length, end).replace(/^\s+/, '');
      }
      out.push({ type: 'pi', target, data });
    } else {
      const attributes: XmlAttribute[] = Object.entries(node[':@'] ?? {}).map(([attributeName, value]) => ({
        name: attributeName,
        // Literal tabs and line breaks in an attribute value read as spaces (XML 1.0 section 3.3.3).
        value: decodeReferences(String(value).replace(/[\t\n\r]/g, ' '), context.file, line),
        namespace: '',
      }));
      out.push({ type: 'element', name, namespace: '', attributes, children: convert(Array.isArray(body) ? body : [], context, line), line });
    }
  }
  return out;
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
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (verdict !== true) throw malformed(file, verdict.err.line, verdict.err.msg.replace(/\.$/, ''));
  let ordered: OrderedNode[];
  try {
    ordered = newParser(limits).parse(text) as OrderedNode[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/nested/i.test(message)) {
      throw inputError('OVF_XML_TOO_DEEP', `elements are nested more than ${limits.maxDepth} levels deep; refused to bound memory and time`, { file });
    }
    throw malformed(file, undefined, message);
  }
  const context: Context = { file, text, starts: lineStarts(text) };
  const nodes = convert(ordered, context, 1);
  let declaration: XmlDocument['declaration'];
  const first = ordered[0];
  if (first && '?xml' in first) {
    const pseudo = first[':@'] ?? {};
    declaration = { version: pseudo.version ?? '1.0', ...(pseudo.standalone ? { standalone: pseudo.standalone } : {}) };
    nodes.shift();
  }
  const rootIndex = nodes.findIndex((node) => node.type === 'element');
  const root = nodes[rootIndex];
  if (root?.type !== 'element') throw malformed(file, undefined, 'there is no root element');
  resolveNamespaces(root, new Map([['xml', XML_NAMESPACE]]), file);
  const document: XmlDocument = { before: nodes.slice(0, rootIndex), root, after: nodes.slice(rootIndex + 1) };
  if (declaration) document.declaration = declaration;
  return document;
}
