// The project editor's IPC channels (spread into `contract` in ipc.ts). The project itself crosses
// as a draft: the plain data appliance.yaml holds (defaults not filled in), which the main process
// checks with the engine's own schema and target rules and writes back keeping the file's comments.
// Private keys and passphrases never come back this way: identities cross as certificate summaries.
import { z } from 'zod';
import type { Finding } from './finding.ts';
import type { Location } from './problem.ts';

const path = z.string().min(1).max(4096);

/** What the start page's form gives for a new project. */
const newProjectFields = {
  dir: path,
  name: z.string().min(1).max(256),
  vendor: z.string().max(256).optional(),
  os: z.string().min(1).max(64),
  targets: z.array(z.string().max(64)).max(32),
};
const empty = z.object({}).strict();
const jobStarted = z.object({ jobId: z.string() });

/** appliance.yaml as plain data; the main process parses it with the project schema. */
export type ProjectDraft = { readonly [key: string]: unknown };
const draft = z.record(z.string(), z.unknown());

/** A place in the draft: ['systems', 0, 'disks', 1, 'source']. */
export type DraftPath = readonly (string | number)[];

export interface ProjectSnapshot {
  readonly dir: string;
  readonly file: string;
  readonly draft: ProjectDraft;
  /** SHA-256 of appliance.yaml as last read or written: a different one on disk means someone else edited it. */
  readonly revision: string;
}

/** A field the project schema refuses, with the schema's own words. */
export interface DraftIssue {
  readonly path: DraftPath;
  readonly message: string;
}

export interface DraftEdit {
  readonly path: DraftPath;
  /** The new value; absent removes the key. */
  readonly value?: unknown;
}

export interface TargetFinding extends Finding {
  /** The target the finding is about; absent for project-wide findings. */
  readonly target?: string;
  readonly explanation: string;
  readonly fix?: { readonly description: string; readonly edits: readonly DraftEdit[] };
}

export type TargetBadge = 'pass' | 'warn' | 'fail';

export interface TargetStatus {
  readonly id: string;
  readonly title: string;
  readonly badge: TargetBadge;
  /** What a build for it writes: "OVA (OVF 1.0, VMDK stream-optimized, SHA-256 manifest)". */
  readonly output: string;
  readonly selected: boolean;
}

export interface ProjectCheck {
  /** Schema problems; when any, `findings` holds none (rules need a valid project). */
  readonly issues: readonly DraftIssue[];
  readonly findings: readonly TargetFinding[];
  /** Every known target, the project's own marked `selected`. */
  readonly targets: readonly TargetStatus[];
}

export interface EditorVocabulary {
  /** The project's JSON Schema (input side), from which forms read enums, limits and descriptions. */
  readonly schema: unknown;
  readonly guestOs: readonly { readonly name: string; readonly description: string }[];
  readonly targets: readonly { readonly id: string; readonly title: string; readonly output: string }[];
}

export interface ProjectRecent {
  readonly path: string;
  readonly name: string;
  readonly openedAt: string;
}

/** One field of the deploy form a customer sees, with what the platform checks. */
export interface DeployField {
  readonly key: string;
  readonly category: string;
  readonly label: string;
  readonly description?: string;
  readonly type: string;
  readonly password: boolean;
  readonly userConfigurable: boolean;
  /** ValueMap choices; the field is a list when there are any. */
  readonly choices: readonly string[];
  /** The default the customer starts from under the chosen deployment option. */
  readonly defaultValue: string;
  /** Why the value entered (or the default) would be refused, when it would. */
  readonly problem?: string;
}

/** What one virtual system gets under the deployment option the deploy-form preview shows. */
export interface DeployHardware {
  readonly system: string;
  readonly cpus: number;
  readonly memoryMiB: number;
  /** The disks the option attaches: a blank disk with its size under the option, an image by its path. */
  readonly disks: readonly { readonly id: string; readonly capacityMiB?: number; readonly source?: string }[];
}

