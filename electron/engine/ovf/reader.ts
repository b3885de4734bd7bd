// The reading context shared by the section readers: element children with their paths, OVF
// attributes whatever their prefix, numbers and booleans checked as they are read (problems become
// findings), and the map from each model object back to the element it came from.
import type { Finding } from '../../common/finding.ts';
import type * as M from './model.ts';
import { namespaceRole, XSI } from './namespaces.ts';
import { childElements, findAttribute, localName, textContent, type XmlElement } from './xml-tree.ts';

export interface Located {
  readonly element: XmlElement;
  readonly path: string;
}

export class Reader {
  readonly findings: Finding[] = [];
  readonly elements = new WeakMap<object, XmlElement>();

  constructor(readonly file: string) {}

  place(node: Located): M.Place {
    return { path: node.path, line: node.element.line };
  }

  keep<T extends object>(value: T, node: Located): T {
    this.elements.set(value, node.element);
    return value;
  }

  report(code: string, severity: Finding['severity'], message: string, node: Located): void {
    this.reportAt(code, severity, message, this.place(node));
  }

  reportAt(code: string, severity: Finding['severity'], message: string, at: M.Place): void {
    this.findings.push({ code, severity, message, location: { file: this.file, path: at.path, ...(at.line ? { line: at.line } : {}) } });
  }

  private readonly childCache = new WeakMap<XmlElement, Located[]>();

  /** Element children with their paths; the index appears when several siblings share a name. */
  children(node: Located): Located[] {
    const cached = this.childCache.get(node.element);
    if (cached) return cached;
    const located = this.locateChildren(node);
    this.childCache.set(node.element, located);
    return located;
  }

  private locateChildren(node: Located): Located[] {
    const elements = childElements(node.element);
    const counts = new Map<string, number>();
    for (const element of elements) counts.set(localName(element.name), (counts.get(localName(element.name)) ?? 0) + 1);
    const seen = new Map<string, number>();
    return elements.map((element) => {
      const name = localName(element.name);
      const index = (seen.get(name) ?? 0) + 1;
      seen.set(name, index);
      return { element, path: `${node.path}/${name}${(counts.get(name) ?? 0) > 1 ? `[${index}]` : ''}` };
    });
  }

  /** An OVF attribute: ovf-qualified as the schema wants, or unqualified as some tools write it. */
  attr(node: Located, local: string): string | undefined {
    for (const attribute of node.element.attributes) {
      if (localName(attribute.name) !== local) continue;
      if (attribute.namespace !== '' && (attribute.namespace === this.envelopeNamespace || namespaceRole(attribute.namespace) === 'ovf')) return attribute.value;
    }
    const bare = node.element.attributes.find((a) => a.namespace === '' && a.name === local);
    return bare?.value;
  }

  /** A non-negative integer attribute; anything else is reported and read as absent. */
  count(node: Located, local: string): number | undefined {
    const text = this.attr(node, local);
    if (text === undefined) return undefined;
    return this.countText(text, node, `ovf:${local}`);
  }

  countText(text: string, node: Located, what: string): number | undefined {
    const trimmed = text.trim();
    if (!/^\d+$/.test(trimmed)) {
      this.report('OVF_NUMBER_INVALID', 'error', `${what} is "${text}", not a non-negative integer`, node);
      return undefined;
    }
    const value = Number(trimmed);
    if (!Number.isSafeInteger(value)) {
      this.report('OVF_NUMBER_TOO_LARGE', 'error', `${what} is ${trimmed}, beyond 2^53; no real file or disk is that large`, node);
      return undefined;
    }
    return value;
  }

  flag(node: Located, local: string, fallback: boolean): boolean {
    const text = this.attr(node, local);
    if (text === undefined) return fallback;
    const trimmed = text.trim();
    if (trimmed === 'true' || trimmed === '1') return true;
    if (trimmed === 'false' || trimmed === '0') return false;
    this.report('OVF_BOOLEAN_INVALID', 'error', `ovf:${local} is "${text}", not true or false`, node);
    return fallback;
  }

  /** The envelope's namespace, which may be an unknown one the user still wants to see read. */
  envelopeNamespace = '';

  isOvf(element: XmlElement): boolean {
    return isOvfElement(element, this.envelopeNamespace);
  }

  /** The section kind of an element (`DiskSection`), or undefined when it is not an OVF section. */
  sectionKind(element: XmlElement): string | undefined {
    if (!this.isOvf(element)) return undefined;
    const local = localName(element.name);
    if (local === 'Section' || local === 'Content') {
      const type = findAttribute(element, XSI, 'type')?.value;
      return type ? localName(type).replace(/_Type$/, '') : local;
    }
    return local;
  }

  ovfChild(node: Located, local: string): Located | undefined {
    return this.children(node).find((child) => this.isOvf(child.element) && localName(child.element.name) === local);
  }

  msg(node: Located | undefined): M.Msg | undefined {
    if (!node) return undefined;
    const msgid = this.attr(node, 'msgid');
    const text = textContent(node.element).trim();
    return msgid === undefined ? { text } : { text, msgid };
  }

  info(node: Located): M.Msg {
    return this.msg(this.ovfChild(node, 'Info')) ?? { text: '' };
  }
}

/**
 * Whether an element is an OVF element: in an OVF namespace, in the envelope's own namespace (an
 * unknown one is still read so the user sees the content), or in no namespace at all, as old
 * VirtualBox 0.9 files write their children.
 */
export function isOvfElement(element: XmlElement, envelopeNamespace: string): boolean {
  return element.namespace === '' || element.namespace === envelopeNamespace || namespaceRole(element.namespace) === 'ovf';
}

export function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value)) if ((value as Record<string, unknown>)[key] === undefined) delete (value as Record<string, unknown>)[key];
  return value;
}

export function splitList(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(/[\s,]+/).filter((part) => part.length > 0);
}
