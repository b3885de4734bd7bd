// Builds the XML tree the OVF engine writes (ovf/xml-tree.ts), so the descriptor we emit goes
// through the same serialiser and escaping as every descriptor we edit.
import { OVF_ENVELOPE_1, RASD, VBOX, VMW, VSSD, XML_NS, XSI } from '../../ovf/namespaces.ts';
import type { XmlAttribute, XmlElement, XmlNode } from '../../ovf/xml-tree.ts';

const prefixes: Record<string, string> = {
  ovf: OVF_ENVELOPE_1,
  rasd: RASD,
  vssd: VSSD,
  vmw: VMW,
  vbox: VBOX,
  xsi: XSI,
  xml: XML_NS,
};

function namespaceOf(qualified: string): string {
  const colon = qualified.indexOf(':');
  if (colon < 0) return OVF_ENVELOPE_1;
  return prefixes[qualified.slice(0, colon)] ?? '';
}

export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;
export type Child = XmlElement | string | undefined | false;

/** `el('rasd:ResourceType', {}, '3')`: undefined attributes and children are left out. */
export function el(name: string, attributes: Attributes = {}, ...children: (Child | readonly Child[])[]): XmlElement {
  const attrs: XmlAttribute[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    attrs.push({ name: key, value: String(value), namespace: key.startsWith('xmlns') ? '' : key.includes(':') ? namespaceOf(key) : '' });
  }
  const nodes: XmlNode[] = [];
  for (const child of children.flat()) {
    if (child === undefined || child === false) continue;
    nodes.push(typeof child === 'string' ? { type: 'text', text: child } : child);
  }
  return { type: 'element', name, namespace: namespaceOf(name), attributes: attrs, children: nodes, line: 0 };
}

/** Indents a tree for people reading the descriptor; text-only elements stay on one line. */
export function indent(element: XmlElement, depth = 0): XmlElement {
  const elements = element.children.filter((c): c is XmlElement => c.type === 'element');
  if (elements.length === 0 || elements.length !== element.children.length) return element;
  const pad = `\n${'  '.repeat(depth + 1)}`;
  const children: XmlNode[] = [];
  for (const child of elements) children.push({ type: 'text', text: pad }, indent(child, depth + 1));
  children.push({ type: 'text', text: `\n${'  '.repeat(depth)}` });
  return { ...element, children };
}

export const namespaceDeclarations = {
  xmlns: OVF_ENVELOPE_1,
  'xmlns:ovf': OVF_ENVELOPE_1,
  'xmlns:rasd': RASD,
  'xmlns:vmw': VMW,
  'xmlns:vssd': VSSD,
  'xmlns:xsi': XSI,
} as const;
