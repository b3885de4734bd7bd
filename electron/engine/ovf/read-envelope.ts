// XmlDocument -> Envelope model. Elements are recognised by namespace URI and local name, never by
// prefix; OVF 0.9's `<Section xsi:type="ovf:DiskSection_Type">` and `<Content xsi:type=...>` read
// as the 1.x sections they became. Nothing here throws for a section it does not know: it becomes
// an OtherSection. Problems met while reading (bad numbers, namespace variants) become findings.
import type { Finding } from '../../common/finding.ts';
import { inputError } from '../errors.ts';
import type * as M from './model.ts';
import { envelopeFamily, isVariantSpelling, namespaceRole, XSI } from './namespaces.ts';
import { toBytes } from './units.ts';
import { childElements, findAttribute, localName, textContent, type XmlDocument, type XmlElement } from './xml-tree.ts';

export interface EnvelopeView {
  readonly envelope: M.Envelope;
  readonly findings: readonly Finding[];
  /** The element each model object was read from, for the edit API. */
  readonly elements: WeakMap<object, XmlElement>;
}

interface Located {
  readonly element: XmlElement;
  readonly path: string;
}

class Reader {
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
    this.findings.push({ code, severity, message, location: { file: this.file, path: node.path, ...(node.element.line ? { line: node.element.line } : {}) } });
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

function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value)) if ((value as Record<string, unknown>)[key] === undefined) delete (value as Record<string, unknown>)[key];
  return value;
}

function splitList(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(/[\s,]+/).filter((part) => part.length > 0);
}

function readFile(reader: Reader, node: Located): M.OvfFile {
  return reader.keep(
    defined({
      id: reader.attr(node, 'id') ?? '',
      href: reader.attr(node, 'href') ?? '',
      size: reader.count(node, 'size'),
      compression: reader.attr(node, 'compression'),
      chunkSize: reader.count(node, 'chunkSize'),
      at: reader.place(node),
    }),
    node,
  );
}

function readDisk(reader: Reader, node: Located): M.VirtualDisk {
  const capacity = reader.attr(node, 'capacity') ?? '';
  const units = reader.attr(node, 'capacityAllocationUnits');
  const isReference = /^\$\{[^}]+\}$/.test(capacity.trim());
  if (!isReference && capacity !== '') reader.countText(capacity, node, 'ovf:capacity');
  return reader.keep(
    defined({
      diskId: reader.attr(node, 'diskId') ?? '',
      capacity,
      capacityAllocationUnits: units,
      capacityBytes: isReference ? undefined : toBytes(capacity, units),
      populatedSize: reader.count(node, 'populatedSize'),
      format: reader.attr(node, 'format'),
      fileRef: reader.attr(node, 'fileRef'),
      parentRef: reader.attr(node, 'parentRef'),
      at: reader.place(node),
    }),
    node,
  );
}

const itemKinds: Record<string, M.ItemKind> = { Item: 'Item', StorageItem: 'StorageItem', EthernetPortItem: 'EthernetPortItem' };

function readItem(reader: Reader, node: Located, kind: M.ItemKind): M.HardwareItem {
  const fields: Record<string, string[]> = {};
  for (const child of reader.children(node)) {
    const role = namespaceRole(child.element.namespace);
    if (role !== 'rasd' && role !== 'sasd' && role !== 'epasd') continue;
    (fields[localName(child.element.name)] ??= []).push(textContent(child.element).trim());
  }
  const first = (name: string): string | undefined => fields[name]?.[0];
  const typeText = first('ResourceType');
  let resourceType: number | undefined;
  if (typeText !== undefined) resourceType = reader.countText(typeText, node, 'ResourceType');
  return reader.keep(
    defined({
      kind,
      instanceId: first('InstanceID') ?? first('InstanceId'),
      resourceType,
      resourceSubType: first('ResourceSubType'),
      elementName: first('ElementName') ?? first('Caption'),
      virtualQuantity: first('VirtualQuantity'),
      allocationUnits: first('AllocationUnits'),
      parent: first('Parent'),
      address: first('Address'),
      addressOnParent: first('AddressOnParent'),
      hostResources: fields.HostResource ?? [],
      connections: fields.Connection ?? [],
      automaticAllocation: first('AutomaticAllocation'),
      required: reader.flag(node, 'required', true),
      configurations: splitList(reader.attr(node, 'configuration')),
      bound: reader.attr(node, 'bound'),
      fields,
      at: reader.place(node),
    }),
    node,
  );
}

