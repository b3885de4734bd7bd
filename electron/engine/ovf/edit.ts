// Model-level edits that change only what they touch: the element or attribute edited (and the
// whitespace that indents a new element like its siblings). Everything else, including vendor
// extensions and comments, keeps its bytes. Each edit re-derives the model afterwards.
import { EngineError } from '../errors.ts';
import type { OvfDescriptor } from './descriptor.ts';
import { allContent, productFields, type Content, type HardwareItem, type ProductField, type ProductSection, type Property, type VirtualHardwareSection } from './model.ts';
import { namespaceRole, RASD } from './namespaces.ts';
import { isOvfElement } from './reader.ts';
import { childElements, localName, prefixInScope, prefixOf, setTextContent, type XmlElement, type XmlNode } from './xml-tree.ts';

/** Which system an edit addresses; the first VirtualSystem (or the collection) when omitted. */
export interface ContentSelector {
  readonly systemId?: string;
}

function editError(code: string, message: string): EngineError {
  return new EngineError(code, 'usage', message);
}

function findContent(descriptor: OvfDescriptor, selector: ContentSelector): Content {
  const contents = allContent(descriptor.envelope.content);
  // Systems before collections: some real files give a collection and its system the same id.
  const ordered = [...contents.filter((c) => c.kind === 'VirtualSystem'), ...contents.filter((c) => c.kind !== 'VirtualSystem')];
  const found = selector.systemId === undefined ? ordered[0] : ordered.find((c) => c.id === selector.systemId);
  if (!found) throw editError('OVF_EDIT_NO_SYSTEM', selector.systemId === undefined ? 'the descriptor has no VirtualSystem' : `no VirtualSystem or collection has ovf:id "${selector.systemId}"`);
  return found;
}

function elementOf(descriptor: OvfDescriptor, modelObject: object): XmlElement {
  const element = descriptor.elementOf(modelObject);
  if (!element) throw new Error('model object does not belong to this descriptor');
  return element;
}

/** The chain of elements from the root down to `target`, both included. */
function ancestry(root: XmlElement, target: XmlElement): XmlElement[] {
  if (root === target) return [root];
  for (const child of childElements(root)) {
    const chain = ancestry(child, target);
    if (chain.length > 0) return [root, ...chain];
  }
  return [];
}

/** The qualified name for an attribute in the envelope's OVF namespace, declaring a prefix if needed. */
function ovfAttributeName(descriptor: OvfDescriptor, host: XmlElement, local: string): string {
  const chain = ancestry(descriptor.xml.root, host);
  const namespace = descriptor.envelope.namespace;
  const prefix = prefixInScope(chain, namespace, true);
  if (prefix) return `${prefix}:${local}`;
  // OVF attributes must be qualified (attributeFormDefault="qualified"): bind `ovf` where needed.
  if (!host.attributes.some((a) => a.name === 'xmlns:ovf')) host.attributes.push({ name: 'xmlns:ovf', value: namespace, namespace: 'http://www.w3.org/2000/xmlns/' });
  return `ovf:${local}`;
}

function setOvfAttribute(descriptor: OvfDescriptor, host: XmlElement, local: string, value: string): void {
  const existing = host.attributes.find((a) => localName(a.name) === local && (a.namespace === descriptor.envelope.namespace || namespaceRole(a.namespace) === 'ovf' || (a.namespace === '' && a.name === local)));
  if (existing) existing.value = value;
  else host.attributes.push({ name: ovfAttributeName(descriptor, host, local), value, namespace: descriptor.envelope.namespace });
}

/** The whitespace that precedes `element` inside `parent` (its indentation), or a newline. */
function indentBefore(parent: XmlElement, element: XmlElement): string {
  const index = parent.children.indexOf(element);
  const previous = parent.children[index - 1];
  // Only the last line's indentation: blank lines and trailing spaces before it are not copied.
  return previous?.type === 'text' && previous.text.trim() === '' ? `\n${previous.text.slice(previous.text.lastIndexOf('\n') + 1)}` : '\n';
}

/** Inserts `element` into `parent` at child index `at`, indented like `model` (a sibling). */
function insertIndented(parent: XmlElement, at: number, element: XmlElement, indent: string): void {
  parent.children.splice(at, 0, { type: 'text', text: indent }, element);
}

/** The index where `element` and the whitespace indenting it begin. */
function startOfIndented(parent: XmlElement, element: XmlElement): number {
  const index = parent.children.indexOf(element);
  const previous = parent.children[index - 1];
  return previous?.type === 'text' && previous.text.trim() === '' ? index - 1 : index;
}

