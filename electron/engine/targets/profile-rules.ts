// The rules every profile gets from its data: firmware, controllers, NIC models, counts and sizes.
// A profile's own `rules` add what the data cannot express.
import { guestOsTable } from '../project/os.ts';
import type { Finding } from './finding.ts';
import { diskKey, targetFinding, type RuleContext } from './profile.ts';

const MiB = 1048576;

export function checkProfileRules(context: RuleContext): Finding[] {
  return [...optionRules(context), ...systemCountRule(context), ...propertyRule(context), ...context.project.systems.flatMap((_, s) => systemRules(context, s))];
}

/** What only an OVF descriptor can carry: properties reach no guest and options offer no choice elsewhere. */
function propertyRule(context: RuleContext): Finding[] {
  const { profile, project } = context;
  if (profile.packaging.kind === 'ovf') return [];
  const findings: Finding[] = [];
  if (project.properties.length > 0) {
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
  if (project.deploymentOptions.length > 0) {
    findings.push(
      targetFinding(context, {
        code: 'TARGET_DEPLOYMENT_OPTIONS_IGNORED',
        severity: 'info',
        message: `${profile.title} has no OVF descriptor; it gets the declared hardware, not a choice of ${project.deploymentOptions.length} deployment options`,
        explanation: 'Deployment options are an OVF DeploymentOptionSection; other outputs are built with the base CPUs and memory.',
        path: ['deploymentOptions'],
      }),
    );
  }
  return findings;
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
  if (profile.maxDisks !== undefined && system.disks.length > profile.maxDisks) {
    findings.push(
      targetFinding(context, {
        code: 'TARGET_TOO_MANY_DISKS',
        severity: 'error',
        message: `${profile.title} takes at most ${profile.maxDisks} disk(s) per machine; ${system.id} has ${system.disks.length}`,
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
  system.disks.forEach((disk, d) => {
    const bytes = disk.capacityMiB !== undefined ? disk.capacityMiB * MiB : context.sources.get(diskKey(system, disk.id))?.virtualSize;
    if (bytes === undefined) return;
    const mib = Math.ceil(bytes / MiB);
    if (profile.maxDiskMiB !== undefined && mib > profile.maxDiskMiB) {
      findings.push(
        targetFinding(context, {
          code: 'TARGET_DISK_TOO_LARGE',
          severity: 'error',
          message: `disk "${disk.id}" is ${mib} MiB; ${profile.title} takes at most ${profile.maxDiskMiB} MiB`,
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
          message: `disk "${disk.id}" is ${mib} MiB; ${profile.title} wants a multiple of ${multiple} MiB`,
          explanation: profile.why?.diskMultipleMiB ?? `${profile.title} needs aligned virtual sizes.`,
          path: at('disks', d),
          fix: { description: `set capacityMiB to ${rounded}`, edits: [{ path: at('disks', d, 'capacityMiB'), value: rounded }] },
        }),
      );
    }
  });
  return findings;
}