function readSystem(reader: Reader, node: Located): M.VirtualSystemSettings {
  const value = (local: string): string | undefined => {
    const child = reader.children(node).find((c) => localName(c.element.name) === local);
    return child ? textContent(child.element).trim() : undefined;
  };
  return reader.keep(
    defined({
      elementName: value('ElementName') ?? value('Caption'),
      instanceId: value('InstanceID') ?? value('InstanceId'),
      virtualSystemIdentifier: value('VirtualSystemIdentifier'),
      virtualSystemTypes: splitList(value('VirtualSystemType')),
      at: reader.place(node),
    }),
    node,
  );
}

function readHardware(reader: Reader, node: Located): M.VirtualHardwareSection {
  const items: M.HardwareItem[] = [];
  const extensions: M.HardwareExtension[] = [];
  let system: M.VirtualSystemSettings | undefined;
  for (const child of reader.children(node)) {
    const local = localName(child.element.name);
    if (reader.isOvf(child.element)) {
      if (local === 'System') system = readSystem(reader, child);
      const kind = itemKinds[local];
      if (kind) items.push(readItem(reader, child, kind));
    } else {
      const key = child.element.attributes.find((a) => localName(a.name) === 'key')?.value;
      const value = child.element.attributes.find((a) => localName(a.name) === 'value')?.value;
      extensions.push(defined({ name: child.element.name, namespace: child.element.namespace, key, value, at: reader.place(child) }));
    }
  }
  return reader.keep(
    defined({ info: reader.info(node), id: reader.attr(node, 'id'), transports: splitList(reader.attr(node, 'transport')), system, items, extensions, at: reader.place(node) }),
    node,
  );
}

function readProduct(reader: Reader, node: Located): M.ProductSection {
  const productClass = reader.attr(node, 'class');
  const instance = reader.attr(node, 'instance');
  const fieldValues: Partial<Record<M.ProductField, M.Msg>> = {};
  const icons: M.Icon[] = [];
  const categories: M.Msg[] = [];
  const properties: M.Property[] = [];
  let category: string | undefined;
  for (const child of reader.children(node)) {
    if (!reader.isOvf(child.element)) continue;
    const local = localName(child.element.name);
    if ((['Product', 'Vendor', 'Version', 'FullVersion', 'ProductUrl', 'VendorUrl', 'AppUrl'] as const).includes(local as M.ProductField)) {
      fieldValues[local as M.ProductField] = reader.msg(child);
    } else if (local === 'Icon') {
      icons.push(
        reader.keep(
          defined({ fileRef: reader.attr(child, 'fileRef') ?? '', height: reader.count(child, 'height'), width: reader.count(child, 'width'), mimeType: reader.attr(child, 'mimeType'), at: reader.place(child) }),
          child,
        ),
      );
    } else if (local === 'Category') {
      const heading = reader.msg(child) ?? { text: '' };
      categories.push(heading);
      category = heading.text;
    } else if (local === 'Property') {
      properties.push(readProperty(reader, child, productClass, instance, category));
    }
  }
  return reader.keep(
    defined({
      info: reader.info(node),
      class: productClass,
      instance,
      product: fieldValues.Product,
      vendor: fieldValues.Vendor,
      version: fieldValues.Version,
      fullVersion: fieldValues.FullVersion,
      productUrl: fieldValues.ProductUrl,
      vendorUrl: fieldValues.VendorUrl,
      appUrl: fieldValues.AppUrl,
      icons,
      categories,
      properties,
      at: reader.place(node),
    }),
    node,
  );
}

function readProperty(reader: Reader, node: Located, productClass: string | undefined, instance: string | undefined, category: string | undefined): M.Property {
  const key = reader.attr(node, 'key') ?? '';
  const values: M.PropertyValue[] = [];
  for (const child of reader.children(node)) {
    if (reader.isOvf(child.element) && localName(child.element.name) === 'Value') {
      values.push(reader.keep(defined({ value: reader.attr(child, 'value') ?? '', configuration: reader.attr(child, 'configuration'), at: reader.place(child) }), child));
    }
  }
  return reader.keep(
    defined({
      key,
      fullKey: [productClass, key, instance].filter((part) => part !== undefined && part !== '').join('.'),
      type: reader.attr(node, 'type') ?? '',
      qualifiers: reader.attr(node, 'qualifiers'),
      userConfigurable: reader.flag(node, 'userConfigurable', false),
      password: reader.flag(node, 'password', false),
      value: reader.attr(node, 'value'),
      label: reader.msg(reader.ovfChild(node, 'Label')),
      description: reader.msg(reader.ovfChild(node, 'Description')),
      category,
      values,
      at: reader.place(node),
    }),
    node,
  );
}

