// The inspection report: what the studio knows about one dropped file, assembled once by the
// engine (electron/engine/inspect) and rendered by the CLI, the renderer and the HTML/Markdown
// exports. Plain readonly data, so it crosses IPC and lives in the catalog as JSON unchanged.
import type { Finding } from './finding.ts';
import type { Problem } from './problem.ts';

/** What a file is, decided from its content first and its name second. */
export type InputKind = 'ova' | 'ovf' | 'ovf-folder' | 'vmdk' | 'vhd' | 'vhdx' | 'qcow2' | 'raw' | 'iso' | 'xva' | 'unknown';

export const inputKindLabels: Readonly<Record<InputKind, string>> = {
  ova: 'OVA package',
  ovf: 'OVF descriptor',
  'ovf-folder': 'OVF folder',
  vmdk: 'VMDK disk image',
  vhd: 'VHD disk image',
  vhdx: 'VHDX disk image',
  qcow2: 'QCOW2 disk image',
  raw: 'Raw disk image',
  iso: 'ISO 9660 image',
  xva: 'XenServer XVA export',
  unknown: 'Unrecognised file',
};

/** Whether a target's importer takes the file as it is, after a conversion, or not at all. */
export type Importability = 'yes' | 'convert' | 'no';

export interface TargetVerdict {
  readonly target: string;
  readonly title: string;
  readonly verdict: Importability;
  /** Why not, or what conversion is needed; empty when the target takes it as it is. */
  readonly reasons: readonly string[];
}

export interface Overview {
  /** One line for lists and the catalog: "Acme Router 2.1 (Acme Inc.)" or "VMDK, 8.00 GiB". */
  readonly summary: string;
  readonly product?: string;
  readonly vendor?: string;
  readonly version?: string;
  readonly productUrl?: string;
  /** The vendor's own words about the appliance (the first AnnotationSection). */
  readonly description?: string;
  readonly systems: readonly string[];
  readonly totalDiskBytes?: number;
  /** Who signed the package, from its certificate; absent when it carries none. */
  readonly signedBy?: string;
  readonly importableWhere: readonly TargetVerdict[];
}

/** One row of a virtual hardware table (a RASD/SASD/EPASD item). */
export interface HardwareRow {
  readonly instanceId: string;
  readonly type: string;
  readonly name: string;
  /** "2 vCPU", "4.00 GiB", "IDE 0:1" ... */
  readonly quantity: string;
  readonly details: string;
  readonly line: number;
}

/** The hardware a system gets under one deployment option (the default one when there are none). */
export interface HardwareTable {
  readonly configuration?: string;
  readonly configurationLabel?: string;
  readonly systemTypes: readonly string[];
  readonly rows: readonly HardwareRow[];
}

export interface SystemReport {
  readonly id: string;
  readonly name: string;
  readonly operatingSystem?: string;
  readonly tables: readonly HardwareTable[];
  readonly line: number;
}

export interface DeploymentOptionReport {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly isDefault: boolean;
}

export interface PartitionReport {
  readonly index: number;
  readonly type: string;
  readonly offset: number;
  readonly size: number;
  readonly filesystem?: string;
  readonly label?: string;
}

export interface DiskReport {
  readonly id: string;
  /** The file holding it (package member or path), when there is one. */
  readonly file?: string;
  readonly format: string;
  readonly virtualBytes?: number;
  /** Bytes the image occupies (the file's size or the descriptor's populatedSize). */
  readonly allocatedBytes?: number;
  readonly partitionTable?: string;
  readonly partitions: readonly PartitionReport[];
  readonly details: Readonly<Record<string, string>>;
  /** Where the descriptor and the disk's own bytes disagree (a package's disks only). */
  readonly findings?: readonly Finding[];
}

/** A disk's layout in one line: "MBR: 1 Linux ext4, 2 Linux swap", or its whole-disk filesystem. */
export function diskLayout(disk: DiskReport): string {
  if (disk.partitionTable) {
    const parts = disk.partitions.map((p) => `${p.index} ${p.type}${p.filesystem ? ` ${p.filesystem}` : ''}`);
    return `${disk.partitionTable}: ${parts.length > 0 ? parts.join(', ') : 'no partitions'}`;
  }
  return disk.details.filesystem ?? '';
}

export interface NetworkReport {
  readonly name: string;
  readonly description?: string;
  readonly line: number;
}

