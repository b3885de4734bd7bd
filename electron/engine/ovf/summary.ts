// A plain summary of an envelope for people: what `appliance inspect` prints and the renderer
// shows. Numbers are resolved (bytes, counts); nothing here points back into the XML tree.
import { allContent, virtualSystems, type Envelope, type HardwareItem, type VirtualSystem } from './model.ts';
import { parseHostResource } from './rules/references.ts';
import { toBytes } from './units.ts';

/** CIM ResourceType names (CIM_ResourceAllocationSettingData, as govmomi's cim.go lists them). */
const resourceTypeNames: Record<number, string> = {
  1: 'Other', 2: 'Computer System', 3: 'Processor', 4: 'Memory', 5: 'IDE Controller', 6: 'SCSI Controller',
  7: 'FC HBA', 8: 'iSCSI HBA', 9: 'IB HCA', 10: 'Ethernet Adapter', 11: 'Other Network Adapter', 12: 'I/O Slot',
  13: 'I/O Device', 14: 'Floppy Drive', 15: 'CD Drive', 16: 'DVD Drive', 17: 'Disk Drive', 18: 'Tape Drive',
  19: 'Storage Extent', 20: 'Other Storage Controller', 21: 'Serial Port', 22: 'Parallel Port', 23: 'USB Controller',
  24: 'Graphics Controller', 25: 'IEEE 1394', 26: 'Partitionable Unit', 27: 'Base Partitionable Unit', 28: 'Power',
  29: 'Cooling Capacity', 30: 'Ethernet Switch Port', 31: 'Logical Disk', 32: 'Storage Volume', 33: 'Ethernet Connection',
};

export function resourceTypeName(type: number | undefined): string {
  if (type === undefined) return '?';
  return resourceTypeNames[type] ?? (type >= 32768 ? `Vendor ${type}` : `Type ${type}`);
}

export interface HardwareRow {
  readonly instanceId: string;
  readonly type: string;
  readonly name: string;
  /** The most useful detail: quantity, sub-type, connection, disk ... */
  readonly detail: string;
  readonly configurations: readonly string[];
}

export interface SystemSummary {
  readonly id: string;
  readonly name?: string;
  readonly operatingSystem?: string;
  readonly hardwareFamilies: readonly string[];
  readonly cpus?: number;
  readonly memoryBytes?: number;
  readonly hardware: readonly HardwareRow[];
}

export interface EnvelopeSummary {
  readonly ovfFamily: string;
  readonly ovfVersion?: string;
  readonly content: 'VirtualSystem' | 'VirtualSystemCollection' | 'none';
  readonly product?: { readonly name?: string; readonly vendor?: string; readonly version?: string; readonly fullVersion?: string };
  readonly systems: readonly SystemSummary[];
  readonly disks: readonly { readonly id: string; readonly capacityBytes?: number; readonly capacity: string; readonly format?: string; readonly file?: string; readonly fileSize?: number }[];
  readonly files: readonly { readonly id: string; readonly href: string; readonly size?: number; readonly compression?: string }[];
  readonly networks: readonly { readonly name: string; readonly description?: string }[];
  readonly properties: readonly { readonly key: string; readonly type: string; readonly value?: string; readonly userConfigurable: boolean; readonly label?: string }[];
  readonly deploymentOptions: readonly { readonly id: string; readonly label?: string; readonly isDefault: boolean }[];
  readonly eulas: number;
}

function detailOf(item: HardwareItem): string {
  const parts: string[] = [];
  if (item.resourceType === 4) {
    const bytes = toBytes(item.virtualQuantity, item.allocationUnits ?? 'byte * 2^20');
    parts.push(bytes === undefined ? `${item.virtualQuantity ?? '?'} ${item.allocationUnits ?? ''}`.trim() : `${Math.round(bytes / 2 ** 20)} MiB`);
  } else if (item.virtualQuantity !== undefined) {
    parts.push(`x${item.virtualQuantity}`);
  }
  if (item.resourceSubType) parts.push(item.resourceSubType);
  for (const connection of item.connections) if (connection) parts.push(`-> ${connection}`);
  for (const resource of item.hostResources) {
    if (resource === '') continue;
    const target = parseHostResource(resource);
    parts.push(target ? `${target.kind} ${target.id}` : resource);
  }
  if (item.parent !== undefined) parts.push(`on ${item.parent}${item.addressOnParent !== undefined ? `:${item.addressOnParent}` : ''}`);
  return parts.join(', ');
}

