// Rules that hold whatever the target: references resolve, ids are unique, devices do not share a
// slot, values fit their declared types. They run once per check, not once per target.
import { existsSync, statSync } from 'node:fs';
import { defaultOptionId, diskInOption, optionsOfDisk } from '../project/deployment.ts';
import type { SourceDisk } from '../project/disk-size.ts';
import type { LoadedProject } from '../project/file.ts';
import { projectFile, projectPaths } from '../project/file.ts';
import type { Project, Property, VirtualSystem } from '../project/schema.ts';
import { integerRanges } from '../ovf/rules/properties.ts';
import type { Finding } from './finding.ts';
import { diskKey, projectFinding, type FindingSpec } from './profile.ts';

export function checkProjectRules(loaded: LoadedProject, sources: ReadonlyMap<string, SourceDisk>): Finding[] {
  const { project } = loaded;
  const specs: FindingSpec[] = [
    ...missingFiles(loaded),
    ...duplicateIds(project),
    ...project.systems.flatMap((system, s) => [...systemRules(project, system, s, sources), ...diskOptionRules(project, system, s)]),
    ...networkRules(project),
    ...propertyRules(project),
    ...deploymentRules(project),
    ...startupRules(project),
  ];
  if (project.targets.length === 0) {
    specs.push({
      code: 'PROJECT_NO_TARGETS',
      severity: 'info',
      message: 'the project lists no targets, so `appliance build` has nothing to make',
      explanation: 'Targets name the platforms the appliance ships for; each one adds its own checks and outputs.',
      path: ['targets'],
      fix: { description: 'target VMware ESXi 6.7 and later', edits: [{ path: ['targets'], value: [{ id: 'vmware-esxi' }] }] },
    });
  }
  return specs.map((spec) => projectFinding(loaded, spec));
}

function missingFiles(loaded: LoadedProject): FindingSpec[] {
  return projectPaths(loaded.project).flatMap(([path, value]) => {
    const file = projectFile(loaded.dir, value);
    if (existsSync(file) && statSync(file).isFile()) return [];
    return [
      {
        code: 'PROJECT_FILE_MISSING',
        severity: 'error' as const,
        message: `"${value}" does not exist in the project folder (or is not a file)`,
        explanation: 'Every file a project names is read at build time; a missing one would stop the build.',
        path,
      },
    ];
  });
}

function duplicateIds(project: Project): FindingSpec[] {
  const specs: FindingSpec[] = [];
  const report = (kind: string, ids: readonly string[], path: (index: number) => (string | number)[]) => {
    const seen = new Set<string>();
    ids.forEach((id, index) => {
      if (seen.has(id)) {
        specs.push({
          code: 'PROJECT_DUPLICATE_ID',
          severity: 'error',
          message: `${kind} id "${id}" is used twice`,
          explanation: 'Ids become OVF ids, file names and references; two equal ids would point at the same thing.',
          path: path(index),
        });
      }
      seen.add(id);
    });
  };
  report('virtual system', project.systems.map((s) => s.id), (i) => ['systems', i, 'id']);
  project.systems.forEach((system, s) => {
    report('device', [...system.controllers, ...system.disks, ...system.media].map((d) => d.id), (i) => {
      const c = system.controllers.length;
      const d = system.disks.length;
      return i < c ? ['systems', s, 'controllers', i, 'id'] : i < c + d ? ['systems', s, 'disks', i - c, 'id'] : ['systems', s, 'media', i - c - d, 'id'];
    });
  });
  report('property key', project.properties.map((p) => p.key), (i) => ['properties', i, 'key']);
  report('deployment option', project.deploymentOptions.map((o) => o.id), (i) => ['deploymentOptions', i, 'id']);
  report('network', project.networks.map((n) => n.name), (i) => ['networks', i, 'name']);
  return specs;
}

