// "Importable where": the inspected file held against each target profile's data (issue 8's
// targets/): the container the platform takes, its disk format, controllers, NIC models and limits.
// A file a platform takes as it is gets "yes"; one the studio can rebuild for it gets "convert"
// with the reasons; one past a hard limit of the platform gets "no".
import type { InputKind, TargetVerdict } from '../../common/inspection.ts';
import { formatBytes } from '../../common/progress.ts';
import { targetProfiles } from '../targets/index.ts';
import type { Envelope } from '../ovf/model.ts';
import { virtualSystems } from '../ovf/model.ts';
import type { ControllerType } from '../project/schema.ts';
import type { DiskFormat, TargetProfile } from '../targets/profile.ts';

/** What the inspection measured that a target cares about. */
export interface ImportFacts {
  readonly kind: InputKind;
  readonly systems: number;
  /** Each disk's format as a target names it, or undefined when it is one no target writes. */
  readonly diskFormats: readonly (DiskFormat | undefined)[];
  readonly largestDiskBytes?: number;
  readonly controllers: readonly ControllerType[];
  /** NIC models named by ResourceSubType, lower-cased. */
  readonly nicModels: readonly string[];
}

const packagingNames: Record<TargetProfile['packaging']['kind'], string> = {
  ovf: 'an OVF package',
  'hyperv-script': 'a Hyper-V import folder (disks and a PowerShell script)',
  'disk-images': 'fixed VHD disk images',
  'gce-tar': 'a gzip-compressed tar holding disk.raw',
  libvirt: 'qcow2 disks and a libvirt domain',
};

/** "VMDK streamOptimized", "VHD fixed", "QCOW2" ... -> the target vocabulary. */
export function targetDiskFormat(name: string): DiskFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.includes('vmdk')) return lower.includes('stream') ? 'vmdk-stream' : undefined;
  if (lower.includes('vhdx')) return 'vhdx';
  if (lower.includes('vhd')) return lower.includes('fixed') ? 'vhd-fixed' : 'vhd-dynamic';
  if (lower.includes('qcow')) return 'qcow2';
  if (lower === 'raw' || lower.startsWith('raw ')) return 'raw';
  return undefined;
}

/** The controller types and NIC models an envelope's hardware sections use. */
export function hardwareFacts(envelope: Envelope): { controllers: ControllerType[]; nicModels: string[] } {
  const items = virtualSystems(envelope.content).flatMap((system) => system.hardware.flatMap((section) => section.items));
  const controllers = new Set<ControllerType>();
  const nicModels = new Set<string>();
  for (const item of items) {
    const subType = (item.resourceSubType ?? '').toLowerCase();
    if (item.resourceType === 5) controllers.add('ide');
    else if (item.resourceType === 6) controllers.add(subType.includes('virtio') ? 'virtio-scsi' : 'scsi');
    else if (item.resourceType === 20) controllers.add(subType.includes('nvme') ? 'nvme' : 'sata');
    else if (item.resourceType === 10 && subType) nicModels.add(subType);
  }
  return { controllers: [...controllers], nicModels: [...nicModels] };
}

function verdictFor(profile: TargetProfile, facts: ImportFacts): TargetVerdict {
  const blockers: string[] = [];
  const conversions: string[] = [];
  const wanted = profile.diskFormat({ id: profile.id });
  if (profile.maxSystems !== undefined && facts.systems > profile.maxSystems) {
    blockers.push(`${facts.systems} virtual systems; ${profile.title} imports at most ${profile.maxSystems}`);
  }
  if (profile.maxDiskMiB !== undefined && facts.largestDiskBytes !== undefined && facts.largestDiskBytes > profile.maxDiskMiB * 2 ** 20) {
    blockers.push(`a ${formatBytes(facts.largestDiskBytes)} disk; the limit is ${formatBytes(profile.maxDiskMiB * 2 ** 20)}`);
  }
  const isPackage = facts.kind === 'ova' || facts.kind === 'ovf' || facts.kind === 'ovf-folder';
  if (!isPackage) {
    const format = facts.diskFormats[0];
    const takesBareDisk = (profile.packaging.kind === 'disk-images' || profile.packaging.kind === 'libvirt') && format === wanted;
    if (!takesBareDisk) conversions.push(`needs ${packagingNames[profile.packaging.kind]} built around the disk`);
  } else {
    if (profile.packaging.kind !== 'ovf') conversions.push(`does not import OVF: needs ${packagingNames[profile.packaging.kind]}`);
    const otherFormats = [...new Set(facts.diskFormats.filter((format) => format !== wanted).map((format) => format ?? 'a format it does not read'))];
    if (otherFormats.length > 0) conversions.push(`disks are ${otherFormats.join(', ')}; it takes ${wanted}`);
    const controllers = [...new Set(facts.controllers.filter((controller) => !profile.controllers.includes(controller)))];
    if (controllers.length > 0) conversions.push(`no ${controllers.join('/')} controller${profile.controllerFallback ? `: disks move to ${profile.controllerFallback}` : ''}`);
    const known: readonly string[] | undefined = profile.nics?.models;
    const nics = known ? [...new Set(facts.nicModels.filter((model) => !known.includes(model)))] : [];
    if (nics.length > 0) conversions.push(`NIC model ${nics.join(', ')} becomes ${profile.nics?.fallback ?? 'the default'}`);
  }
  const verdict = blockers.length > 0 ? 'no' : conversions.length > 0 ? 'convert' : 'yes';
  return { target: profile.id, title: profile.title, verdict, reasons: [...blockers, ...conversions] };
}

export function importability(facts: ImportFacts): TargetVerdict[] {
  if (facts.kind === 'unknown' || facts.kind === 'iso') return [];
  return targetProfiles.map((profile) => verdictFor(profile, facts));
}
