// What a deployment option means for the hardware: which disks exist under it and how large a
// blank disk is. The OVF writer spells every option out (Items with ovf:configuration); targets
// without deployment options build one of them, the default, through `projectForOption`.
import type { DeployHardware } from '../../common/ipc-project.ts';
import type { Disk, Project, VirtualSystem } from './schema.ts';

/**
 * The option a deployer gets without choosing: the one marked default, else the first
 * (DSP0243 9.8; govmomi picks the same way). Undefined when the project declares none.
 */
export function defaultOptionId(project: Pick<Project, 'deploymentOptions'>): string | undefined {
  return (project.deploymentOptions.find((o) => o.default) ?? project.deploymentOptions[0])?.id;
}

/** Whether the disk exists under `option` (undefined: the project has no options, so every disk does). */
export function diskInOption(disk: Pick<Disk, 'options'>, option: string | undefined): boolean {
  return option === undefined || disk.options === undefined || disk.options.includes(option);
}

/** The declared capacity of the disk under `option`; undefined when a source image sets it. */
export function diskCapacityMiB(disk: Pick<Disk, 'capacityMiB' | 'optionCapacityMiB'>, option: string | undefined): number | undefined {
  return (option === undefined ? undefined : disk.optionCapacityMiB?.[option]) ?? disk.capacityMiB;
}

/** The options a disk exists in, in declaration order (all of them when it is not limited). */
export function optionsOfDisk(project: Pick<Project, 'deploymentOptions'>, disk: Pick<Disk, 'options'>): string[] {
  return project.deploymentOptions.map((o) => o.id).filter((id) => diskInOption(disk, id));
}

/**
 * The disk's variants as the descriptor writes them: one per distinct capacity, each with the
 * options it serves (empty `options`: every option, so no ovf:configuration is written). The
 * variant of the disk's own capacityMiB comes first; the others follow in option order.
 */
export function diskVariants(project: Pick<Project, 'deploymentOptions'>, disk: Disk): { readonly capacityMiB: number | undefined; readonly options: readonly string[] }[] {
  const limited = disk.options !== undefined;
  const sized = Object.keys(disk.optionCapacityMiB ?? {}).length > 0;
  if (project.deploymentOptions.length === 0 || (!limited && !sized)) return [{ capacityMiB: disk.capacityMiB, options: [] }];
  const variants = new Map<number | undefined, string[]>([[disk.capacityMiB, []]]);
  for (const option of optionsOfDisk(project, disk)) {
    const capacity = diskCapacityMiB(disk, option);
    variants.set(capacity, [...(variants.get(capacity) ?? []), option]);
  }
  const list = [...variants].filter(([, options]) => options.length > 0).map(([capacityMiB, options]) => ({ capacityMiB, options }));
  // A disk in every option at one size needs no ovf:configuration at all.
  const only = list.length === 1 ? list[0] : undefined;
  if (only && only.options.length === project.deploymentOptions.length) return [{ capacityMiB: only.capacityMiB, options: [] }];
  return list;
}

/** The system as deployed under `option`: its CPUs, memory, disks and their capacities. */
export function systemForOption(project: Project, system: VirtualSystem, option: string | undefined): VirtualSystem {
  const overrides = project.deploymentOptions.find((o) => o.id === option)?.systems[system.id];
  const disks = system.disks
    .filter((disk) => diskInOption(disk, option))
    .map((disk) => {
      const { options: _options, optionCapacityMiB: _sizes, ...plain } = disk;
      const capacityMiB = diskCapacityMiB(disk, option);
      return capacityMiB === undefined ? plain : { ...plain, capacityMiB };
    });
  return { ...system, cpus: overrides?.cpus ?? system.cpus, memoryMiB: overrides?.memoryMiB ?? system.memoryMiB, disks };
}

/**
 * The project as one deployment option makes it, with no options left: what a platform without
 * deployment options builds (the default option when `option` is omitted). Per-option property
 * defaults become the plain defaults.
 */
export function projectForOption(project: Project, option: string | undefined = defaultOptionId(project)): Project {
  return {
    ...project,
    systems: project.systems.map((system) => systemForOption(project, system, option)),
    properties: project.properties.map(({ optionDefaults, ...property }) => {
      const value = option === undefined ? undefined : optionDefaults?.[option];
      return value === undefined ? property : { ...property, default: value };
    }),
    deploymentOptions: [],
  };
}

/** What each system gets under `option` (the default option when omitted): the deploy-form preview's summary. */
export function hardwareForOption(project: Project, option: string | undefined = defaultOptionId(project)): DeployHardware[] {
  return project.systems.map((system) => {
    const deployed = systemForOption(project, system, option);
    return {
      system: system.id,
      cpus: deployed.cpus,
      memoryMiB: deployed.memoryMiB,
      disks: deployed.disks.map((disk) => ({ id: disk.id, ...(disk.capacityMiB !== undefined ? { capacityMiB: disk.capacityMiB } : {}), ...(disk.source ? { source: disk.source } : {}) })),
    };
  });
}