function systemRules(project: Project, system: VirtualSystem, s: number, sources: ReadonlyMap<string, SourceDisk>): FindingSpec[] {
  const specs: FindingSpec[] = [];
  const controllers = new Map(system.controllers.map((c) => [c.id, c]));
  const slots = new Map<string, { id: string; options: string[] }[]>();
  const all = project.deploymentOptions.map((o) => o.id);
  const devices = [
    ...system.disks.map((d, i) => ({ device: d, options: d.options ?? all, path: ['systems', s, 'disks', i] as (string | number)[] })),
    ...system.media.map((m, i) => ({ device: m, options: all, path: ['systems', s, 'media', i] as (string | number)[] })),
  ];
  for (const { device, options, path } of devices) {
    const controller = controllers.get(device.controller);
    if (!controller) {
      specs.push({
        code: 'PROJECT_CONTROLLER_UNKNOWN',
        severity: 'error',
        message: `"${device.id}" is attached to controller "${device.controller}", which ${system.id} does not declare`,
        explanation: 'A disk or drive sits on one of its system\'s controllers; the descriptor names that controller as its parent.',
        path: [...path, 'controller'],
      });
      continue;
    }
    if (controller.type === 'ide' && device.unit > 1) {
      specs.push({
        code: 'PROJECT_IDE_UNIT',
        severity: 'error',
        message: `"${device.id}" uses unit ${device.unit} on IDE controller "${controller.id}", which has only units 0 and 1`,
        explanation: 'An IDE channel holds a master (0) and a slave (1); hypervisors refuse other addresses.',
        path: [...path, 'unit'],
      });
    }
    const slot = `${controller.id}:${device.unit}`;
    // Disks of disjoint deployment options may share an address: only one of them is ever attached.
    const other = slots.get(slot)?.find((o) => all.length === 0 || o.options.some((id) => options.includes(id)));
    if (other) {
      specs.push({
        code: 'PROJECT_UNIT_TAKEN',
        severity: 'error',
        message: `"${device.id}" and "${other.id}" both use unit ${device.unit} of controller "${controller.id}"`,
        explanation: 'Two devices at one address cannot both be attached; importers drop or refuse one of them.',
        path: [...path, 'unit'],
      });
    }
    slots.set(slot, [...(slots.get(slot) ?? []), { id: device.id, options }]);
  }
  system.disks.forEach((disk, d) => {
    const measured = sources.get(diskKey(system, disk.id))?.virtualSize;
    const unsized = optionsOfDisk(project, disk).filter((o) => disk.optionCapacityMiB?.[o] === undefined);
    if (!disk.source && disk.capacityMiB === undefined && (project.deploymentOptions.length === 0 || unsized.length > 0)) {
      specs.push({
        code: 'PROJECT_DISK_SIZE_UNKNOWN',
        severity: 'error',
        message: `blank disk "${disk.id}" needs capacityMiB${unsized.length > 0 ? ` (no size is given for deployment option${unsized.length > 1 ? 's' : ''} ${unsized.map((o) => `"${o}"`).join(', ')})` : ''}`,
        explanation: 'A disk without a source image is created empty at deployment, so its size must be stated.',
        path: ['systems', s, 'disks', d],
      });
    }
    if (measured !== undefined && disk.capacityMiB !== undefined && disk.capacityMiB * 1048576 < measured) {
      const needed = Math.ceil(measured / 1048576);
      specs.push({
        code: 'PROJECT_DISK_TOO_SMALL',
        severity: 'error',
        message: `disk "${disk.id}" declares ${disk.capacityMiB} MiB but its image holds ${needed} MiB`,
        explanation: 'Shrinking a disk would cut off the end of its image, and with it data or a partition.',
        path: ['systems', s, 'disks', d, 'capacityMiB'],
        fix: { description: `set capacityMiB to ${needed}`, edits: [{ path: ['systems', s, 'disks', d, 'capacityMiB'], value: needed }] },
      });
    }
  });
  if (system.disks.length === 0) {
    specs.push({
      code: 'PROJECT_NO_DISK',
      severity: 'warning',
      message: `${system.id} has no disk`,
      explanation: 'A virtual system without a disk can only boot from media or the network.',
      path: ['systems', s, 'disks'],
    });
  }
  if (system.coresPerSocket !== undefined && system.cpus % system.coresPerSocket !== 0) {
    specs.push({
      code: 'PROJECT_CORES_PER_SOCKET',
      severity: 'error',
      message: `${system.cpus} CPUs cannot be split into sockets of ${system.coresPerSocket} cores`,
      explanation: 'Hypervisors build the CPU topology as sockets x cores; the count must divide evenly.',
      path: ['systems', s, 'coresPerSocket'],
      fix: { description: 'remove coresPerSocket (one core per socket)', edits: [{ path: ['systems', s, 'coresPerSocket'], value: undefined }] },
    });
  }
  if (system.secureBoot && system.firmware !== 'efi') {
    specs.push({
      code: 'PROJECT_SECURE_BOOT_NEEDS_EFI',
      severity: 'error',
      message: `${system.id} asks for Secure Boot with BIOS firmware`,
      explanation: 'Secure Boot is a UEFI feature; BIOS firmware has nothing to enforce it.',
      path: ['systems', s, 'secureBoot'],
      fix: { description: 'switch the firmware to efi', edits: [{ path: ['systems', s, 'firmware'], value: 'efi' }] },
    });
  }
  return specs;
}

