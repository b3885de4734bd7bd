// Hardware sanity: a system type, CPU and memory present, disks and drives attached to
// controllers that exist, no two devices in one slot, every disk used, known resource types.
import { allContent, type HardwareItem, type VirtualHardwareSection } from '../model.ts';
import { parseHostResource } from './references.ts';
import { configurationsOverlap, type Rule, type RuleContext } from './rule.ts';

/** CIM ResourceType values of controllers a drive may hang from (DSP0004 / CIM_ResourceAllocationSettingData). */
const controllerTypes = new Set([5, 6, 7, 8, 9, 20, 23, 1]);
/** Devices that need a controller: CD, DVD, disk, tape, storage extent (floppies have none in OVF). */
const attachedTypes = new Set([15, 16, 17, 18, 19]);

function checkSection(context: RuleContext, section: VirtualHardwareSection, diskUse: Set<string>): void {
  const { report } = context;
  if (!section.system || section.system.virtualSystemTypes.length === 0) {
    report('OVF_SYSTEM_TYPE_MISSING', 'warning', 'the VirtualHardwareSection has no System/VirtualSystemType: importers cannot tell which hypervisor family it targets', section.at);
  }
  const types = new Set(section.items.map((item) => item.resourceType));
  if (!types.has(3)) report('OVF_HARDWARE_NO_CPU', 'warning', 'the VirtualHardwareSection has no processor item (ResourceType 3)', section.at);
  if (!types.has(4)) report('OVF_HARDWARE_NO_MEMORY', 'warning', 'the VirtualHardwareSection has no memory item (ResourceType 4)', section.at);
  const byId = new Map<string, HardwareItem>();
  for (const item of section.items) if (item.instanceId !== undefined && !byId.has(item.instanceId)) byId.set(item.instanceId, item);
  const slots: HardwareItem[] = [];
  for (const item of section.items) {
    if (item.resourceType !== undefined && item.resourceType > 65535) {
      report('OVF_RESOURCETYPE_INVALID', 'error', `ResourceType ${item.resourceType} is outside the CIM range (uint16)`, item.at);
    } else if (item.resourceType !== undefined && (item.resourceType === 0 || (item.resourceType > 35 && item.resourceType < 32768))) {
      report('OVF_RESOURCETYPE_UNKNOWN', 'warning', `ResourceType ${item.resourceType} is not a defined CIM resource type (1-35, or vendor 32768-65535)`, item.at);
    }
    if (item.resourceType === undefined && item.kind === 'Item') report('OVF_RESOURCETYPE_MISSING', 'error', `item "${item.elementName ?? item.instanceId}" has no ResourceType`, item.at);
    for (const resource of item.hostResources) {
      const target = parseHostResource(resource);
      if (target?.kind === 'disk') diskUse.add(target.id);
    }
    if (item.resourceType === undefined || !attachedTypes.has(item.resourceType)) continue;
    if (item.parent === undefined) {
      report('OVF_DEVICE_NO_CONTROLLER', 'warning', `${item.elementName ?? `item ${item.instanceId}`} (ResourceType ${item.resourceType}) names no Parent controller`, item.at);
      continue;
    }
    const controller = byId.get(item.parent);
    if (controller?.resourceType !== undefined && !controllerTypes.has(controller.resourceType)) {
      report('OVF_DEVICE_PARENT_NOT_CONTROLLER', 'error', `${item.elementName ?? `item ${item.instanceId}`} hangs from item ${item.parent}, which is ResourceType ${controller.resourceType}, not a controller`, item.at);
    }
    if (item.addressOnParent === undefined) continue;
    const clash = slots.find((other) => other.parent === item.parent && other.addressOnParent === item.addressOnParent && other.bound === item.bound && configurationsOverlap(other.configurations, item.configurations));
    if (clash) {
      report('OVF_SLOT_COLLISION', 'error', `${item.elementName ?? `item ${item.instanceId}`} and ${clash.elementName ?? `item ${clash.instanceId}`} both sit at address ${item.addressOnParent} on controller ${item.parent}`, item.at);
    }
    slots.push(item);
  }
}

export const hardwareRules: Rule = (context) => {
  const { envelope, report } = context;
  const diskUse = new Set<string>();
  for (const content of allContent(envelope.content)) for (const section of content.hardware) checkSection(context, section, diskUse);
  const parents = new Set((envelope.diskSection?.disks ?? []).flatMap((disk) => (disk.parentRef ? [disk.parentRef] : [])));
  for (const disk of envelope.diskSection?.disks ?? []) {
    if (!diskUse.has(disk.diskId) && !parents.has(disk.diskId)) report('OVF_DISK_UNUSED', 'warning', `Disk "${disk.diskId}" is not attached to any VirtualSystem (no HostResource names it)`, disk.at);
  }
};
