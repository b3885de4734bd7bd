// Units and sizes: capacities with readable units, populated size within capacity, property
// references in capacities, memory and CPU counts in sane ranges.
import { allContent, type HardwareItem } from '../model.ts';
import { bytesPerUnit, toBytes } from '../units.ts';
import type { Rule, RuleContext } from './rule.ts';

const MiB = 2 ** 20;
const TiB = 2 ** 40;

function checkMemory({ report }: RuleContext, item: HardwareItem): void {
  const perUnit = bytesPerUnit(item.allocationUnits);
  if (item.allocationUnits !== undefined && perUnit === undefined) {
    report('OVF_MEMORY_UNITS_UNKNOWN', 'error', `memory AllocationUnits "${item.allocationUnits}" is not a byte unit such as "byte * 2^20"`, item.at);
    return;
  }
  if (item.virtualQuantity === undefined) {
    if (item.bound === undefined) report('OVF_MEMORY_QUANTITY_MISSING', 'error', 'the memory item has no VirtualQuantity', item.at);
    return;
  }
  // Proxmox and virt-v2v ignore AllocationUnits and assume MiB; an absent unit is read the same way.
  const bytes = toBytes(item.virtualQuantity, item.allocationUnits ?? 'byte * 2^20');
  if (bytes === undefined) {
    report('OVF_MEMORY_QUANTITY_INVALID', 'error', `memory VirtualQuantity "${item.virtualQuantity}" is not a whole number of ${item.allocationUnits ?? 'MiB'}`, item.at);
  } else if (bytes < 4 * MiB) {
    report('OVF_MEMORY_TOO_SMALL', 'warning', `memory is ${bytes} bytes, under 4 MiB; check the AllocationUnits (${item.allocationUnits ?? 'none'})`, item.at);
  } else if (bytes > 24 * TiB) {
    report('OVF_MEMORY_TOO_LARGE', 'warning', `memory is ${Math.round(bytes / TiB)} TiB, more than any hypervisor gives a VM; check the AllocationUnits`, item.at);
  }
}

function checkProcessor({ report }: RuleContext, item: HardwareItem): void {
  if (item.virtualQuantity === undefined) return;
  if (!/^\s*\d+\s*$/.test(item.virtualQuantity) || Number(item.virtualQuantity) < 1) {
    report('OVF_CPU_COUNT_INVALID', 'error', `processor VirtualQuantity "${item.virtualQuantity}" is not a positive whole number`, item.at);
  } else if (Number(item.virtualQuantity) > 768) {
    report('OVF_CPU_COUNT_TOO_LARGE', 'warning', `${item.virtualQuantity} virtual CPUs is more than any hypervisor allows (vSphere 8: 768)`, item.at);
  }
}

export const sizeRules: Rule = (context) => {
  const { envelope, report } = context;
  const propertyKeys = new Set(allContent(envelope.content).flatMap((c) => c.products.flatMap((p) => p.properties.flatMap((q) => [q.key, q.fullKey]))));
  for (const disk of envelope.diskSection?.disks ?? []) {
    const reference = /^\$\{([^}]+)\}$/.exec(disk.capacity.trim())?.[1];
    if (disk.capacity === '') {
      report('OVF_DISK_CAPACITY_MISSING', 'error', `Disk "${disk.diskId}" has no ovf:capacity`, disk.at);
    } else if (reference !== undefined) {
      if (!propertyKeys.has(reference)) report('OVF_DISK_CAPACITY_PROPERTY_MISSING', 'error', `Disk "${disk.diskId}" capacity refers to property "${reference}", which no ProductSection declares`, disk.at);
    } else if (bytesPerUnit(disk.capacityAllocationUnits) === undefined) {
      report('OVF_DISK_UNITS_UNKNOWN', 'error', `Disk "${disk.diskId}" ovf:capacityAllocationUnits "${disk.capacityAllocationUnits}" is not a byte unit such as "byte * 2^30"`, disk.at);
    } else if (disk.capacityBytes === 0) {
      report('OVF_DISK_CAPACITY_ZERO', 'warning', `Disk "${disk.diskId}" has a capacity of 0 bytes`, disk.at);
    } else if (disk.capacityBytes !== undefined && disk.populatedSize !== undefined && disk.populatedSize > disk.capacityBytes) {
      report('OVF_DISK_POPULATED_EXCEEDS_CAPACITY', 'error', `Disk "${disk.diskId}" says ${disk.populatedSize} bytes are populated, more than its capacity of ${disk.capacityBytes} bytes`, disk.at);
    }
  }
  for (const content of allContent(envelope.content)) {
    for (const section of content.hardware) {
      for (const item of section.items) {
        if (item.resourceType === 4) checkMemory(context, item);
        if (item.resourceType === 3) checkProcessor(context, item);
      }
    }
  }
};