/**
 * Disks limited to deployment options or sized per option: the options exist, only a blank disk
 * has a size per option (an image's size is fixed), and the disk the system boots from is there
 * in the default option, which deployers pick when nobody chooses and other targets build.
 */
function diskOptionRules(project: Project, system: VirtualSystem, s: number): FindingSpec[] {
  const specs: FindingSpec[] = [];
  const declared = new Set(project.deploymentOptions.map((o) => o.id));
  const fallback = defaultOptionId(project);
  const bootIndex = Math.max(0, system.disks.findIndex((d) => d.boot === true));
  system.disks.forEach((disk, d) => {
    const at = (...rest: (string | number)[]) => ['systems', s, 'disks', d, ...rest];
    const known = (disk.options ?? []).filter((o) => declared.has(o));
    for (const option of (disk.options ?? []).filter((o) => !declared.has(o))) {
      specs.push({
        code: 'PROJECT_DISK_OPTION_UNKNOWN',
        severity: 'error',
        message: `disk "${disk.id}" is limited to deployment option "${option}", which is not declared`,
        explanation: 'A disk limited to options gets ovf:configuration on its Item, which must name Configurations of the DeploymentOptionSection.',
        path: at('options'),
        fix: { description: `remove "${option}" from the disk's options`, edits: [{ path: at('options'), value: known.length > 0 ? known : undefined }] },
      });
    }
    for (const option of Object.keys(disk.optionCapacityMiB ?? {})) {
      const remove = { description: `remove the size for option "${option}"`, edits: [{ path: at('optionCapacityMiB', option), value: undefined }] };
      if (!declared.has(option)) {
        specs.push({
          code: 'PROJECT_DISK_OPTION_UNKNOWN',
          severity: 'error',
          message: `disk "${disk.id}" has a size for deployment option "${option}", which is not declared`,
          explanation: 'A size per option becomes a Disk whose Item carries ovf:configuration naming a Configuration of the DeploymentOptionSection.',
          path: at('optionCapacityMiB', option),
          fix: remove,
        });
      } else if (!diskInOption(disk, option)) {
        specs.push({
          code: 'PROJECT_DISK_OPTION_CAPACITY_UNUSED',
          severity: 'warning',
          message: `disk "${disk.id}" has a size for deployment option "${option}" but does not exist in that option`,
          explanation: 'The disk is limited to other options, so this size is never used.',
          path: at('optionCapacityMiB', option),
          fix: remove,
        });
      }
    }
    if (disk.source && disk.optionCapacityMiB !== undefined) {
      specs.push({
        code: 'PROJECT_DISK_OPTION_CAPACITY_SOURCE',
        severity: 'error',
        message: `disk "${disk.id}" has an image ("${disk.source}") and a size per deployment option`,
        explanation: 'An image has one size, written once into the package; only a blank disk, created at deployment, can take a size per option.',
        path: at('optionCapacityMiB'),
        fix: { description: 'remove the sizes per option', edits: [{ path: at('optionCapacityMiB'), value: undefined }] },
      });
    }
    if (d === bootIndex && fallback !== undefined && !diskInOption(disk, fallback)) {
      specs.push({
        code: 'PROJECT_BOOT_DISK_NOT_IN_DEFAULT',
        severity: 'error',
        message: `${system.id} boots from disk "${disk.id}", which the default deployment option "${fallback}" leaves out`,
        explanation: 'Deployers take the default option when nobody chooses, and targets without deployment options build it; without its boot disk the system cannot start.',
        path: at('options'),
        fix: { description: `add "${fallback}" to the disk's options`, edits: [{ path: at('options'), value: [...(disk.options ?? []), fallback] }] },
      });
    }
  });
  return specs;
}

