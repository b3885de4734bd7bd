// The OVF vocabulary: attributes the envelope schema (DSP8023) does not define on an element,
// OVF 2.x item forms inside a 1.x envelope, and ovf:msgid references no Strings bundle defines.
import { allContent } from '../model.ts';
import { envelopeFamily, namespaceRole } from '../namespaces.ts';
import { childElements, localName, type XmlElement } from '../xml-tree.ts';
import type { Rule } from './rule.ts';

const msgid = ['msgid'];
/** ovf: attributes per element local name (DSP8023 1.1 and 2.0); `required` is global to sections. */
const knownAttributes: Record<string, readonly string[]> = {
  Envelope: ['version'],
  File: ['id', 'href', 'size', 'compression', 'chunkSize'],
  Disk: ['diskId', 'capacity', 'capacityAllocationUnits', 'fileRef', 'format', 'populatedSize', 'parentRef'],
  Network: ['name'],
  Configuration: ['id', 'default'],
  Property: ['key', 'type', 'qualifiers', 'userConfigurable', 'value', 'password', 'configuration'],
  Value: ['value', 'configuration'],
  ProductSection: ['class', 'instance'],
  Icon: ['fileRef', 'height', 'width', 'mimeType'],
  Item: ['required', 'configuration', 'bound', 'id', 'order', 'startDelay', 'waitingForGuest', 'stopDelay', 'startAction', 'stopAction'],
  StorageItem: ['required', 'configuration', 'bound'],
  EthernetPortItem: ['required', 'configuration', 'bound'],
  VirtualSystem: ['id'],
  VirtualSystemCollection: ['id'],
  OperatingSystemSection: ['id', 'version'],
  VirtualHardwareSection: ['id', 'transport'],
  InstallSection: ['initialBootStopDelay'],
  Strings: ['fileRef'],
  Msg: msgid,
  Info: msgid,
  Name: msgid,
  Label: msgid,
  Description: msgid,
  Annotation: msgid,
  License: msgid,
  Product: msgid,
  Vendor: msgid,
  Version: msgid,
  FullVersion: msgid,
  ProductUrl: msgid,
  VendorUrl: msgid,
  AppUrl: msgid,
  Category: msgid,
};

function checkAttributes(element: XmlElement, path: string, unknown: Map<string, { path: string; line: number }>): void {
  const local = localName(element.name);
  const known = knownAttributes[local];
  if (known && namespaceRole(element.namespace) === 'ovf') {
    for (const attribute of element.attributes) {
      if (namespaceRole(attribute.namespace) !== 'ovf') continue;
      const name = localName(attribute.name);
      if (name === 'required' && /Section$/.test(local)) continue;
      if (!known.includes(name)) unknown.set(`${local}/${name}`, unknown.get(`${local}/${name}`) ?? { path, line: element.line });
    }
  }
  const children = childElements(element);
  const totals = new Map<string, number>();
  for (const child of children) totals.set(localName(child.name), (totals.get(localName(child.name)) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const child of children) {
    const name = localName(child.name);
    seen.set(name, (seen.get(name) ?? 0) + 1);
    // Paths as the model writes them: an index only where siblings share a name.
    checkAttributes(child, `${path}/${name}${(totals.get(name) ?? 0) > 1 ? `[${seen.get(name)}]` : ''}`, unknown);
  }
}

function usedMsgids(element: XmlElement, out: Map<string, number>): void {
  for (const attribute of element.attributes) {
    if (localName(attribute.name) === 'msgid' && namespaceRole(attribute.namespace) === 'ovf' && !out.has(attribute.value)) out.set(attribute.value, element.line);
  }
  for (const child of childElements(element)) usedMsgids(child, out);
}

export const vocabularyRules: Rule = (context) => {
  const { descriptor, envelope, report } = context;
  const unknown = new Map<string, { path: string; line: number }>();
  checkAttributes(descriptor.xml.root, `/${localName(descriptor.xml.root.name)}`, unknown);
  for (const [key, at] of unknown) {
    const [element, attribute] = key.split('/');
    report('OVF_ATTRIBUTE_UNKNOWN', 'warning', `ovf:${attribute} is not an attribute of ${element} in the OVF schema; importers ignore it or reject the file (first use shown)`, at);
  }
  if (envelopeFamily(envelope.namespace) === '1.x') {
    for (const content of allContent(envelope.content)) {
      for (const section of content.hardware) {
        const newer = section.items.find((item) => item.kind !== 'Item');
        if (newer) report('OVF_ITEM_NEEDS_OVF2', 'warning', `${newer.kind} is an OVF 2.x element in an OVF 1.x envelope; VMware Workstation and OVF 1.x readers reject it`, newer.at);
      }
    }
  }
  const used = new Map<string, number>();
  usedMsgids(descriptor.xml.root, used);
  // An external bundle (Strings ovf:fileRef) may define anything: nothing to check against then.
  if (used.size > 0 && !envelope.strings.some((bundle) => bundle.fileRef !== undefined)) {
    const defined = new Set(envelope.strings.flatMap((bundle) => bundle.messages.map((m) => m.msgid)));
    for (const [id, line] of used) {
      if (!defined.has(id) && envelope.strings.length > 0) report('OVF_MSGID_UNDEFINED', 'warning', `ovf:msgid "${id}" is not defined in any Strings bundle; the default text is shown`, { path: `/${localName(descriptor.xml.root.name)}`, line });
    }
  }
};