export interface AddedDisk {
  /** Project-relative path of the image. */
  readonly source: string;
  readonly format: string;
  readonly virtualBytes: number;
  readonly fileBytes: number;
  /** True when the image was copied into the project folder (disks/ or media/). */
  readonly copied: boolean;
}

export type DiskInfo =
  | { readonly source: string; readonly format: string; readonly virtualBytes: number; readonly fileBytes: number }
  | { readonly source: string; readonly problem: string };

export type IdentityExpiry = 'valid' | 'expiring' | 'expired' | 'not-yet-valid';

export interface Expiry {
  readonly status: IdentityExpiry;
  /** Whole days until notAfter (negative once expired). */
  readonly daysLeft: number;
}

/** What a person needs to choose a signing identity: its certificate's facts, never key material. */
export interface IdentityCertificate {
  readonly id: number;
  readonly label: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly fingerprint: string;
  /** "RSA 2048", "EC prime256v1". */
  readonly keyType: string;
  /** Certificates shipped after the signer's in each .cert. */
  readonly chainLength: number;
  /** Why the certificate may not sign code, when it may not. */
  readonly usageProblem?: string;
  readonly passphraseRemembered: boolean;
  readonly expiry: Expiry;
}

/** An identity as the renderer sees it. */
export interface IdentitySummary extends IdentityCertificate {
  readonly keyPath: string;
  readonly needsPassphrase: boolean;
}

export interface BuiltTarget {
  readonly target: string;
  readonly title: string;
  /** The folder under the output folder that holds this target's files. */
  readonly folder: string;
  readonly files: readonly { readonly name: string; readonly bytes: number; readonly sha256: string }[];
  readonly signed: boolean;
  readonly seconds: number;
}

export interface BuildSummary {
  readonly outDir: string;
  readonly reportHtml: string;
  readonly reportJson: string;
  readonly targets: readonly BuiltTarget[];
  readonly signer?: { readonly subject: string; readonly issuer: string; readonly notAfter: string };
  readonly warnings: number;
  readonly totalSeconds: number;
}

export interface BuildHistoryEntry {
  readonly id: number;
  readonly startedAt: string;
  readonly targets: readonly string[];
  readonly result: string;
  readonly signer?: string;
}