function networkRules(project: Project): FindingSpec[] {
  const declared = new Set(project.networks.map((n) => n.name));
  const specs: FindingSpec[] = [];
  project.systems.forEach((system, s) =>
    system.nics.forEach((nic, n) => {
      if (declared.has(nic.network)) return;
      declared.add(nic.network);
      specs.push({
        code: 'PROJECT_NETWORK_UNDECLARED',
        severity: 'warning',
        message: `NIC ${n} of ${system.id} joins network "${nic.network}", which the networks list does not declare`,
        explanation: 'The OVF NetworkSection lists every network a NIC joins so the deployer can map it to a real one.',
        path: ['systems', s, 'nics', n, 'network'],
        // Each undeclared network appends at its own index, so all of them can be fixed at once.
        fix: { description: `declare network "${nic.network}"`, edits: [{ path: ['networks', project.networks.length + specs.length], value: { name: nic.network } }] },
      });
    }),
  );
  return specs;
}

/** Whether a property's default fits its CIM type; undefined when it does. */
export function propertyValueProblem(property: Pick<Property, 'type'>, value: string | number | boolean): string | undefined {
  const text = String(value);
  if (property.type === 'boolean') return text === 'true' || text === 'false' ? undefined : 'a boolean is true or false';
  if (property.type === 'real32' || property.type === 'real64') return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? undefined : 'not a number';
  const range = integerRanges[property.type];
  if (range) {
    if (!/^[+-]?\d+$/.test(text)) return 'not an integer';
    const n = BigInt(text);
    return n < range[0] || n > range[1] ? `outside ${property.type} (${range[0]}..${range[1]})` : undefined;
  }
  return undefined;
}

