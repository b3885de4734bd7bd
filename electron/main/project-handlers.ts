// The project editor's handlers (spread into the handler table): projects created, imported,
// opened, checked, saved and built with the engine's own functions. appliance.yaml is written
// through its YAML Document so comments survive, and never while the draft fails the schema.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseDocument } from 'yaml';
import type { output } from 'zod';
import type { ResponseOf } from '../common/ipc.ts';
import type { ProjectSnapshot, projectChannels } from '../common/ipc-project.ts';
import { buildProject } from '../engine/build/build.ts';
import { buildHistory, recordBuild } from '../engine/build/record.ts';
import type { Catalog } from '../engine/catalog/catalog.ts';
import { inspectDisk } from '../engine/disk/index.ts';
import { EngineError, fileError } from '../engine/errors.ts';
import { loadProject, parseProject, projectFileName, writeFileAtomically } from '../engine/project/file.ts';
import { importSource } from '../engine/project/import.ts';
import { initProject, type InitOptions } from '../engine/project/init.ts';
import { hardwareForOption } from '../engine/project/deployment.ts';
import { guestOsNames, type GuestOsName } from '../engine/project/os.ts';
import { projectSchema, targetIds, type TargetId } from '../engine/project/schema.ts';
import { deployForm } from './deploy-form.ts';
import { copySparse, freeName, isInside } from './disk-copy.ts';
import type { Host } from './host.ts';
import { identityHandlers, signerFor } from './identity-handlers.ts';
import type { JobRunner } from './jobs.ts';
import { checkDraft, draftText, vocabulary } from './project-check.ts';

type ProjectChannel = keyof typeof projectChannels;
export type ProjectHandlers = { [C in ProjectChannel]: (request: output<(typeof projectChannels)[C]['request']>) => Promise<ResponseOf<C>> };

export interface ProjectHandlerContext {
  readonly host: Host;
  readonly catalog: Catalog;
}

export function projectHandlers(context: ProjectHandlerContext, jobs: JobRunner): ProjectHandlers {
  const { catalog, host } = context;
  return {
    'project:vocabulary': async () => vocabulary(),
    'project:recent': async ({ limit }) => ({
      items: catalog.db.prepare('SELECT path, name, opened_at AS openedAt FROM projects ORDER BY opened_at DESC LIMIT ?').all(limit) as { path: string; name: string; openedAt: string }[],
    }),
    'project:create': async (request) => {
      const loaded = await initProject(resolve(request.dir), initOptions(request));
      return remember(catalog, await snapshotOf(loaded.dir));
    },
    'project:createFromDisk': async ({ disk, ...request }) => {
      const options = initOptions(request);
      const folder = resolve(request.dir);
      if (await stat(join(folder, projectFileName)).then(() => true, () => false)) {
        throw new EngineError('PROJECT_EXISTS', 'usage', `${join(folder, projectFileName)} already exists: open that project, or choose another folder`);
      }
      // Read the image first: a file that is not a disk image is refused before anything is written.
      await inspectDisk(resolve(disk));
      return {
        jobId: jobs.start(async (job) => {
          const from = resolve(disk);
          const image = isInside(folder, from) ? from : await freeName(join(folder, 'disks'), basename(from));
          if (image !== from) await copySparse(from, image, job);
          const loaded = await initProject(folder, { ...options, disk: image });
          return remember(catalog, await snapshotOf(loaded.dir));
        }),
      };
    },
    'project:import': async ({ source, dir }) => ({
      jobId: jobs.start(async (job) => {
        const imported = await importSource(source, dir, job);
        return { snapshot: remember(catalog, await snapshotOf(imported.project.dir)), notes: imported.notes.map(({ code, message }) => ({ code, message })) };
      }),
    }),
    'project:open': async ({ path }) => {
      const dir = basename(path) === projectFileName ? dirname(resolve(path)) : resolve(path);
      return remember(catalog, await snapshotOf(dir));
    },
    'project:check': async ({ dir, draft }) => checkDraft(resolve(dir), await readText(join(resolve(dir), projectFileName)).catch(() => ''), draft),
    'project:save': async ({ dir, draft, revision, force }) => {
      const folder = resolve(dir);
      const file = join(folder, projectFileName);
      const current = await readText(file);
      if (!force && revisionOf(current) !== revision) {
        throw new EngineError('PROJECT_CHANGED_ON_DISK', 'input', `${projectFileName} was changed outside the studio since it was loaded: reload it to see those changes, or save again to overwrite them`, { file });
      }
      const text = draftText(current, draft);
      // Parsing first means an invalid draft never reaches the disk.
      parseProject(text, folder);
      await writeFileAtomically(file, text);
      return { revision: revisionOf(text) };
    },
    'project:revision': async ({ dir }) => ({ revision: revisionOf(await readText(join(resolve(dir), projectFileName))) }),
    'project:addDisk': async ({ dir, source, media }) => ({
      jobId: jobs.start(async (job) => {
        const folder = resolve(dir);
        const from = resolve(source);
        const inside = isInside(folder, from);
        const target = inside ? from : await freeName(join(folder, media ? 'media' : 'disks'), basename(from));
        // Read the image before copying it: a file of the wrong kind is refused at once.
        const inspection = await inspectDisk(from);
        if (media && inspection.format !== 'iso') throw new EngineError('PROJECT_NOT_ISO', 'input', `a CD/DVD drive takes an ISO 9660 image; this is a ${inspection.format} disk image: add it under Disks instead`, { file: from });
        if (!media && inspection.format === 'iso') throw new EngineError('PROJECT_ISO_AS_DISK', 'input', 'this is an ISO 9660 image, which is installation media: add it under CD/DVD drives instead', { file: from });
        if (!inside) await copySparse(from, target, job);
        return {
          source: relative(folder, target).split(sep).join('/'),
          format: inspection.format,
          virtualBytes: inspection.virtualSize,
          fileBytes: inspection.fileSize,
          copied: !inside,
        };
      }),
    }),
    'project:deployForm': async ({ draft, values, option }) => {
      const parsed = projectSchema.safeParse(draft);
      if (!parsed.success) throw new EngineError('PROJECT_INVALID', 'input', 'the deploy form appears once the highlighted fields are fixed');
      return { fields: deployForm(parsed.data, values, option), hardware: hardwareForOption(parsed.data, option) };
    },
    'project:build': async ({ dir, targets, identityId, passphrase, remember: keep, output }) => {
      const loaded = await loadProject(resolve(dir));
      const signer = identityId === undefined ? undefined : await signerFor(catalog, host, identityId, passphrase, keep === true);
      const out = output ? resolve(output) : join(loaded.dir, 'out', new Date().toISOString().replace(/[:.]/g, '-'));
      return {
        jobId: jobs.start(async (job) => {
          const startedAt = new Date();
          try {
            const { report, reportFiles } = await buildProject(loaded, { output: out, targets, ...(signer ? { signer } : {}), tool: 'Appliance Studio', ...job });
            recordBuild(catalog, { projectPath: loaded.dir, targets: report.targets.map((t) => t.target), startedAt, finishedAt: new Date(), result: 'ok', report });
            return {
              outDir: out,
              reportHtml: reportFiles.html,
              reportJson: reportFiles.json,
              targets: report.targets.map(({ target, title, folder, files, signed, seconds }) => ({ target, title, folder, files, signed, seconds })),
              ...(report.signer ? { signer: { subject: report.signer.subject, issuer: report.signer.issuer, notAfter: report.signer.notAfter } } : {}),
              warnings: report.findings.filter((f) => f.severity === 'warning').length,
              totalSeconds: report.timings.totalSeconds,
            };
          } catch (error) {
            const cancelled = job.signal.aborted;
            recordBuild(catalog, { projectPath: loaded.dir, targets, startedAt, finishedAt: new Date(), result: cancelled ? 'cancelled' : 'failed', log: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) });
            throw error;
          }
        }),
      };
    },
    'project:diskInfo': async ({ dir, sources }) => {
      const folder = resolve(dir);
      const disks = await Promise.all(
        sources.map(async (source) => {
          const file = resolve(folder, source);
          if (!isInside(folder, file)) return { source, problem: 'the path leaves the project folder' };
          try {
            const disk = await inspectDisk(file);
            return { source, format: disk.format, virtualBytes: disk.virtualSize, fileBytes: disk.fileSize };
          } catch (error) {
            return { source, problem: error instanceof Error ? error.message : String(error) };
          }
        }),
      );
      return { disks };
    },
    ...identityHandlers(context),
    'project:builds': async ({ dir, limit }) => ({
      entries: buildHistory(catalog, resolve(dir), limit).map(({ id, startedAt, targets, result, signer }) => ({ id, startedAt, targets: targets.split(' ').filter(Boolean), result, ...(signer ? { signer } : {}) })),
    }),
  };
}

