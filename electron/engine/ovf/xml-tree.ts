// The generic XML tree every descriptor is held in. The typed OVF model (model.ts) is a view over
// it, and edits change it in place, so whatever the model does not know (vendor extensions,
// comments, odd whitespace) is written back exactly as it was read.

export interface XmlAttribute {
  /** The qualified name as written, e.g. `ovf:id` or `xmlns:rasd`. */
  name: string;
  /** The value after entity and whitespace normalisation (XML 1.0 section 3.3.3). */
  value: string;
  /** The resolved namespace URI; '' for an unprefixed attribute. */
  namespace: string;
}

export interface XmlElement {
  readonly type: 'element';
  /** The qualified name as written, e.g. `rasd:InstanceID`. */
  name: string;
  /** The resolved namespace URI ('' when the element is in no namespace). */
  namespace: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** 1-based line of the start tag in the source; 0 for elements created by an edit. */
  line: number;
}

export interface XmlText {
  readonly type: 'text' | 'cdata' | 'comment';
  text: string;
}

export interface XmlProcessingInstruction {
  readonly type: 'pi';
  target: string;
  data: string;
}

export type XmlNode = XmlElement | XmlText | XmlProcessingInstruction;

export interface XmlDocument {
  /** The XML declaration's version and standalone values; the encoding is always UTF-8 on output. */
  declaration?: { version: string; standalone?: string };
  /** Comments, processing instructions and whitespace before the root element. */
  before: XmlNode[];
  root: XmlElement;
  after: XmlNode[];
}

export function localName(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(':');
  return colon < 0 ? qualifiedName : qualifiedName.slice(colon + 1);
}

export function prefixOf(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(':');
  return colon < 0 ? '' : qualifiedName.slice(0, colon);
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => child.type === 'element');
}

/** The character data of an element: its text and CDATA children joined, comments skipped. */
export function textContent(element: XmlElement): string {
  let text = '';
  for (const child of element.children) {
    if (child.type === 'text' || child.type === 'cdata') text += child.text;
    else if (child.type === 'element') text += textContent(child);
  }
  return text;
}

export function findAttribute(element: XmlElement, namespace: string, local: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.namespace === namespace && localName(a.name) === local);
}

/** Replaces an element's content by one text node, keeping the element itself. */
export function setTextContent(element: XmlElement, text: string): void {
  element.children = text === '' ? [] : [{ type: 'text', text }];
}

/**
 * The prefix bound to `namespace` in the scope of the last of `ancestors` (outermost first): a
 * named prefix when there is one, else '' for the default namespace (never for attributes, which
 * the default namespace does not reach). Undefined when the namespace is not declared in scope.
 */
export function prefixInScope(ancestors: readonly XmlElement[], namespace: string, forAttribute = false): string | undefined {
  const declared = new Map<string, string>();
  for (const ancestor of ancestors) {
    for (const attribute of ancestor.attributes) {
      if (attribute.name === 'xmlns') declared.set('', attribute.value);
      else if (attribute.name.startsWith('xmlns:')) declared.set(attribute.name.slice(6), attribute.value);
    }
  }
  let found: string | undefined;
  for (const [prefix, uri] of declared) {
    if (uri !== namespace) continue;
    if (prefix !== '') return prefix;
    if (!forAttribute) found = prefix;
  }
  return found;
}