function removeIndented(parent: XmlElement, element: XmlElement): void {
  const start = startOfIndented(parent, element);
  parent.children.splice(start, parent.children.indexOf(element) - start + 1);
}

function newElement(name: string, namespace: string, children: XmlNode[] = []): XmlElement {
  return { type: 'element', name, namespace, attributes: [], children, line: 0 };
}

function sameQualifiedPrefix(sibling: XmlElement, local: string): string {
  const prefix = prefixOf(sibling.name);
  return prefix ? `${prefix}:${local}` : local;
}

function findProperty(descriptor: OvfDescriptor, key: string, selector: ContentSelector): Property {
  const contents = selector.systemId === undefined ? allContent(descriptor.envelope.content) : [findContent(descriptor, selector)];
  for (const content of contents) {
    for (const product of content.products) {
      const property = product.properties.find((p) => p.fullKey === key) ?? product.properties.find((p) => p.key === key);
      if (property) return property;
    }
  }
  throw editError('OVF_EDIT_NO_PROPERTY', `no ProductSection declares a property "${key}"`);
}

/**
 * Sets a property's default value (ovf:value), or with `configuration` the Value child for that
 * deployment option (created when absent).
 */
export function setPropertyValue(descriptor: OvfDescriptor, key: string, value: string, options: ContentSelector & { readonly configuration?: string } = {}): void {
  const property = findProperty(descriptor, key, options);
  const element = elementOf(descriptor, property);
  if (options.configuration === undefined) {
    setOvfAttribute(descriptor, element, 'value', value);
  } else {
    const existing = property.values.find((v) => v.configuration === options.configuration);
    if (existing) {
      setOvfAttribute(descriptor, elementOf(descriptor, existing), 'value', value);
    } else {
      const valueElement = newElement(sameQualifiedPrefix(element, 'Value'), element.namespace);
      // Attached first, so the attribute prefixes resolve in its real scope.
      appendChildIndented(element, valueElement);
      setOvfAttribute(descriptor, valueElement, 'value', value);
      setOvfAttribute(descriptor, valueElement, 'configuration', options.configuration);
    }
  }
  descriptor.refresh();
}

/** Appends `child` as the last element of `parent`, indented one level deeper than `parent`. */
function appendChildIndented(parent: XmlElement, child: XmlElement, parentIndent?: string): void {
  const lastElement = childElements(parent).at(-1);
  if (lastElement) {
    insertIndented(parent, parent.children.indexOf(lastElement) + 1, child, indentBefore(parent, lastElement));
    return;
  }
  const outer = parentIndent ?? '\n';
  parent.children = [{ type: 'text', text: `${outer}  ` }, child, { type: 'text', text: outer }];
}

function firstProduct(descriptor: OvfDescriptor, selector: ContentSelector): ProductSection {
  const content = findContent(descriptor, selector);
  const product = content.products[0];
  if (!product) throw editError('OVF_EDIT_NO_PRODUCT', `"${content.id}" has no ProductSection`);
  return product;
}

/**
 * Sets (or with `undefined` removes) a ProductSection field. A new field goes where the schema
 * wants it: after Info and the fields before it, before the later ones, Icons and Properties.
 */
export function setProductField(descriptor: OvfDescriptor, field: ProductField, value: string | undefined, selector: ContentSelector = {}): void {
  const section = elementOf(descriptor, firstProduct(descriptor, selector));
  const children = childElements(section);
  const isOvf = (element: XmlElement) => isOvfElement(element, descriptor.envelope.namespace);
  const existing = children.find((c) => isOvf(c) && localName(c.name) === field);
  if (value === undefined) {
    if (existing) removeIndented(section, existing);
  } else if (existing) {
    setTextContent(existing, value);
  } else {
    const order = ['Info', ...productFields];
    const rank = order.indexOf(field);
    const before = children.filter((c) => isOvf(c) && order.indexOf(localName(c.name)) >= 0 && order.indexOf(localName(c.name)) < rank).at(-1);
    const model = before ?? children[0];
    const element = newElement(sameQualifiedPrefix(model ?? section, field), section.namespace, [{ type: 'text', text: value }]);
    if (before) insertIndented(section, section.children.indexOf(before) + 1, element, indentBefore(section, before));
    else if (model) insertIndented(section, startOfIndented(section, model), element, indentBefore(section, model));
    else appendChildIndented(section, element);
  }
  descriptor.refresh();
}

