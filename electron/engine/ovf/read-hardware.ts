// VirtualHardwareSection: the System (VSSD), RASD Items and the OVF 2.x StorageItem (SASD) and
// EthernetPortItem (EPASD), and vendor elements such as vmw:Config kept as extensions.
import type * as M from './model.ts';
import { namespaceRole } from './namespaces.ts';
import { defined, splitList, type Located, type Reader } from './reader.ts';
import { localName, textContent } from './xml-tree.ts';

const itemKinds: Record<string, M.ItemKind> = { Item: 'Item', StorageItem: 'StorageItem', EthernetPortItem: 'EthernetPortItem' };

export function readItem(reader: Reader, node: Located, kind: M.ItemKind): M.HardwareItem {
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

export function readHardware(reader: Reader, node: Located): M.VirtualHardwareSection {
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
