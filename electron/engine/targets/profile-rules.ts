// The rules every profile gets from its data: firmware, controllers, NIC models, counts and sizes.
// A profile's own `rules` add what the data cannot express.
import { defaultOptionId, diskCapacityMiB, diskInOption } from '../project/deployment.ts';
import { guestOsTable } from '../project/os.ts';
import type { Finding } from './finding.ts';
import { diskKey, offersDeploymentOptions, targetFinding, type RuleContext } from './profile.ts';

const MiB = 1048576;

export function checkProfileRules(context: RuleContext): Finding[] {
  return [...optionRules(context), ...systemCountRule(context), ...propertyRule(context), ...context.project.systems.flatMap((_, s) => systemRules(context, s))];
}

/** What only an OVF descriptor can carry: properties reach no guest, and options offer no choice elsewhere. */
function propertyRule(context: RuleContext): Finding[] {
  const { profile, project } = context;
  const findings: Finding[] = [];
  if (profile.packaging.kind !== 'ovf' && project.properties.length > 0) {
    findings.push(
      targetFinding(context, {
        code: 'TARGET_PROPERTIES_IGNORED',
        severity: 'info',
        message: `${profile.title} has no OVF descriptor; ${project.properties.length} propert${project.properties.length === 1 ? 'y' : 'ies'} will not reach the guest`,
        explanation: 'Without an OVF environment, settings must reach the guest another way (cloud-init, metadata, a script).',
        path: ['properties'],
      }),
    );
  }
  const option = defaultOptionId(project);
  if (option !== undefined && !offersDeploymentOptions(profile)) {
    const others = project.deploymentOptions.filter((o) => o.id !== option).map((o) => `"${o.id}"`);
    const changes = defaultOptionChanges(project, option);
    findings.push(
      targetFinding(context, {
        code: 'TARGET_DEPLOYMENT_OPTIONS_IGNORED',
        severity: 'warning',
        message: `${profile.title} offers no deployment options; it gets the default option "${option}"${others.length > 0 ? ` and drops ${others.join(', ')}` : ''}${changes.length > 0 ? ` (${changes.join('; ')})` : ''}`,
        explanation: profile.why?.deploymentOptions ?? 'Deployment options are an OVF DeploymentOptionSection that only OVF importers offer; this target is built with the CPUs, memory and disks of the default option.',
        path: ['deploymentOptions'],
      }),
    );
  }
  return findings;
}

/** What building only `option` leaves out or changes in the disks, in words. */
function defaultOptionChanges(project: RuleContext['project'], option: string): string[] {
  return project.systems.flatMap((system) =>
    system.disks.flatMap((disk) => {
      const where = project.systems.length > 1 ? `${system.id}/${disk.id}` : disk.id;
      if (!diskInOption(disk, option)) return [`disk "${where}" left out`];
      const sized = Object.keys(disk.optionCapacityMiB ?? {}).length > 0;
      return sized ? [`disk "${where}" at its "${option}" size of ${diskCapacityMiB(disk, option)} MiB`] : [];
    }),
  );
}

function optionRules(context: RuleContext): Finding[] {
  const { entry, entryIndex, profile } = context;
  return (Object.keys(entry) as (keyof typeof entry)[])
    .filter((key) => key !== 'id' && entry[key] !== undefined && !profile.options.includes(key))
    .map((key) =>
      targetFinding(context, {
        code: 'TARGET_OPTION_IGNORED',
        severity: 'warning',
        message: `option "${key}" means nothing to ${profile.title} and is ignored`,
        explanation: `${profile.title} reads only ${profile.options.length > 0 ? profile.options.join(', ') : 'no options'}.`,
        path: ['targets', entryIndex, key],
        fix: { description: `remove "${key}"`, edits: [{ path: ['targets', entryIndex, key], value: undefined }] },
      }),
    );
}