/** A ProductSection property as the deploy form shows it. */
export interface PropertyReport {
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  readonly type: string;
  readonly defaultValue?: string;
  /** Allowed values from a ValueMap qualifier; the form shows a list. */
  readonly choices: readonly string[];
  readonly userConfigurable: boolean;
  readonly password: boolean;
  readonly category?: string;
  readonly system: string;
  readonly line: number;
}

export interface EulaReport {
  readonly system: string;
  readonly text: string;
  readonly line: number;
}

export type MemberRole = 'descriptor' | 'manifest' | 'certificate' | 'disk' | 'file' | 'extra';

export interface MemberReport {
  readonly name: string;
  readonly size: number;
  /** Where its data starts in the archive (OVA) or 0 (folder). */
  readonly offset: number;
  readonly role: MemberRole;
}

export interface PackageReport {
  readonly container: 'tar' | 'folder';
  /** ustar, gnu, pax ... as the archive's headers show. */
  readonly dialect?: string;
  readonly members: readonly MemberReport[];
  readonly manifest?: string;
  readonly certificate?: string;
}

export interface DescriptorText {
  readonly name: string;
  readonly text: string;
  readonly encoding?: string;
}

/**
 * unlisted: present but not in the manifest; outside: named outside the package, never opened;
 * wrong-size: its size is not the ovf:size the descriptor declares (importers refuse it).
 */
export type FileVerdict = 'ok' | 'mismatch' | 'missing' | 'unlisted' | 'outside' | 'unchecked' | 'wrong-size';

/** The verdicts that make a package damaged. */
export const damagingVerdicts: readonly FileVerdict[] = ['mismatch', 'missing', 'outside', 'wrong-size'];

export interface FileCheck {
  readonly name: string;
  readonly verdict: FileVerdict;
  readonly algorithm?: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly size?: number;
  /** ovf:size from the descriptor, when given. */
  readonly declaredSize?: number;
}

export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly serialNumber: string;
  /** SHA-256, colon-separated upper-case hex as browsers show it. */
  readonly fingerprint: string;
  /** "RSA 2048", "EC prime256v1". */
  readonly key: string;
  readonly selfSigned: boolean;
  /** Where it came from: the package's .cert, or a trust store. */
  readonly source: string;
}

export type SignatureVerdict = 'trusted' | 'untrusted' | 'expired' | 'not-yet-valid' | 'wrong-usage' | 'bad-signature' | 'manifest-altered' | 'malformed' | 'absent';

export interface SignatureCheck {
  readonly verdict: SignatureVerdict;
  readonly message: string;
  readonly algorithm?: string;
  /** Signer first, root last. */
  readonly chain: readonly CertificateInfo[];
}

/** The result of verifying a package: every listed file, and the signature. */
export interface Verification {
  /** intact: every digest matched; damaged: something did not; unverifiable: no manifest. */
  readonly outcome: 'intact' | 'damaged' | 'unverifiable';
  /** One line for the catalog and the recent list. */
  readonly summary: string;
  readonly files: readonly FileCheck[];
  readonly signature: SignatureCheck;
  readonly verifiedAt: string;
}

export interface InspectionReport {
  readonly path: string;
  readonly name: string;
  readonly kind: InputKind;
  readonly size: number;
  readonly mtimeMs: number;
  readonly inspectedAt: string;
  /** How long assembling the report took, in milliseconds. */
  readonly elapsedMs: number;
  readonly overview: Overview;
  readonly systems: readonly SystemReport[];
  readonly deploymentOptions: readonly DeploymentOptionReport[];
  readonly disks: readonly DiskReport[];
  readonly networks: readonly NetworkReport[];
  readonly properties: readonly PropertyReport[];
  readonly eulas: readonly EulaReport[];
  readonly package?: PackageReport;
  readonly descriptor?: DescriptorText;
  readonly findings: readonly Finding[];
  /** Why the file could not be understood at all; the rest of the report is then mostly empty. */
  readonly problem?: Problem;
  /** Whether a verification job has anything to check (a manifest or signature). */
  readonly verifiable: boolean;
  readonly verification?: Verification;
}

/** A past inspection of a path, from the catalog. */
export interface InspectionHistoryEntry {
  readonly inspectedAt: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly summary: string;
  readonly verification?: string;
}

/** Formats that `appliance inspect --report` and the studio's Export menu produce. */
export type ReportFormat = 'json' | 'html' | 'md';
