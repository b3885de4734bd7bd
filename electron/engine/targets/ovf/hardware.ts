// One VirtualHardwareSection per virtual system, in the target's dialect: the VirtualSystemType,
// controller and NIC sub-types each importer recognises, firmware as vmw:Config (which VMware,
// virt-v2v and Proxmox all read). RASD children are written in alphabetical order, as the CIM
// schema's sequence requires (targets.md §9.4, ovf-package.md §2).
import type { Controller, ControllerType, Project, TargetEntry, VirtualSystem } from '../../project/schema.ts';
import type { XmlElement } from '../../ovf/xml-tree.ts';
import type { NicModel, OvfDialect, TargetProfile } from '../profile.ts';
import type { DiskEntry } from './envelope.ts';
import { el } from './xml-build.ts';

type Flavour = OvfDialect['flavour'];

/** CIM ResourceType numbers (DSP1041 / CIM_ResourceAllocationSettingData). */
const resourceType = { processor: 3, memory: 4, ide: 5, scsi: 6, ethernet: 10, cdrom: 15, disk: 17, otherStorage: 20 } as const;

const rasdOrder = ['Address', 'AddressOnParent', 'AllocationUnits', 'AutomaticAllocation', 'Caption', 'Connection', 'Description', 'ElementName', 'HostResource', 'InstanceID', 'Parent', 'ResourceSubType', 'ResourceType', 'VirtualQuantity'] as const;
type RasdField = (typeof rasdOrder)[number];

function item(fields: Partial<Record<RasdField, string | number | boolean>>, attributes: Record<string, string | undefined> = {}, extra: XmlElement[] = []): XmlElement {
  const children = rasdOrder.flatMap((name) => (fields[name] === undefined ? [] : [el(`rasd:${name}`, {}, String(fields[name]))]));
  return el('Item', attributes, ...children, ...extra);
}

function controllerSubType(controller: Controller, type: ControllerType, flavour: Flavour): string | undefined {
  switch (type) {
    case 'ide':
      return flavour === 'virtualbox' ? 'PIIX4' : undefined;
    case 'sata':
      return flavour === 'vmware' ? 'vmware.sata.ahci' : 'AHCI';
    case 'nvme':
      return flavour === 'vmware' ? 'vmware.nvme.controller' : 'NVMe';
    case 'virtio-scsi':
      return flavour === 'virtualbox' ? 'VirtioSCSI' : 'virtio-scsi';
    case 'scsi': {
      const model = controller.model ?? 'lsilogic';
      if (model === 'pvscsi') return flavour === 'vmware' ? 'VirtualSCSI' : 'lsilogic';
      return model;
    }
  }
}

const nicSubType: Record<NicModel, string> = { e1000: 'E1000', e1000e: 'E1000e', vmxnet3: 'VmxNet3', virtio: 'virtio', pcnet32: 'PCNet32' };

/** The controller type the target really gets (Proxmox/oVirt turn NVMe into SATA). */
export function effectiveControllerType(profile: TargetProfile, type: ControllerType): ControllerType {
  return profile.controllers.includes(type) ? type : (profile.controllerFallback ?? type);
}

export function effectiveNicModel(profile: TargetProfile, model: NicModel | undefined): NicModel {
  const wanted = model ?? 'e1000e';
  if (!profile.nics) return wanted;
  return profile.nics.models.includes(wanted) ? wanted : profile.nics.fallback;
}

export interface HardwareInput {
  readonly project: Project;
  readonly system: VirtualSystem;
  readonly profile: TargetProfile;
  readonly dialect: OvfDialect;
  readonly entry: TargetEntry;
  /** The DiskSection entries of each disk, by disk id. */
  readonly disks: ReadonlyMap<string, readonly DiskEntry[]>;
  /** OVF file id of each media image, by media id (absent for an empty drive). */
  readonly mediaFiles: ReadonlyMap<string, string>;
}

