// The handler table: one function per IPC channel, plain Node (no `electron` import), so the
// end-to-end tests run exactly this table behind a scripted Host. `dispatch` is the only way in:
// it refuses unknown channels and parses every request with the contract's schema.
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { output } from 'zod';
import { contract, isChannel, type Channel, type JobEvent, type Reply, type ResponseOf } from '../common/ipc.ts';
import type { Problem } from '../common/problem.ts';
import type { Catalog } from '../engine/catalog/catalog.ts';
import { digestFile } from '../engine/digest.ts';
import { fileError, inputError, isEngineError } from '../engine/errors.ts';
import { renderReport } from '../engine/inspect/export.ts';
import { openInspection } from '../engine/inspect/open.ts';
import { InspectionRecords } from '../engine/inspect/record.ts';
import { verifyForInspection } from '../engine/inspect/verify.ts';
import type { Host } from './host.ts';
import { JobRunner } from './jobs.ts';
import { projectHandlers } from './project-handlers.ts';

/** A handler receives the request after its schema parsed it (defaults applied). */
type Handlers = { [C in Channel]: (request: output<(typeof contract)[C]['request']>) => Promise<ResponseOf<C>> };

export interface HandlerContext {
  readonly host: Host;
  readonly catalog: Catalog;
  readonly version: string;
  readonly emitJobEvent: (event: JobEvent) => void;
}

export interface HandlerTable {
  dispatch(channel: unknown, request: unknown): Promise<Reply<unknown>>;
  readonly jobs: JobRunner;
}

export function createHandlerTable(context: HandlerContext): HandlerTable {
  const jobs = new JobRunner(context.emitJobEvent);
  const records = new InspectionRecords(context.catalog);
  const home = dirname(context.catalog.path);
  const handlers: Handlers = {
    'app:info': async () => ({ version: context.version, platform: process.platform, catalogPath: context.catalog.path }),
    'dialog:open': async ({ title }) => ({ paths: await context.host.chooseFiles(title === undefined ? {} : { title }) }),
    'shell:showItem': async ({ path }) => {
      context.host.showItemInFolder(path);
      return {};
    },
    'recent:list': async ({ limit }) => ({ items: context.catalog.recent(limit) }),
    'digest:start': async ({ path, algorithm }) => ({
      jobId: jobs.start(async (job) => ({ path, algorithm, ...(await digestFile(path, algorithm, job)) })),
    }),
    'inspect:open': async ({ path, refresh }) => openInspection(records, path, refresh === undefined ? {} : { refresh }),
    'inspect:verify': async ({ path }) => ({
      jobId: jobs.start(async (job) => {
        const before = await stat(path).catch((error: unknown) => Promise.reject(fileError(error, path)));
        const verification = await verifyForInspection(path, home, job);
        records.saveVerification(path, before.isDirectory() ? 0 : before.size, Math.trunc(before.mtimeMs), verification);
        return verification;
      }),
    }),
    'inspect:history': async ({ path, limit }) => ({ entries: records.history(path, limit) }),
    'inspect:export': async ({ path, format }) => {
      const report = records.latest(path);
      if (!report) throw inputError('INSPECT_NOT_OPENED', 'open the file before exporting its inspection', { file: path });
      return renderReport(report, format);
    },
    ...projectHandlers(context, jobs),
    'job:cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };

  return {
    jobs,
    async dispatch(channel, request) {
      if (!isChannel(channel)) return refuse('IPC_UNKNOWN_CHANNEL', `no such channel: ${String(channel).slice(0, 80)}`);
      const parsed = contract[channel].request.safeParse(request);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return refuse('IPC_BAD_REQUEST', `bad request on ${channel}: ${issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'invalid'}`);
      }
      try {
        const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        if (isEngineError(error)) return { ok: false, problem: error.toProblem() };
        return refuse('INTERNAL', error instanceof Error ? error.message : String(error), 'internal');
      }
    },
  };
}

function refuse(code: string, message: string, kind: Problem['kind'] = 'usage'): Reply<never> {
  return { ok: false, problem: { code, kind, message } };
}