function systemCountRule(context: RuleContext): Finding[] {
  const { profile, project } = context;
  if (profile.maxSystems === undefined || project.systems.length <= profile.maxSystems) return [];
  return [
    targetFinding(context, {
      code: 'TARGET_TOO_MANY_SYSTEMS',
      severity: 'error',
      message: `${profile.title} takes ${profile.maxSystems} virtual system per package; the project has ${project.systems.length}`,
      explanation:
        profile.packaging.kind === 'ovf'
          ? 'Its importer reads only /Envelope/VirtualSystem; a VirtualSystemCollection is not imported.'
          : 'The platform imports disk images one machine at a time.',
      path: ['systems'],
    }),
  ];
}

function systemRules(context: RuleContext, s: number): Finding[] {
  const { profile, entry, project } = context;
  const system = project.systems[s];
  if (!system) return [];
  const findings: Finding[] = [];
  const at = (...rest: (string | number)[]) => ['systems', s, ...rest];
  const firmware = profile.firmware(entry);
  if (!firmware.includes(system.firmware)) {
    const switchTo = profile.firmwareOption?.(system.firmware);
    findings.push(
      targetFinding(context, {
        code: 'TARGET_FIRMWARE_UNSUPPORTED',
        severity: 'error',
        message: `${profile.title} cannot boot ${system.id} with ${system.firmware.toUpperCase()} firmware`,
        explanation: `${profile.title} offers ${firmware.map((f) => f.toUpperCase()).join(' or ')} only.`,
        path: at('firmware'),
        ...(switchTo ? { fix: { description: switchTo.description, edits: [{ path: ['targets', context.entryIndex, switchTo.option], value: switchTo.value }] } } : {}),
      }),
    );
  }
  if (system.secureBoot && !profile.secureBoot) {
    findings.push(
      targetFinding(context, {
        code: 'TARGET_SECURE_BOOT_UNSUPPORTED',
        severity: 'warning',
        message: `${profile.title} packages carry no Secure Boot setting; ${system.id} will boot without it`,
        explanation: 'The platform either has no Secure Boot or sets it outside the imported package.',
        path: at('secureBoot'),
      }),
    );
  }
  if (profile.only64Bit && guestOsTable[system.os].bits !== 64) {
    findings.push(
      targetFinding(context, {
        code: 'TARGET_32BIT_GUEST',
        severity: 'error',
        message: `${profile.title} imports 64-bit guests only; ${system.id} declares ${guestOsTable[system.os].description}`,
        explanation: profile.why?.only64Bit ?? `${profile.title} runs only 64-bit guests.`,
        path: at('os'),
      }),
    );
  }
  system.controllers.forEach((controller, c) => {
    if (profile.controllers.includes(controller.type)) return;
    const used = system.disks.some((d) => d.controller === controller.id) || system.media.some((m) => m.controller === controller.id);
    if (!used) return;
    const fallback = profile.controllerFallback;
    findings.push(
      targetFinding(context, {
        code: 'TARGET_CONTROLLER_UNSUPPORTED',
        severity: fallback ? 'warning' : 'error',
        message: fallback
          ? `${profile.title} attaches the disks of ${controller.type} controller "${controller.id}" to ${fallback.toUpperCase()} instead`
          : `${profile.title} has no ${controller.type} controller for "${controller.id}"`,
        explanation: `${profile.title} offers ${profile.controllers.join(', ')} controllers.`,
        path: at('controllers', c, 'type'),
        fix: { description: `make "${controller.id}" a ${fallback ?? profile.controllers[0]} controller`, edits: [{ path: at('controllers', c, 'type'), value: fallback ?? profile.controllers[0] }] },
      }),
    );
  });
  const nics = profile.nics;
  if (nics) system.nics.forEach((nic, n) => {
    const model = nic.model ?? 'e1000e';
    if (nics.models.includes(model)) return;
    findings.push(
      targetFinding(context, {
        code: 'TARGET_NIC_MODEL_SUBSTITUTED',
        severity: 'info',
        message: `${profile.title} has no ${model} NIC; NIC ${n} of ${system.id} becomes ${nics.fallback}`,
        explanation: `${profile.title} offers ${nics.models.join(', ')}.`,
        path: at('nics', n, 'model'),
      }),
    );
  });
  // Disks the largest option attaches (the default option's, where the target offers no choice).
  const counts = offersDeploymentOptions(profile) && project.deploymentOptions.length > 0 ? project.deploymentOptions.map((o) => o.id) : [defaultOptionId(project)];
  const diskCount = Math.max(...counts.map((o) => system.disks.filter((disk) => diskInOption(disk, o)).length));
  if (profile.maxDisks !== undefined && diskCount > profile.maxDisks) {
    findings.push(
      targetFinding(context, {
        code: 'TARGET_TOO_MANY_DISKS',
        severity: 'error',
        message: `${profile.title} takes at most ${profile.maxDisks} disk(s) per machine; ${system.id} has ${diskCount}`,
        explanation: profile.why?.maxDisks ?? `${profile.title} imports a limited number of disks.`,
        path: at('disks'),
      }),
    );
  }
  if (profile.maxMedia !== undefined && system.media.length > profile.maxMedia) {
    findings.push(
      targetFinding(context, {
        code: 'TARGET_TOO_MANY_MEDIA',
        severity: 'warning',
        message: `${profile.title} creates at most ${profile.maxMedia} CD/DVD drive(s); ${system.media.length - profile.maxMedia} of ${system.id}'s will be dropped`,
        explanation: profile.why?.maxMedia ?? `${profile.title} packages carry no CD/DVD media.`,
        path: at('media'),
      }),
    );
  }
  // The sizes this target really gets: every option's where the deployer chooses, else the default option's.
  const offered = offersDeploymentOptions(profile);
  const option = defaultOptionId(project);
  system.disks.forEach((disk, d) => {
    const sizes: { mib: number; field: (string | number)[] }[] = [];
    const sized = (mib: number | undefined, field: (string | number)[]) => {
      const bytes = mib !== undefined ? mib * MiB : context.sources.get(diskKey(system, disk.id))?.virtualSize;
      if (bytes !== undefined) sizes.push({ mib: Math.ceil(bytes / MiB), field });
    };
    if (offered) {
      sized(disk.capacityMiB, ['capacityMiB']);
      for (const [id, mib] of Object.entries(disk.optionCapacityMiB ?? {})) sizes.push({ mib, field: ['optionCapacityMiB', id] });
    } else if (diskInOption(disk, option)) {
      const own = option !== undefined && disk.optionCapacityMiB?.[option] !== undefined;
      sized(diskCapacityMiB(disk, option), own ? ['optionCapacityMiB', option] : ['capacityMiB']);
    }
    for (const { mib, field } of sizes) {
      const where = field[0] === 'optionCapacityMiB' ? ` under option "${field[1]}"` : '';
      if (profile.maxDiskMiB !== undefined && mib > profile.maxDiskMiB) {
        findings.push(
          targetFinding(context, {
            code: 'TARGET_DISK_TOO_LARGE',
            severity: 'error',
            message: `disk "${disk.id}" is ${mib} MiB${where}; ${profile.title} takes at most ${profile.maxDiskMiB} MiB`,
            explanation: `The ${profile.diskFormat(entry)} format or the importer of ${profile.title} has this limit.`,
            path: at('disks', d),
          }),
        );
      }
      const multiple = profile.diskMultipleMiB;
      if (multiple !== undefined && mib % multiple !== 0) {
        const rounded = Math.ceil(mib / multiple) * multiple;
        findings.push(
          targetFinding(context, {
            code: 'TARGET_DISK_SIZE_ALIGNMENT',
            severity: 'warning',
            message: `disk "${disk.id}" is ${mib} MiB${where}; ${profile.title} wants a multiple of ${multiple} MiB`,
            explanation: profile.why?.diskMultipleMiB ?? `${profile.title} needs aligned virtual sizes.`,
            path: at('disks', d),
            fix: { description: `set ${field.join('.')} to ${rounded}`, edits: [{ path: at('disks', d, ...field), value: rounded }] },
          }),
        );
      }
    }
  });
  return findings;
}