function readStartup(reader: Reader, node: Located): M.StartupSection {
  const items = reader
    .children(node)
    .filter((child) => reader.isOvf(child.element) && localName(child.element.name) === 'Item')
    .map((child) =>
      reader.keep(
        defined({
          id: reader.attr(child, 'id') ?? '',
          order: reader.count(child, 'order'),
          startDelay: reader.count(child, 'startDelay'),
          waitingForGuest: reader.attr(child, 'waitingForGuest') === undefined ? undefined : reader.flag(child, 'waitingForGuest', false),
          stopDelay: reader.count(child, 'stopDelay'),
          startAction: reader.attr(child, 'startAction'),
          stopAction: reader.attr(child, 'stopAction'),
          at: reader.place(child),
        }),
        child,
      ),
    );
  return reader.keep({ info: reader.info(node), items, at: reader.place(node) }, node);
}

interface SectionBag {
  products: M.ProductSection[];
  eulas: M.EulaSection[];
  annotation?: M.AnnotationSection;
  operatingSystem?: M.OperatingSystemSection;
  hardware: M.VirtualHardwareSection[];
  install?: M.InstallSection;
  startup?: M.StartupSection;
  resourceAllocation?: M.HardwareItem[];
  others: M.OtherSection[];
  diskSection?: M.DiskSection;
  networkSection?: M.NetworkSection;
  deploymentOptions?: M.DeploymentOptionSection;
}

function other(reader: Reader, node: Located, kind: string): M.OtherSection {
  const info = reader.msg(reader.ovfChild(node, 'Info'));
  const name = localName(node.element.name) === 'Section' ? kind : node.element.name;
  return reader.keep(defined({ name, namespace: node.element.namespace, required: reader.flag(node, 'required', true), info, at: reader.place(node) }), node);
}

/** Reads one section into the bag; returns false when the element is not a section at all. */
function readSection(reader: Reader, node: Located, bag: SectionBag): boolean {
  const kind = reader.sectionKind(node.element);
  if (kind === undefined) {
    // Vendor elements at section level (vmw:BootOrderSection, vcloud:...) are sections too.
    if (!reader.isOvf(node.element) && /Section$/.test(localName(node.element.name))) {
      bag.others.push(other(reader, node, localName(node.element.name)));
      return true;
    }
    return false;
  }
  const ovfChildren = (local: string) => reader.children(node).filter((c) => reader.isOvf(c.element) && localName(c.element.name) === local);
  switch (kind) {
    case 'DiskSection':
      bag.diskSection = reader.keep({ info: reader.info(node), disks: ovfChildren('Disk').map((d) => readDisk(reader, d)), at: reader.place(node) }, node);
      return true;
    case 'NetworkSection':
      bag.networkSection = reader.keep(
        {
          info: reader.info(node),
          networks: ovfChildren('Network').map((n) =>
            reader.keep(defined({ name: reader.attr(n, 'name') ?? '', description: reader.msg(reader.ovfChild(n, 'Description')), at: reader.place(n) }), n),
          ),
          at: reader.place(node),
        },
        node,
      );
      return true;
    case 'DeploymentOptionSection':
      bag.deploymentOptions = reader.keep(
        {
          info: reader.info(node),
          configurations: ovfChildren('Configuration').map((c) =>
            reader.keep(
              defined({
                id: reader.attr(c, 'id') ?? '',
                isDefault: reader.flag(c, 'default', false),
                label: reader.msg(reader.ovfChild(c, 'Label')),
                description: reader.msg(reader.ovfChild(c, 'Description')),
                at: reader.place(c),
              }),
              c,
            ),
          ),
          at: reader.place(node),
        },
        node,
      );
      return true;
    case 'VirtualHardwareSection':
      bag.hardware.push(readHardware(reader, node));
      return true;
    case 'ProductSection':
      bag.products.push(readProduct(reader, node));
      return true;
    case 'EulaSection':
      bag.eulas.push(reader.keep({ info: reader.info(node), license: reader.msg(reader.ovfChild(node, 'License')) ?? { text: '' }, at: reader.place(node) }, node));
      return true;
    case 'AnnotationSection':
      bag.annotation = reader.keep({ info: reader.info(node), annotation: reader.msg(reader.ovfChild(node, 'Annotation')) ?? { text: '' }, at: reader.place(node) }, node);
      return true;
    case 'OperatingSystemSection': {
      const osType = node.element.attributes.find((a) => localName(a.name) === 'osType' && namespaceRole(a.namespace) === 'vmw')?.value;
      bag.operatingSystem = reader.keep(
        defined({
          info: reader.info(node),
          id: reader.count(node, 'id'),
          version: reader.attr(node, 'version'),
          osType,
          description: reader.msg(reader.ovfChild(node, 'Description')),
          at: reader.place(node),
        }),
        node,
      );
      return true;
    }
    case 'InstallSection':
      bag.install = reader.keep(defined({ info: reader.info(node), initialBootStopDelay: reader.count(node, 'initialBootStopDelay'), at: reader.place(node) }), node);
      return true;
    case 'StartupSection':
      bag.startup = readStartup(reader, node);
      return true;
    case 'ResourceAllocationSection':
      bag.resourceAllocation = ovfChildren('Item').map((i) => readItem(reader, i, 'Item'));
      bag.others.push(other(reader, node, kind));
      return true;
    case 'VirtualSystem':
    case 'VirtualSystemCollection':
    case 'References':
    case 'Strings':
    case 'Info':
    case 'Name':
      return false;
    default:
      if (!/Section$/.test(kind)) return false;
      bag.others.push(other(reader, node, kind));
      return true;
  }
}