function propertyRules(project: Project): FindingSpec[] {
  const systems = new Set(project.systems.map((s) => s.id));
  const options = new Set(project.deploymentOptions.map((o) => o.id));
  return project.properties.flatMap((property, p): FindingSpec[] => {
    const specs: FindingSpec[] = [];
    for (const [option, value] of Object.entries(property.optionDefaults ?? {})) {
      const path = ['properties', p, 'optionDefaults', option];
      if (!options.has(option)) {
        specs.push({
          code: 'PROJECT_PROPERTY_OPTION_UNKNOWN',
          severity: 'error',
          message: `property "${property.key}" has a default for deployment option "${option}", which is not declared`,
          explanation: 'A per-option default becomes <Value ovf:configuration="..."> and must name a Configuration of the DeploymentOptionSection.',
          path,
          fix: { description: 'remove this per-option default', edits: [{ path, value: undefined }] },
        });
      }
      if (property.password && value !== '') {
        specs.push({
          code: 'PROJECT_PASSWORD_DEFAULT',
          severity: 'warning',
          message: `password property "${property.key}" has a default under deployment option "${option}", which every copy of the package would carry in clear text`,
          explanation: 'An OVF descriptor is plain XML; a default password ships readable to anyone who has the file.',
          path,
          fix: { description: 'remove this per-option default', edits: [{ path, value: undefined }] },
        });
      }
      const problem = propertyValueProblem(property, value);
      if (problem) {
        specs.push({
          code: 'PROJECT_PROPERTY_OPTION_DEFAULT',
          severity: 'error',
          message: `the default of property "${property.key}" under deployment option "${option}" does not fit its type ${property.type}: ${problem}`,
          explanation: 'Deployment tools check property values against the declared type and refuse the package otherwise.',
          path,
        });
      }
    }
    const problem = property.default === undefined ? undefined : propertyValueProblem(property, property.default);
    if (problem) {
      // The value itself stays out of the message: it may be a password.
      specs.push({
        code: 'PROJECT_PROPERTY_DEFAULT',
        severity: 'error',
        message: `the default of property "${property.key}" does not fit its type ${property.type}: ${problem}`,
        explanation: 'Deployment tools check property values against the declared type and refuse the package otherwise.',
        path: ['properties', p, 'default'],
      });
    }
    if (property.password && property.default !== undefined && property.default !== '') {
      specs.push({
        code: 'PROJECT_PASSWORD_DEFAULT',
        severity: 'warning',
        message: `password property "${property.key}" has a default value, which every copy of the package would carry in clear text`,
        explanation: 'An OVF descriptor is plain XML; a default password ships readable to anyone who has the file.',
        path: ['properties', p, 'default'],
        fix: { description: 'remove the default', edits: [{ path: ['properties', p, 'default'], value: undefined }] },
      });
    }
    if (property.system && !systems.has(property.system)) {
      specs.push({
        code: 'PROJECT_SYSTEM_UNKNOWN',
        severity: 'error',
        message: `property "${property.key}" belongs to system "${property.system}", which does not exist`,
        explanation: 'A property lives in the ProductSection of one virtual system.',
        path: ['properties', p, 'system'],
      });
    }
    return specs;
  });
}

function deploymentRules(project: Project): FindingSpec[] {
  const specs: FindingSpec[] = [];
  const defaults = project.deploymentOptions.flatMap((o, i) => (o.default ? [i] : []));
  for (const extra of defaults.slice(1)) {
    specs.push({
      code: 'PROJECT_DEPLOYMENT_DEFAULTS',
      severity: 'error',
      message: `deployment option "${project.deploymentOptions[extra]?.id}" is a second default`,
      explanation: 'DSP0243 allows one default Configuration; deployers otherwise pick arbitrarily.',
      path: ['deploymentOptions', extra, 'default'],
      fix: { description: 'keep only the first default', edits: [{ path: ['deploymentOptions', extra, 'default'], value: false }] },
    });
  }
  const systems = new Set(project.systems.map((s) => s.id));
  project.deploymentOptions.forEach((option, o) => {
    for (const id of Object.keys(option.systems)) {
      if (systems.has(id)) continue;
      specs.push({
        code: 'PROJECT_SYSTEM_UNKNOWN',
        severity: 'error',
        message: `deployment option "${option.id}" changes system "${id}", which does not exist`,
        explanation: 'A deployment option overrides hardware of systems in this project.',
        path: ['deploymentOptions', o, 'systems', id],
      });
    }
  });
  return specs;
}

function startupRules(project: Project): FindingSpec[] {
  const systems = new Set(project.systems.map((s) => s.id));
  const specs: FindingSpec[] = project.startup.flatMap((item, i): FindingSpec[] =>
    systems.has(item.system)
      ? []
      : [
          {
            code: 'PROJECT_SYSTEM_UNKNOWN',
            severity: 'error',
            message: `startup item ${i} names system "${item.system}", which does not exist`,
            explanation: 'The StartupSection orders the systems of this appliance.',
            path: ['startup', i, 'system'],
          },
        ],
  );
  if (project.startup.length > 0 && project.systems.length === 1) {
    specs.push({
      code: 'PROJECT_STARTUP_SINGLE',
      severity: 'info',
      message: 'a startup order is given for a single virtual system and will not be written',
      explanation: 'StartupSection belongs to a VirtualSystemCollection, which only multi-VM appliances have.',
      path: ['startup'],
    });
  }
  return specs;
}
