// The shape every target profile fills in: what the platform imports (container, disk format, OVF
// dialect) and what hardware it accepts, as data; plus small rule functions for what data cannot
// say. Facts and their sources: ../shared/reference/targets.md.
import type { SourceDisk } from '../project/disk-size.ts';
import type { LoadedProject, ProjectPath } from '../project/file.ts';
import { locate } from '../project/file.ts';
import type { ControllerType, Nic, Project, TargetEntry, TargetId, VirtualSystem } from '../project/schema.ts';
import type { Finding, Fix, Severity } from './finding.ts';

export type DiskFormat = 'vmdk-stream' | 'vhd-dynamic' | 'vhd-fixed' | 'vhdx' | 'qcow2' | 'raw';
export type NicModel = NonNullable<Nic['model']>;
export type Firmware = VirtualSystem['firmware'];

/** How the platform takes the appliance in. */
export type Packaging =
  /** An OVF descriptor with its disks, as one .ova or an OVF folder (the project's `package` option). */
  | {
      readonly kind: 'ovf';
      readonly dialect: OvfDialect;
      /** Whether the importer offers the DeploymentOptionSection's choice; without it, the package holds the default option only. */
      readonly deploymentOptions: boolean;
      /** The importer reads a file for every Disk (virt-v2v): blank disks ship as empty images instead of a bare capacity. */
      readonly blankDisksAsFiles?: boolean;
    }
  /** Hyper-V: a folder of disks and a PowerShell script that creates the VM. */
  | { readonly kind: 'hyperv-script' }
  /** Azure: fixed VHD page blobs, one per disk. */
  | { readonly kind: 'disk-images' }
  /** GCE: each disk as `disk.raw` in a gzip-compressed tar. */
  | { readonly kind: 'gce-tar' }
  /** libvirt: qcow2 disks and a domain XML. */
  | { readonly kind: 'libvirt' };

export interface OvfDialect {
  /** Which vendor extensions the descriptor carries. */
  readonly flavour: 'vmware' | 'xen' | 'virtualbox' | 'generic';
  /** VirtualSystemType of the hardware section, from the target entry's options. */
  readonly systemType: (entry: TargetEntry) => string;
  readonly manifest: 'sha1' | 'sha256';
}

export interface TargetProfile {
  readonly id: TargetId;
  readonly title: string;
  readonly packaging: Packaging;
  /** The disk format per target entry (Hyper-V depends on the generation). */
  readonly diskFormat: (entry: TargetEntry) => DiskFormat;
  readonly firmware: (entry: TargetEntry) => readonly Firmware[];
  readonly secureBoot: boolean;
  /** Disk controllers the platform attaches disks to as declared. */
  readonly controllers: readonly ControllerType[];
  /** What a disk on another controller type becomes, if the platform converts rather than refuses. */
  readonly controllerFallback?: ControllerType;
  /** NIC models the package can declare; absent when the platform picks its own adapter (Hyper-V, clouds). */
  readonly nics?: { readonly models: readonly NicModel[]; readonly fallback: NicModel };
  readonly maxSystems?: number;
  readonly maxDisks?: number;
  readonly maxMedia?: number;
  /** Largest virtual disk the platform's format or importer takes, in MiB. */
  readonly maxDiskMiB?: number;
  /** Virtual sizes must be a multiple of this many MiB. */
  readonly diskMultipleMiB?: number;
  readonly only64Bit?: boolean;
  /** Why each limit above exists, in the platform's terms (shown with the finding). */
  readonly why?: { readonly maxDisks?: string; readonly maxMedia?: string; readonly only64Bit?: string; readonly diskMultipleMiB?: string; readonly deploymentOptions?: string };
  /** The entry option that switches to a platform variant booting `firmware` (Hyper-V's generation). */
  readonly firmwareOption?: (firmware: Firmware) => { readonly description: string; readonly option: Exclude<keyof TargetEntry, 'id'>; readonly value: unknown };
  /** Options of the target entry this profile reads; others are reported as ignored. */
  readonly options: readonly Exclude<keyof TargetEntry, 'id'>[];
  readonly rules: readonly Rule[];
}

export interface RuleContext {
  readonly loaded: LoadedProject;
  readonly project: Project;
  readonly entry: TargetEntry;
  /** Where the entry sits in `targets`. */
  readonly entryIndex: number;
  readonly profile: TargetProfile;
  /** Facts of each disk source that could be read, keyed by "system/disk". */
  readonly sources: ReadonlyMap<string, SourceDisk>;
}

export type Rule = (context: RuleContext) => Finding[];

export interface FindingSpec {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly explanation: string;
  readonly path: ProjectPath;
  readonly fix?: Fix;
}

/** Builds a finding located in the project (file, element path and line). */
export function projectFinding(loaded: LoadedProject, spec: FindingSpec, target?: TargetId): Finding {
  const { path, fix, ...rest } = spec;
  return {
    ...rest,
    ...(target ? { target } : {}),
    location: locate('appliance.yaml', path, loaded.lineOf),
    ...(fix ? { fix } : {}),
  };
}

export function targetFinding(context: RuleContext, spec: FindingSpec): Finding {
  return projectFinding(context.loaded, spec, context.profile.id);
}

export const diskKey = (system: VirtualSystem, diskId: string) => `${system.id}/${diskId}`;

/** Whether the platform lets the deployer choose a deployment option; the others get the default one built. */
export function offersDeploymentOptions(profile: TargetProfile): boolean {
  return profile.packaging.kind === 'ovf' && profile.packaging.deploymentOptions;
}

/** Whether blank disks go into the package as image files (always outside OVF, where there is no DiskSection to declare them). */
export function shipsBlankDisks(profile: TargetProfile): boolean {
  return profile.packaging.kind !== 'ovf' || profile.packaging.blankDisksAsFiles === true;
}
