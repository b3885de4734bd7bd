// The IPC contract, declared once: every channel the renderer may invoke, with the runtime schema
// of its request and response. The main process registers exactly these channels and parses every
// request with its schema before any handler runs; the preload refuses any other channel name.
// Long jobs answer at once with a job id, then report through JobEvents until they end.
import { z } from 'zod';
import { projectChannels } from './ipc-project.ts';
import type { InspectionHistoryEntry, InspectionReport, Verification } from './inspection.ts';
import type { Problem, ProblemKind } from './problem.ts';
import { progressSchema, type Progress } from './progress.ts';

const path = z.string().min(1).max(4096);
const empty = z.object({}).strict();
const jobStarted = z.object({ jobId: z.string() });

export const digestAlgorithm = z.enum(['sha1', 'sha256', 'sha512']);

const recentItem = z.object({
  path: z.string(),
  kind: z.string(),
  openedAt: z.string(),
  summary: z.string(),
  verification: z.string().optional(),
});
export type RecentItem = z.infer<typeof recentItem>;

export const contract = {
  'app:info': {
    request: empty,
    response: z.object({ version: z.string(), platform: z.string(), catalogPath: z.string() }),
  },
  'dialog:open': {
    request: z.object({ title: z.string().max(200).optional() }).strict(),
    response: z.object({ paths: z.array(z.string()) }),
  },
  'shell:showItem': {
    request: z.object({ path }).strict(),
    response: empty,
  },
  'recent:list': {
    request: z.object({ limit: z.number().int().min(1).max(200) }).strict(),
    response: z.object({ items: z.array(recentItem) }),
  },
  /** Digest of a whole file, as a cancellable job with progress. */
  'digest:start': {
    request: z.object({ path, algorithm: digestAlgorithm }).strict(),
    response: jobStarted,
    result: z.object({ path: z.string(), algorithm: digestAlgorithm, digest: z.string(), bytes: z.number() }),
  },
  /** The inspection report of any file or OVF folder: instant from the catalog when unchanged. */
  'inspect:open': {
    request: z.object({ path, refresh: z.boolean().optional() }).strict(),
    response: z.object({ report: z.custom<InspectionReport>(), fromCatalog: z.boolean() }),
  },
  /** Verifies a package's manifest digests and signature, as a cancellable job with progress. */
  'inspect:verify': {
    request: z.object({ path }).strict(),
    response: jobStarted,
    result: z.custom<Verification>(),
  },
  /** Past inspections of a path, newest first. */
  'inspect:history': {
    request: z.object({ path, limit: z.number().int().min(1).max(200).default(20) }).strict(),
    response: z.object({ entries: z.array(z.custom<InspectionHistoryEntry>()) }),
  },
  /** The latest inspection of a path rendered as JSON, HTML or Markdown, for saving. */
  'inspect:export': {
    request: z.object({ path, format: z.enum(['json', 'html', 'md']) }).strict(),
    response: z.object({ fileName: z.string(), mimeType: z.string(), text: z.string() }),
  },
  ...projectChannels,
  'job:cancel': {
    request: z.object({ jobId: z.string().max(64) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;
export type JobChannel = { [C in Channel]: Contract[C] extends { result: z.ZodType } ? C : never }[Channel];
export type JobResultOf<C extends JobChannel> = Contract[C] extends { result: infer R extends z.ZodType } ? z.output<R> : never;

export const channels = Object.keys(contract) as readonly Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** What every invoke resolves to: errors cross the bridge as Problems, never as thrown objects. */
export type Reply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

/** Names of the two main -> renderer event streams. */
export const JOB_EVENT = 'job:event';
export const OPEN_PATHS_EVENT = 'app:open-paths';

export type JobEvent =
  | { readonly jobId: string; readonly type: 'progress'; readonly progress: Progress }
  | { readonly jobId: string; readonly type: 'done'; readonly result: unknown }
  | { readonly jobId: string; readonly type: 'failed'; readonly problem: Problem }
  | { readonly jobId: string; readonly type: 'cancelled' };

const jobId = z.string().max(64);
// Every kind, checked by the compiler: a kind added to ProblemKind and missing here would make the
// page drop the events that end jobs with it.
const problemKinds = { check: true, usage: true, input: true, cancelled: true, internal: true } satisfies Record<ProblemKind, true>;
const problemSchema = z.object({
  code: z.string().max(128),
  kind: z.enum(Object.keys(problemKinds) as [ProblemKind, ...ProblemKind[]]),
  message: z.string(),
  location: z.object({ file: z.string().optional(), offset: z.number().optional(), path: z.string().optional(), line: z.number().optional() }).optional(),
});

/** A job event as the page receives it: parsed once there, so a malformed one never reaches a view. */
export const jobEventSchema = z.discriminatedUnion('type', [
  z.object({ jobId, type: z.literal('progress'), progress: progressSchema }),
  z.object({ jobId, type: z.literal('done'), result: z.unknown() }),
  z.object({ jobId, type: z.literal('failed'), problem: problemSchema }),
  z.object({ jobId, type: z.literal('cancelled') }),
]) satisfies z.ZodType<JobEvent, unknown>;

/** The object the preload puts on `window.appliance` (and the end-to-end harness imitates). */
export interface ApplianceBridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Reply<ResponseOf<C>>>;
  /** Returns the function that unsubscribes. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  /** Paths the user chose outside the page (File > Open, Open Recent, a second launch's arguments). */
  onOpenPaths(listener: (paths: readonly string[]) => void): () => void;
  /** The filesystem path of a File dropped on the window. */
  pathForFile(file: { readonly name: string }): string;
}