export const projectChannels = {
  /** What the forms are made from: the project schema and the engine's lists. */
  'project:vocabulary': { request: empty, response: z.custom<EditorVocabulary>() },
  'project:recent': {
    request: z.object({ limit: z.number().int().min(1).max(200) }).strict(),
    response: z.object({ items: z.array(z.custom<ProjectRecent>()) }),
  },
  /** A new project folder from the form on the start page (refuses to overwrite a project). */
  'project:create': {
    request: z.object(newProjectFields).strict(),
    response: z.custom<ProjectSnapshot>(),
  },
  /** The same, starting from a disk image: copied into the project's disks/ with progress, then named as the system disk. */
  'project:createFromDisk': {
    request: z.object({ ...newProjectFields, disk: path }).strict(),
    response: jobStarted,
    result: z.custom<ProjectSnapshot>(),
  },
  /**
   * A new project from an OVA, an OVF (file or folder) or a bare disk image, written into `dir`
   * (new or empty). `notes` say what could not be carried over.
   */
  'project:import': {
    request: z.object({ source: path, dir: path }).strict(),
    response: jobStarted,
    result: z.custom<{ readonly snapshot: ProjectSnapshot; readonly notes: readonly { readonly code: string; readonly message: string }[] }>(),
  },
  /** Opens a project folder or its appliance.yaml. */
  'project:open': { request: z.object({ path }).strict(), response: z.custom<ProjectSnapshot>() },
  /** Checks a draft as it is being edited: schema issues, target findings and badges. Writes nothing. */
  'project:check': { request: z.object({ dir: path, draft }).strict(), response: z.custom<ProjectCheck>() },
  /**
   * Writes the draft to appliance.yaml keeping comments. Refused with PROJECT_CHANGED_ON_DISK when
   * the file is no longer at `revision` (someone edited it), unless `force`.
   */
  'project:save': {
    request: z.object({ dir: path, draft, revision: z.string().max(128), force: z.boolean().optional() }).strict(),
    response: z.object({ revision: z.string() }),
  },
  /** The revision of appliance.yaml on disk now, to notice edits made outside the studio. */
  'project:revision': { request: z.object({ dir: path }).strict(), response: z.object({ revision: z.string() }) },
  /**
   * Brings an image into the project and reports its format and sizes: a disk image (copied to
   * disks/ unless already inside) or, with `media`, an ISO for a CD/DVD drive (copied to media/).
   */
  'project:addDisk': {
    request: z.object({ dir: path, source: path, media: z.boolean().optional() }).strict(),
    response: jobStarted,
    result: z.custom<AddedDisk>(),
  },
  /** The deploy form of the draft's properties, checking the values entered in the preview. */
  'project:deployForm': {
    /** `option`: the deployment option whose defaults the form starts from; the project's default option when omitted. */
    request: z.object({ draft, values: z.record(z.string().max(256), z.string().max(65536)), option: z.string().max(64).optional() }).strict(),
    response: z.object({ fields: z.array(z.custom<DeployField>()), hardware: z.array(z.custom<DeployHardware>()) }),
  },
  /**
   * Builds the saved project for the targets, signed with a stored identity when one is chosen. The
   * passphrase is used for this build only, unless `remember` seals it with the desktop's store.
   */
  'project:build': {
    request: z
      .object({
        dir: path,
        targets: z.array(z.string().max(64)).min(1).max(32),
        identityId: z.number().int().min(1).optional(),
        passphrase: z.string().max(1024).optional(),
        remember: z.boolean().optional(),
        output: path.optional(),
      })
      .strict(),
    response: jobStarted,
    result: z.custom<BuildSummary>(),
  },
  /** The detected format and sizes of disk images named in the project, or why one cannot be read. */
  'project:diskInfo': {
    request: z.object({ dir: path, sources: z.array(z.string().min(1).max(1024)).max(256) }).strict(),
    response: z.object({ disks: z.array(z.custom<DiskInfo>()) }),
  },
  'project:builds': {
    request: z.object({ dir: path, limit: z.number().int().min(1).max(200).default(20) }).strict(),
    response: z.object({ entries: z.array(z.custom<BuildHistoryEntry>()) }),
  },
  'identity:list': { request: empty, response: z.object({ identities: z.array(z.custom<IdentitySummary>()) }) },
  /** Imports a PEM key (with certificate and chain) or a PKCS#12; the passphrase is checked, then forgotten unless `remember`. */
  'identity:import': {
    request: z
      .object({
        keyPath: path,
        certPath: path.optional(),
        chainPath: path.optional(),
        passphrase: z.string().max(1024).optional(),
        remember: z.boolean().optional(),
        label: z.string().max(200).optional(),
      })
      .strict(),
    response: z.custom<IdentitySummary>(),
  },
  'identity:remove': { request: z.object({ id: z.number().int().min(1) }).strict(), response: z.object({ removed: z.boolean() }) },
  'identity:forget': { request: z.object({ id: z.number().int().min(1) }).strict(), response: z.custom<IdentitySummary>() },
} as const;

/** `systems[0].disks[1]`: how the editor shows a draft path (the engine's findings use the same form). */
export function formatDraftPath(path: DraftPath): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

/** The draft path a finding's location points at, parsed back from its `path` text. */
export function draftPathOf(location: Location): DraftPath {
  const parts: (string | number)[] = [];
  for (const match of (location.path ?? '').matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(match[2] !== undefined ? Number(match[2]) : (match[1] ?? ''));
  return parts;
}
