// A VirtualHardwareSection as the tables a person reads: one per deployment option (items tagged
// ovf:configuration belong only to the options they name, DSP0243 9.8), each item with its CIM
// resource type in words and its quantity in units people use.
import { formatBytes } from '../../common/progress.ts';
import type { HardwareRow, HardwareTable } from '../../common/inspection.ts';
import type { DeploymentConfiguration, HardwareItem, VirtualDisk, VirtualHardwareSection } from '../ovf/model.ts';
import { parseHostResource } from '../ovf/rules/references.ts';
import { toBytes } from '../ovf/units.ts';

/** CIM_ResourceAllocationSettingData.ResourceType values (DSP1041, CIM schema 2.x). */
const resourceTypes: Readonly<Record<number, string>> = {
  1: 'Other',
  2: 'Computer system',
  3: 'Processor',
  4: 'Memory',
  5: 'IDE controller',
  6: 'SCSI controller',
  7: 'Fibre Channel HBA',
  8: 'iSCSI HBA',
  9: 'InfiniBand HCA',
  10: 'Ethernet adapter',
  11: 'Network adapter',
  12: 'I/O slot',
  13: 'I/O device',
  14: 'Floppy drive',
  15: 'CD drive',
  16: 'DVD drive',
  17: 'Disk drive',
  18: 'Tape drive',
  19: 'Storage extent',
  20: 'Storage controller',
  21: 'Serial port',
  22: 'Parallel port',
  23: 'USB controller',
  24: 'Graphics controller',
  25: 'IEEE 1394 controller',
  26: 'Partitionable unit',
  27: 'Base partitionable unit',
  28: 'Power',
  29: 'Cooling capacity',
  30: 'Ethernet switch port',
  31: 'Logical disk',
  32: 'Storage volume',
  33: 'Ethernet connection',
  35: 'Sound card',
};

export function resourceTypeName(type: number | undefined): string {
  if (type === undefined) return 'Unknown';
  return resourceTypes[type] ?? `Resource type ${type}`;
}

/**
 * What the row's quantity column says. A disk drive has no quantity of its own: it shows the
 * capacity of the Disk its HostResource names, which is what differs between deployment options.
 */
function quantityOf(item: HardwareItem, disks: readonly VirtualDisk[]): string {
  const quantity = item.virtualQuantity;
  if (quantity === undefined) return item.resourceType === 17 ? diskCapacityOf(item, disks) : '';
  if (item.resourceType === 4) {
    // Memory defaults to MiB in practice when AllocationUnits is missing (VMware, VirtualBox).
    const bytes = toBytes(quantity, item.allocationUnits ?? 'byte * 2^20');
    return bytes === undefined ? `${quantity} ${item.allocationUnits ?? ''}`.trim() : formatBytes(bytes);
  }
  if (item.resourceType === 3) return `${quantity} vCPU`;
  if (item.allocationUnits && /byte|bit/i.test(item.allocationUnits)) {
    const bytes = toBytes(quantity, item.allocationUnits);
    if (bytes !== undefined) return formatBytes(bytes);
  }
  return item.allocationUnits ? `${quantity} ${item.allocationUnits}` : quantity;
}

function diskCapacityOf(item: HardwareItem, disks: readonly VirtualDisk[]): string {
  const target = item.hostResources[0] === undefined ? undefined : parseHostResource(item.hostResources[0]);
  const disk = target?.kind === 'disk' ? disks.find((d) => d.diskId === target.id) : undefined;
  if (!disk) return '';
  return disk.capacityBytes === undefined ? disk.capacity : formatBytes(disk.capacityBytes);
}

function detailsOf(item: HardwareItem): string {
  const parts: string[] = [];
  if (item.resourceSubType) parts.push(item.resourceSubType);
  if (item.address !== undefined) parts.push(`address ${item.address}`);
  if (item.addressOnParent !== undefined) parts.push(`unit ${item.addressOnParent}`);
  if (item.parent !== undefined) parts.push(`on ${item.parent}`);
  for (const connection of item.connections) parts.push(`network ${connection}`);
  for (const resource of item.hostResources) parts.push(resource);
  if (item.automaticAllocation !== undefined) parts.push(`connected at power on: ${item.automaticAllocation}`);
  if (!item.required) parts.push('optional');
  if (item.bound) parts.push(`bound ${item.bound}`);
  return parts.join(' · ');
}

function rowOf(item: HardwareItem, disks: readonly VirtualDisk[]): HardwareRow {
  return {
    instanceId: item.instanceId ?? '',
    type: resourceTypeName(item.resourceType),
    name: item.elementName ?? '',
    quantity: quantityOf(item, disks),
    details: detailsOf(item),
    line: item.at.line,
  };
}

/** Items of a section that apply under `configuration`: untagged items apply under every one. */
function itemsFor(section: VirtualHardwareSection, configuration: string): HardwareItem[] {
  return section.items.filter((item) => item.configurations.length === 0 || item.configurations.includes(configuration));
}

export function hardwareTables(sections: readonly VirtualHardwareSection[], options: readonly DeploymentConfiguration[], disks: readonly VirtualDisk[]): HardwareTable[] {
  const row = (item: HardwareItem) => rowOf(item, disks);
  return sections.flatMap((section) => {
    const systemTypes = section.system?.virtualSystemTypes ?? [];
    const usesOptions = options.length > 0 && section.items.some((item) => item.configurations.length > 0);
    if (!usesOptions) return [{ systemTypes, rows: section.items.map(row) }];
    return options.map((option) => ({
      configuration: option.id,
      configurationLabel: option.label?.text ?? option.id,
      systemTypes,
      rows: itemsFor(section, option.id).map(row),
    }));
  });
}