export function hardwareSection(input: HardwareInput): XmlElement {
  const { system, profile, dialect, project } = input;
  const flavour = dialect.flavour;
  const items: XmlElement[] = [];
  let nextId = 1;
  const options = project.deploymentOptions;
  const perOption = (field: 'cpus' | 'memoryMiB') => options.filter((o) => o.systems[system.id]?.[field] !== undefined);

  // CPUs and memory, once per deployment option that changes them (same InstanceID, ovf:configuration).
  const sized = (field: 'cpus' | 'memoryMiB', build: (value: number, id: number) => XmlElement, attrs: (configuration?: string) => Record<string, string | undefined>) => {
    const id = nextId++;
    const overriding = perOption(field);
    if (overriding.length === 0) {
      items.push(build(system[field], id));
      return;
    }
    const others = options.filter((o) => !overriding.includes(o)).map((o) => o.id);
    if (others.length > 0) items.push(withAttributes(build(system[field], id), attrs(others.join(' '))));
    for (const option of overriding) items.push(withAttributes(build(option.systems[system.id]?.[field] ?? system[field], id), attrs(option.id)));
  };
  const configurationAttr = (configuration?: string) => ({ 'ovf:configuration': configuration });
  sized(
    'cpus',
    (cpus, id) =>
      item(
        { AllocationUnits: 'hertz * 10^6', Description: 'Number of virtual CPUs', ElementName: `${cpus} virtual CPU(s)`, InstanceID: id, ResourceType: resourceType.processor, VirtualQuantity: cpus },
        {},
        flavour === 'vmware' && system.coresPerSocket ? [el('vmw:CoresPerSocket', { 'ovf:required': 'false' }, String(system.coresPerSocket))] : [],
      ),
    configurationAttr,
  );
  sized(
    'memoryMiB',
    (mib, id) => item({ AllocationUnits: 'byte * 2^20', Description: 'Memory size', ElementName: `${mib} MB of memory`, InstanceID: id, ResourceType: resourceType.memory, VirtualQuantity: mib }),
    configurationAttr,
  );

  const controllerIds = new Map<string, number>();
  const addressByType = new Map<number, number>();
  for (const controller of system.controllers) {
    const type = effectiveControllerType(profile, controller.type);
    const rt = type === 'ide' ? resourceType.ide : type === 'scsi' || type === 'virtio-scsi' ? resourceType.scsi : resourceType.otherStorage;
    const address = addressByType.get(rt) ?? 0;
    addressByType.set(rt, address + 1);
    const id = nextId++;
    controllerIds.set(controller.id, id);
    items.push(
      item({
        Address: address,
        Description: `${type.toUpperCase()} controller`,
        ElementName: `${type.toUpperCase()} controller ${address}`,
        InstanceID: id,
        ResourceSubType: controllerSubType(controller, type, flavour),
        ResourceType: rt,
      }),
    );
  }
  system.disks.forEach((disk, index) => {
    // One device: every variant shares its InstanceID, as vCenter Server Appliance writes it.
    const id = nextId++;
    for (const entry of input.disks.get(disk.id) ?? []) {
      const fields = {
        AddressOnParent: disk.unit,
        ElementName: `Hard disk ${index + 1}`,
        HostResource: `ovf:/disk/${entry.diskId}`,
        InstanceID: id,
        Parent: controllerIds.get(disk.controller),
        ResourceType: resourceType.disk,
      };
      items.push(item(fields, configurationAttr(entry.options.length > 0 ? entry.options.join(' ') : undefined)));
    }
  });
  system.media.forEach((media, index) => {
    const file = input.mediaFiles.get(media.id);
    items.push(
      item({
        AddressOnParent: media.unit,
        AutomaticAllocation: file !== undefined,
        ElementName: `CD/DVD drive ${index + 1}`,
        HostResource: file ? `ovf:/file/${file}` : undefined,
        InstanceID: nextId++,
        Parent: controllerIds.get(media.controller),
        ResourceType: resourceType.cdrom,
      }),
    );
  });
  system.nics.forEach((nic, index) => {
    items.push(
      item({
        Address: nic.mac,
        AutomaticAllocation: true,
        Connection: nic.network,
        ElementName: `Network adapter ${index + 1}`,
        InstanceID: nextId++,
        ResourceSubType: nicSubType[effectiveNicModel(profile, nic.model)],
        ResourceType: resourceType.ethernet,
      }),
    );
  });

  const firmware: XmlElement[] =
    flavour === 'virtualbox' || flavour === 'xen'
      ? []
      : [
          el('vmw:Config', { 'ovf:required': 'false', 'vmw:key': 'firmware', 'vmw:value': system.firmware }),
          ...(system.firmware === 'efi' ? [el('vmw:Config', { 'ovf:required': 'false', 'vmw:key': 'bootOptions.efiSecureBootEnabled', 'vmw:value': String(system.secureBoot) })] : []),
        ];
  const transport = project.properties.length > 0 && flavour === 'vmware' ? 'com.vmware.guestInfo iso' : project.properties.length > 0 ? 'iso' : undefined;
  return el(
    'VirtualHardwareSection',
    { 'ovf:transport': transport },
    el('Info', {}, 'Virtual hardware requirements'),
    el(
      'System',
      {},
      el('vssd:ElementName', {}, 'Virtual Hardware Family'),
      el('vssd:InstanceID', {}, '0'),
      el('vssd:VirtualSystemIdentifier', {}, system.id),
      el('vssd:VirtualSystemType', {}, dialect.systemType(input.entry)),
    ),
    ...items,
    ...firmware,
  );
}

function withAttributes(element: XmlElement, attributes: Record<string, string | undefined>): XmlElement {
  const extra = el('x', attributes).attributes;
  return { ...element, attributes: [...element.attributes, ...extra] };
}