function emptyBag(): SectionBag {
  return { products: [], eulas: [], hardware: [], others: [] };
}

function contentSections(bag: SectionBag): M.ContentSections {
  return defined({
    products: bag.products,
    eulas: bag.eulas,
    annotation: bag.annotation,
    operatingSystem: bag.operatingSystem,
    hardware: bag.hardware,
    install: bag.install,
    startup: bag.startup,
    resourceAllocation: bag.resourceAllocation,
    // Disk/network/deployment sections belong at envelope level; inside content they stay listed.
    others: [...bag.others],
  });
}

function readContent(reader: Reader, node: Located, kind: 'VirtualSystem' | 'VirtualSystemCollection', depth: number): M.Content {
  const bag = emptyBag();
  const content: M.Content[] = [];
  for (const child of reader.children(node)) {
    const childKind = contentKind(reader, child.element);
    if (childKind) {
      content.push(readContent(reader, child, childKind, depth + 1));
      continue;
    }
    if (readSection(reader, child, bag) && (bag.diskSection || bag.networkSection || bag.deploymentOptions)) {
      // A section that belongs at envelope level: keep it visible as an other section.
      const misplaced = bag.diskSection ?? bag.networkSection ?? bag.deploymentOptions;
      if (misplaced) {
        bag.others.push({ name: child.element.name, namespace: child.element.namespace, required: true, info: misplaced.info, at: misplaced.at });
        reader.report('OVF_SECTION_MISPLACED', 'error', `${reader.sectionKind(child.element) ?? localName(child.element.name)} belongs directly in the Envelope, not inside a ${kind}; importers will not find it here`, child);
      }
      delete bag.diskSection;
      delete bag.networkSection;
      delete bag.deploymentOptions;
    }
  }
  const common = {
    id: reader.attr(node, 'id') ?? '',
    info: reader.msg(reader.ovfChild(node, 'Info')),
    name: reader.msg(reader.ovfChild(node, 'Name')),
    ...contentSections(bag),
    at: reader.place(node),
  };
  if (kind === 'VirtualSystem') {
    if (content.length > 0) reader.report('OVF_CONTENT_NESTED_IN_SYSTEM', 'error', 'a VirtualSystem contains another VirtualSystem; only a VirtualSystemCollection may hold systems', node);
    return reader.keep(defined({ kind, ...common }), node);
  }
  return reader.keep(defined({ kind, ...common, content }), node);
}

function contentKind(reader: Reader, element: XmlElement): 'VirtualSystem' | 'VirtualSystemCollection' | undefined {
  const kind = reader.sectionKind(element);
  return kind === 'VirtualSystem' || kind === 'VirtualSystemCollection' ? kind : undefined;
}

