// XmlDocument -> Envelope model. Elements are recognised by namespace URI and local name, never by
// prefix; OVF 0.9's `<Section xsi:type="ovf:DiskSection_Type">` and `<Content xsi:type=...>` read
// as the 1.x sections they became. Nothing here throws for a section it does not know: it becomes
// an OtherSection. Problems met while reading (bad numbers, namespace variants) become findings.
import type { Finding } from '../../common/finding.ts';
import { inputError } from '../errors.ts';
import type * as M from './model.ts';
import { envelopeFamily, isVariantSpelling, namespaceRole, type OvfVersionFamily } from './namespaces.ts';
import { readHardware, readItem } from './read-hardware.ts';
import { readProduct } from './read-product.ts';
import { defined, Reader, type Located } from './reader.ts';
import { toBytes } from './units.ts';
import { childElements, localName, textContent, type XmlDocument, type XmlElement } from './xml-tree.ts';


export interface EnvelopeView {
  readonly envelope: M.Envelope;
  readonly findings: readonly Finding[];
  /** The element each model object was read from, for the edit API. */
  readonly elements: WeakMap<object, XmlElement>;
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

/** A section that may appear once appears again: reported; its content joins the first where that makes sense. */
function duplicate(reader: Reader, node: Located, kind: string): true {
  reader.report('OVF_SECTION_DUPLICATE', 'error', `a second ${kind} in the same place; DSP0243 allows one (${/Disk|Network/.test(kind) ? 'its entries are read together with the first' : 'only the first is used'})`, node);
  return true;
}

/** The element behind an already-read section, so a merged model object still edits the first one. */
function firstOf(reader: Reader, section: object, fallback: Located): Located {
  const element = reader.elements.get(section);
  return element ? { element, path: fallback.path } : fallback;
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
    case 'DiskSection': {
      const disks = ovfChildren('Disk').map((d) => readDisk(reader, d));
      const first = bag.diskSection;
      if (first) duplicate(reader, node, kind);
      bag.diskSection = first ? reader.keep({ ...first, disks: [...first.disks, ...disks] }, firstOf(reader, first, node)) : reader.keep({ info: reader.info(node), disks, at: reader.place(node) }, node);
      return true;
    }
    case 'NetworkSection': {
      const networks = ovfChildren('Network').map((n) =>
        reader.keep(defined({ name: reader.attr(n, 'name') ?? '', description: reader.msg(reader.ovfChild(n, 'Description')), at: reader.place(n) }), n),
      );
      const first = bag.networkSection;
      if (first) duplicate(reader, node, kind);
      bag.networkSection = first ? reader.keep({ ...first, networks: [...first.networks, ...networks] }, firstOf(reader, first, node)) : reader.keep({ info: reader.info(node), networks, at: reader.place(node) }, node);
      return true;
    }
    case 'DeploymentOptionSection': {
      if (bag.deploymentOptions) {
        duplicate(reader, node, kind);
        return true;
      }
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
    }
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
      if (bag.annotation) return duplicate(reader, node, kind);
      bag.annotation = reader.keep({ info: reader.info(node), annotation: reader.msg(reader.ovfChild(node, 'Annotation')) ?? { text: '' }, at: reader.place(node) }, node);
      return true;
    case 'OperatingSystemSection': {
      if (bag.operatingSystem) return duplicate(reader, node, kind);
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
      if (bag.install) return duplicate(reader, node, kind);
      bag.install = reader.keep(defined({ info: reader.info(node), initialBootStopDelay: reader.count(node, 'initialBootStopDelay'), at: reader.place(node) }), node);
      return true;
    case 'StartupSection':
      if (bag.startup) return duplicate(reader, node, kind);
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

function readContent(reader: Reader, node: Located, kind: 'VirtualSystem' | 'VirtualSystemCollection'): M.Content {
  const bag = emptyBag();
  const content: M.Content[] = [];
  for (const child of reader.children(node)) {
    const childKind = contentKind(reader, child.element);
    if (childKind) {
      content.push(readContent(reader, child, childKind));
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
      } else if (/\s/.test(attribute.value)) {
        reader.report('OVF_NAMESPACE_INVALID', 'warning', `${attribute.name}="${attribute.value}" is not a valid URI (it contains white space); elements in it are not recognised, and libxml2-based tools refuse the file`, node);
      }
    }
    for (const child of reader.children(node)) visit(child);
  };
  visit(root);
}

/** Sections that belong inside a VirtualSystem but stand in the Envelope: listed and reported. */
function misplacedInEnvelope(reader: Reader, bag: SectionBag, namespace: string, family: OvfVersionFamily): M.OtherSection[] {
  const sections: [string, { readonly info?: M.Msg; readonly at: M.Place } | undefined][] = [
    ...bag.products.map((s) => ['ProductSection', s] as [string, typeof s]),
    ...bag.eulas.map((s) => ['EulaSection', s] as [string, typeof s]),
    ...bag.hardware.map((s) => ['VirtualHardwareSection', s] as [string, typeof s]),
    ['AnnotationSection', bag.annotation],
    ['OperatingSystemSection', bag.operatingSystem],
    ['InstallSection', bag.install],
    ['StartupSection', bag.startup],
  ];
  const others: M.OtherSection[] = [];
  for (const [name, section] of sections) {
    if (!section) continue;
    // OVF 0.9 let the envelope carry such sections (VMware Studio put EULAs there).
    if (family !== '0.9') reader.reportAt('OVF_SECTION_MISPLACED', 'error', `${name} belongs inside a VirtualSystem or VirtualSystemCollection, not directly in the Envelope; importers will not find it here`, section.at);
    others.push(defined({ name, namespace, required: true, info: section.info, at: section.at }));
  }
  return others;
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
      else content = readContent(reader, child, kind);
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
    others: [...bag.others, ...misplacedInEnvelope(reader, bag, document.root.namespace, family)],
    content,
    strings,
    at: reader.place(root),
  });
  reader.keep(envelope, root);
  return { envelope, findings: reader.findings, elements: reader.elements };
}
