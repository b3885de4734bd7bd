// The disk Items of one VirtualHardwareSection -> project disks, deployment options included.
// Items that share an InstanceID are one device in several deployment options (vCenter Server
// Appliance's layout): when all of them are blank, they become one disk with a size per option;
// when they carry images, each becomes a disk limited to its options at the same address.
import { parseHostResource, type HardwareItem, type VirtualDisk } from '../ovf/index.ts';
import type { ProjectInput } from './schema.ts';

type ProjectDisk = ProjectInput['systems'][number]['disks'][number];

export interface DiskImportContext {
  readonly systemId: string;
  /** The system's id is a prefix of its disk ids (multi-VM packages written by us). */
  readonly prefixed: boolean;
  readonly disks: readonly VirtualDisk[];
  /** Configuration ids of the DeploymentOptionSection, in order. */
  readonly options: readonly string[];
  readonly controllerOf: (item: HardwareItem) => string | undefined;
  readonly copy: (fileId: string) => Promise<string | undefined>;
  readonly note: (code: string, message: string, at?: { path: string; line: number }) => void;
  readonly safeId: (id: string) => string;
}

interface Variant {
  readonly item: HardwareItem;
  readonly disk: VirtualDisk;
  /** The options this variant serves; empty when the package declares none. */
  readonly options: readonly string[];
}

export async function importDisks(items: readonly HardwareItem[], context: DiskImportContext): Promise<ProjectDisk[]> {
  const groups = new Map<string, HardwareItem[]>();
  items.forEach((item, i) => {
    const key = item.instanceId ?? `#${i}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  });
  const disks: ProjectDisk[] = [];
  // A Disk two devices name would give two disks one id: the later ones are numbered.
  const used = new Set<string>();
  const unique = (wanted: string) => {
    let id = wanted;
    for (let n = 2; used.has(id); n += 1) id = `${wanted}-${n}`;
    used.add(id);
    return id;
  };
  for (const group of groups.values()) {
    const variants = variantsOf(group, context);
    const first = variants[0];
    if (!first) continue;
    const controller = context.controllerOf(first.item);
    if (!controller) {
      context.note('IMPORT_DISK_DROPPED', `${context.systemId}: disk item ${first.item.instanceId} has no controller the model can attach`, first.item.at);
      continue;
    }
    const unit = Number(first.item.addressOnParent ?? disks.length) || 0;
    if (variants.every((v) => v.disk.fileRef === undefined)) {
      const blank = blankDisk(variants, controller, unit, context);
      disks.push({ ...blank, id: unique(blank.id) });
      continue;
    }
    // Images per option: one disk each, limited to its options, all at the device's address.
    for (const variant of variants) {
      const source = variant.disk.fileRef ? await context.copy(variant.disk.fileRef) : undefined;
      const capacityMiB = mibOf(variant.disk, context);
      disks.push({
        id: unique(diskId(variant.disk, context)),
        ...(source ? { source } : { capacityMiB }),
        controller,
        unit,
        ...limitedTo(variant.options, context),
      });
    }
  }
  return disks;
}

/** The items of one device with their disks; an item whose disk is missing is reported and left out. */
function variantsOf(group: readonly HardwareItem[], context: DiskImportContext): Variant[] {
  const claimed = new Set(group.flatMap((item) => item.configurations));
  const variants: Variant[] = [];
  for (const item of group) {
    const target = item.hostResources[0] ? parseHostResource(item.hostResources[0]) : undefined;
    const disk = context.disks.find((d) => d.diskId === target?.id);
    if (!disk) {
      context.note('IMPORT_DISK_DROPPED', `${context.systemId}: disk item ${item.instanceId} names no disk of the DiskSection`, item.at);
      continue;
    }
    // An item without ovf:configuration serves every option the others do not claim.
    const options = item.configurations.length > 0 ? item.configurations : context.options.filter((o) => !claimed.has(o));
    variants.push({ item, disk, options });
  }
  return variants;
}

function blankDisk(variants: readonly Variant[], controller: string, unit: number, context: DiskImportContext): ProjectDisk {
  const [base, ...others] = variants;
  if (!base) throw new Error('a disk has at least one variant');
  const capacityMiB = mibOf(base.disk, context);
  const optionCapacityMiB: Record<string, number> = {};
  for (const variant of others) {
    const size = mibOf(variant.disk, context);
    for (const option of variant.options) if (size !== capacityMiB) optionCapacityMiB[context.safeId(option)] = size;
  }
  return {
    id: diskId(base.disk, context),
    capacityMiB,
    controller,
    unit,
    ...limitedTo(variants.flatMap((v) => v.options), context),
    ...(Object.keys(optionCapacityMiB).length > 0 ? { optionCapacityMiB } : {}),
  };
}

/** `options` for a disk serving these configurations; none when it serves every one. */
function limitedTo(options: readonly string[], context: DiskImportContext): { options?: string[] } {
  const served = new Set(options);
  if (served.size === 0 || context.options.every((o) => served.has(o))) return {};
  const ordered = [...context.options.filter((o) => served.has(o)), ...[...served].filter((o) => !context.options.includes(o))];
  return { options: ordered.map(context.safeId) };
}

function mibOf(disk: VirtualDisk, context: DiskImportContext): number {
  if (disk.capacityBytes !== undefined) return Math.max(1, Math.ceil(disk.capacityBytes / 1048576));
  if (!disk.fileRef) context.note('IMPORT_DISK_CAPACITY', `${context.systemId}: disk "${disk.diskId}" has capacity "${disk.capacity}", imported as 1024 MiB`, disk.at);
  return 1024;
}

/** Multi-VM packages prefix disk ids with the system id (descriptorXml does); take it off. */
function diskId(disk: VirtualDisk, context: DiskImportContext): string {
  const prefix = `${context.systemId}-`;
  return context.safeId(context.prefixed && disk.diskId.startsWith(prefix) ? disk.diskId.slice(prefix.length) : disk.diskId);
}