function initOptions({ name, vendor, os, targets }: { name: string; vendor?: string | undefined; os: string; targets: readonly string[] }): InitOptions {
  if (!(guestOsNames as readonly string[]).includes(os)) throw new EngineError('PROJECT_UNKNOWN_OS', 'usage', `unknown guest OS "${os}": choose one from the list`);
  const unknown = targets.find((t) => !(targetIds as readonly string[]).includes(t));
  if (unknown) throw new EngineError('PROJECT_UNKNOWN_TARGET', 'usage', `unknown target "${unknown}": choose from ${targetIds.join(', ')}`);
  return { name, os: os as GuestOsName, targets: targets as TargetId[], ...(vendor ? { vendor } : {}) };
}

async function snapshotOf(dir: string): Promise<ProjectSnapshot> {
  const file = join(dir, projectFileName);
  const text = await readText(file).catch((error: unknown) => {
    if (error instanceof EngineError && error.code === 'FILE_ENOENT') {
      throw new EngineError('PROJECT_NOT_FOUND', 'input', `${dir} is not an appliance project: it has no ${projectFileName}. Create one with "New project", or open the folder that holds it`, { file });
    }
    throw error;
  });
  try {
    parseProject(text, dir);
  } catch (error) {
    // A file the schema refuses still opens: the editor shows each problem at its field.
    if (!(error instanceof EngineError && editableProblems.has(error.code))) throw error;
  }
  const draft: unknown = parseDocument(text).toJS({ maxAliasCount: 50 });
  if (draft === null || typeof draft !== 'object' || Array.isArray(draft)) {
    throw new EngineError('PROJECT_INVALID', 'input', `${projectFileName} holds no settings (it should start with "format: 1"); fix it in a text editor or start a new project`, { file, line: 1 });
  }
  return { dir, file, draft: draft as ProjectSnapshot['draft'], revision: revisionOf(text) };
}

/** Problems the forms can show and fix; syntax errors and newer formats need a text editor or a newer studio. */
const editableProblems = new Set(['PROJECT_INVALID', 'PROJECT_PATH_OUTSIDE']);

function remember(catalog: Catalog, snapshot: ProjectSnapshot): ProjectSnapshot {
  const name = (snapshot.draft.product as { name?: unknown } | undefined)?.name;
  catalog.db
    .prepare('INSERT INTO projects(path, name, opened_at) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET name = excluded.name, opened_at = excluded.opened_at')
    .run(snapshot.dir, typeof name === 'string' ? name : basename(snapshot.dir), new Date().toISOString());
  return snapshot;
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: unknown) => Promise.reject(fileError(error, file)));
}

function revisionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