function summarizeSystem(system: VirtualSystem): SystemSummary {
  const hardware = system.hardware[0];
  const items = hardware?.items ?? [];
  const cpu = items.find((i) => i.resourceType === 3);
  const memory = items.find((i) => i.resourceType === 4);
  const memoryBytes = memory ? toBytes(memory.virtualQuantity, memory.allocationUnits ?? 'byte * 2^20') : undefined;
  const os = system.operatingSystem;
  const osText = os ? [os.osType, os.description?.text, os.id === undefined ? undefined : `CIM ${os.id}`].filter(Boolean).join(' / ') : undefined;
  return {
    id: system.id,
    ...(system.name?.text ? { name: system.name.text } : {}),
    ...(osText ? { operatingSystem: osText } : {}),
    hardwareFamilies: system.hardware.flatMap((h) => h.system?.virtualSystemTypes ?? []),
    ...(cpu?.virtualQuantity && /^\d+$/.test(cpu.virtualQuantity) ? { cpus: Number(cpu.virtualQuantity) } : {}),
    ...(memoryBytes !== undefined ? { memoryBytes } : {}),
    hardware: items.map((item) => ({
      instanceId: item.instanceId ?? '',
      type: resourceTypeName(item.resourceType),
      name: item.elementName ?? '',
      detail: detailOf(item),
      configurations: item.configurations,
    })),
  };
}

/** `http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized` -> `VMDK streamOptimized`. */
export function diskFormatName(uri: string): string {
  const lower = uri.toLowerCase();
  const family = ['vmdk', 'vhdx', 'vhd', 'qcow', 'ecma-119', 'iso'].find((name) => lower.includes(name)) ?? (lower.includes('linkid=137171') ? 'vhd' : undefined);
  if (!family) return uri;
  const label = family === 'ecma-119' ? 'ISO' : family === 'qcow' ? 'QCOW2' : family.toUpperCase();
  const fragment = /#(\w+)$/.exec(uri)?.[1];
  return fragment ? `${label} ${fragment}` : label;
}

export function summarizeEnvelope(envelope: Envelope): EnvelopeSummary {
  const contents = allContent(envelope.content);
  const product = contents.flatMap((c) => c.products).find((p) => p.product || p.vendor || p.version);
  const filesById = new Map(envelope.references.map((file) => [file.id, file]));
  return {
    ovfFamily: envelope.family,
    ...(envelope.version ? { ovfVersion: envelope.version } : {}),
    content: envelope.content?.kind ?? 'none',
    ...(product
      ? {
          product: {
            ...(product.product ? { name: product.product.text } : {}),
            ...(product.vendor ? { vendor: product.vendor.text } : {}),
            ...(product.version ? { version: product.version.text } : {}),
            ...(product.fullVersion ? { fullVersion: product.fullVersion.text } : {}),
          },
        }
      : {}),
    systems: virtualSystems(envelope.content).map(summarizeSystem),
    disks: (envelope.diskSection?.disks ?? []).map((disk) => {
      const file = disk.fileRef ? filesById.get(disk.fileRef) : undefined;
      return {
        id: disk.diskId,
        capacity: disk.capacity,
        ...(disk.capacityBytes !== undefined ? { capacityBytes: disk.capacityBytes } : {}),
        ...(disk.format ? { format: diskFormatName(disk.format) } : {}),
        ...(file ? { file: file.href } : {}),
        ...(file?.size !== undefined ? { fileSize: file.size } : {}),
      };
    }),
    files: envelope.references.map((f) => ({ id: f.id, href: f.href, ...(f.size !== undefined ? { size: f.size } : {}), ...(f.compression ? { compression: f.compression } : {}) })),
    networks: (envelope.networkSection?.networks ?? []).map((n) => ({ name: n.name, ...(n.description?.text ? { description: n.description.text } : {}) })),
    properties: contents.flatMap((c) =>
      c.products.flatMap((p) =>
        p.properties.map((q) => ({
          key: q.fullKey,
          type: q.type,
          // Password defaults are shown masked: inspect output ends up in logs and tickets.
          ...(q.value !== undefined ? { value: q.password && q.value !== '' ? '********' : q.value } : {}),
          userConfigurable: q.userConfigurable,
          ...(q.label?.text ? { label: q.label.text } : {}),
        })),
      ),
    ),
    deploymentOptions: (envelope.deploymentOptions?.configurations ?? []).map((c) => ({ id: c.id, isDefault: c.isDefault, ...(c.label?.text ? { label: c.label.text } : {}) })),
    eulas: contents.reduce((n, c) => n + c.eulas.length, 0),
  };
}