function readStrings(reader: Reader, node: Located): M.StringsBundle {
  const lang = node.element.attributes.find((a) => a.name === 'xml:lang')?.value;
  const messages = reader
    .children(node)
    .filter((child) => localName(child.element.name) === 'Msg')
    .map((child) => ({ msgid: reader.attr(child, 'msgid') ?? '', text: textContent(child.element) }));
  return reader.keep(defined({ lang, fileRef: reader.attr(node, 'fileRef'), messages, at: reader.place(node) }), node);
}

function reportNamespaceVariants(reader: Reader, root: Located): void {
  const seen = new Set<string>();
  const visit = (node: Located): void => {
    for (const attribute of node.element.attributes) {
      if (!(attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) || seen.has(attribute.value)) continue;
      seen.add(attribute.value);
      if (isVariantSpelling(attribute.value)) {
        reader.report(
          'OVF_NAMESPACE_VARIANT',
          'info',
          `the namespace "${attribute.value}" is a variant spelling (trailing slash or .xsd suffix) of a standard OVF/CIM namespace; read as the standard one (strict schema validators reject it)`,
          node,
        );
      }
    }
    for (const child of reader.children(node)) visit(child);
  };
  visit(root);
}

export function readEnvelope(document: XmlDocument, file: string): EnvelopeView {
  const reader = new Reader(file);
  const rootName = localName(document.root.name);
  const root: Located = { element: document.root, path: `/${rootName}` };
  if (rootName !== 'Envelope') {
    throw inputError('OVF_NOT_ENVELOPE', `the root element is <${document.root.name}>, not an OVF <Envelope>: this is not an OVF descriptor`, { file, line: document.root.line, path: root.path });
  }
  let family = envelopeFamily(document.root.namespace);
  if (family === undefined) {
    reader.report(
      'OVF_NAMESPACE_UNKNOWN',
      'error',
      document.root.namespace === ''
        ? 'the Envelope is in no namespace; OVF needs http://schemas.dmtf.org/ovf/envelope/1 (or /2)'
        : `the Envelope namespace "${document.root.namespace}" is not an OVF namespace (expected http://schemas.dmtf.org/ovf/envelope/1 or /2)`,
      root,
    );
    family = '1.x';
  }
  reportNamespaceVariants(reader, root);
  reader.envelopeNamespace = document.root.namespace;
  const bare = childElements(document.root).find((child) => child.namespace === '');
  if (bare && document.root.namespace !== '') {
    reader.report('OVF_ELEMENT_NO_NAMESPACE', 'warning', `<${bare.name}> and its siblings are in no namespace (no default xmlns); read as OVF elements, but strict readers will not find them`, { element: bare, path: `${root.path}/${bare.name}` });
  }
  const bag = emptyBag();
  const references: M.OvfFile[] = [];
  const strings: M.StringsBundle[] = [];
  let content: M.Content | undefined;
  for (const child of reader.children(root)) {
    const local = localName(child.element.name);
    if (reader.isOvf(child.element) && local === 'References') {
      for (const fileNode of reader.children(child)) if (reader.isOvf(fileNode.element) && localName(fileNode.element.name) === 'File') references.push(readFile(reader, fileNode));
      continue;
    }
    if (reader.isOvf(child.element) && local === 'Strings') {
      strings.push(readStrings(reader, child));
      continue;
    }
    const kind = contentKind(reader, child.element);
    if (kind) {
      if (content) reader.report('OVF_CONTENT_MULTIPLE', 'error', 'the Envelope holds more than one VirtualSystem/VirtualSystemCollection; only the first is used', child);
      else content = readContent(reader, child, kind, 1);
      continue;
    }
    readSection(reader, child, bag);
  }
  const envelope: M.Envelope = defined({
    family,
    namespace: document.root.namespace,
    version: reader.attr(root, 'version'),
    lang: document.root.attributes.find((a) => a.name === 'xml:lang')?.value,
    references,
    diskSection: bag.diskSection,
    networkSection: bag.networkSection,
    deploymentOptions: bag.deploymentOptions,
    others: [...bag.others, ...bag.products.map((p) => ({ name: 'ProductSection', namespace: document.root.namespace, required: true, info: p.info, at: p.at }))],
    content,
    strings,
    at: reader.place(root),
  });
  reader.keep(envelope, root);
  return { envelope, findings: reader.findings, elements: reader.elements };
}