export interface NewHardwareItem {
  readonly resourceType: number;
  readonly elementName: string;
  /** Defaults to one more than the largest numeric InstanceID in the section. */
  readonly instanceId?: string;
  /** Further RASD properties by local name (`Parent`, `AddressOnParent`, `HostResource` ...). */
  readonly fields?: Readonly<Record<string, string | readonly string[]>>;
  readonly required?: boolean;
  readonly configuration?: string;
}

function findHardware(descriptor: OvfDescriptor, selector: ContentSelector & { readonly sectionIndex?: number }): VirtualHardwareSection {
  const content = findContent(descriptor, selector);
  const section = content.hardware[selector.sectionIndex ?? 0];
  if (!section) throw editError('OVF_EDIT_NO_HARDWARE', `"${content.id}" has no VirtualHardwareSection${selector.sectionIndex ? ` number ${selector.sectionIndex + 1}` : ''}`);
  return section;
}

/**
 * Adds a RASD Item after the last item of a VirtualHardwareSection, its properties in the
 * alphabetical order the CIM schema requires. Returns the new item's InstanceID.
 */
export function addHardwareItem(descriptor: OvfDescriptor, item: NewHardwareItem, selector: ContentSelector & { readonly sectionIndex?: number } = {}): string {
  const hardware = findHardware(descriptor, selector);
  const section = elementOf(descriptor, hardware);
  const numericIds = hardware.items.map((i) => Number(i.instanceId)).filter((n) => Number.isSafeInteger(n));
  const instanceId = item.instanceId ?? String(Math.max(0, ...numericIds) + 1);
  if (hardware.items.some((i) => i.instanceId === instanceId)) throw editError('OVF_EDIT_INSTANCEID_TAKEN', `InstanceID ${instanceId} is already used in this VirtualHardwareSection`);
  const lastItem = [...hardware.items].reverse().map((i) => elementOf(descriptor, i))[0];
  const anchor = lastItem ?? childElements(section).find((c) => localName(c.name) === 'System') ?? childElements(section)[0];
  const indent = anchor ? indentBefore(section, anchor) : '\n';
  const itemElement = newElement(sameQualifiedPrefix(lastItem ?? section, 'Item'), section.namespace);
  const chain = ancestry(descriptor.xml.root, section);
  let rasdPrefix = prefixInScope(chain, RASD);
  if (rasdPrefix === undefined) {
    rasdPrefix = 'rasd';
    itemElement.attributes.push({ name: 'xmlns:rasd', value: RASD, namespace: 'http://www.w3.org/2000/xmlns/' });
  }
  // OVF 0.9 used the older CIM names for these two properties.
  const legacy = descriptor.envelope.family === '0.9';
  const fields: Record<string, readonly string[]> = { [legacy ? 'Caption' : 'ElementName']: [item.elementName], [legacy ? 'InstanceId' : 'InstanceID']: [instanceId], ResourceType: [String(item.resourceType)] };
  for (const [name, value] of Object.entries(item.fields ?? {})) fields[name] = typeof value === 'string' ? [value] : value;
  const inner = `${indent}  `;
  for (const name of Object.keys(fields).sort()) {
    for (const value of fields[name] ?? []) {
      itemElement.children.push({ type: 'text', text: inner }, newElement(rasdPrefix ? `${rasdPrefix}:${name}` : name, RASD, [{ type: 'text', text: value }]));
    }
  }
  itemElement.children.push({ type: 'text', text: indent });
  const at = anchor ? section.children.indexOf(anchor) + 1 : section.children.length;
  insertIndented(section, at, itemElement, indent);
  if (item.required === false) setOvfAttribute(descriptor, itemElement, 'required', 'false');
  if (item.configuration !== undefined) setOvfAttribute(descriptor, itemElement, 'configuration', item.configuration);
  descriptor.refresh();
  return instanceId;
}

/** Removes the item with `instanceId` (every bound/configuration variant of it). */
export function removeHardwareItem(descriptor: OvfDescriptor, instanceId: string, selector: ContentSelector & { readonly sectionIndex?: number } = {}): void {
  const hardware = findHardware(descriptor, selector);
  const doomed: HardwareItem[] = hardware.items.filter((i) => i.instanceId === instanceId);
  if (doomed.length === 0) throw editError('OVF_EDIT_NO_ITEM', `no item has InstanceID ${instanceId} in this VirtualHardwareSection`);
  const section = elementOf(descriptor, hardware);
  for (const item of doomed) removeIndented(section, elementOf(descriptor, item));
  descriptor.refresh();
}
