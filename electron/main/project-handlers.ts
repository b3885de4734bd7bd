// The project editor's handlers (spread into the handler table). Everything the editor shows comes
// from the engine: the project schema checks each draft, the target rules give findings, badges
// and fixes, and appliance.yaml is written through its YAML Document so comments survive. Signing
// keys stay here: identities go out as certificate summaries, passphrases are sealed by the Host.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { output } from 'zod';
import type { ResponseOf } from '../common/ipc.ts';
import type { Progress } from '../common/progress.ts';
import type { DraftIssue, EditorVocabulary, IdentitySummary, ProjectCheck, ProjectSnapshot, TargetFinding, TargetStatus, projectChannels } from '../common/ipc-project.ts';
import type { Catalog } from '../engine/catalog/catalog.ts';
import { inspectDisk } from '../engine/disk/index.ts';
import { EngineError, fileError } from '../engine/errors.ts';
import { buildProject } from '../engine/build/build.ts';
import { buildHistory, recordBuild } from '../engine/build/record.ts';
import { getIdentity, importIdentity, listIdentities, removeIdentity, sealedPassphrase, storeSealedPassphrase, unlockIdentity, type IdentityRecord } from '../engine/identity/identities.ts';
import { ProgressMeter, throwIfCancelled } from '../engine/job.ts';
import { measureDisks } from '../engine/project/disk-size.ts';
import { loadProject, parseProject, projectFileName, writeFileAtomically, type LoadedProject } from '../engine/project/file.ts';
import { importSource } from '../engine/project/import.ts';
import { initProject, type InitOptions } from '../engine/project/init.ts';
import { projectJsonSchemaText } from '../engine/project/json-schema.ts';
import { guestOsNames, guestOsTable, type GuestOsName } from '../engine/project/os.ts';
import { projectSchema, targetIds, type TargetEntry, type TargetId } from '../engine/project/schema.ts';
import type { Finding } from '../engine/targets/finding.ts';
import { checkProject, selectTargets, targetProfiles } from '../engine/targets/index.ts';
import type { TargetProfile } from '../engine/targets/profile.ts';
import type { SigningIdentity } from '../engine/trust/keys.ts';
import type { Host } from './host.ts';
import type { JobRunner } from './jobs.ts';
import { deployForm } from './deploy-form.ts';
import { applyDraft } from './project-draft.ts';

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
    'project:check': async ({ dir, draft }) => checkDraft(resolve(dir), draft),
    'project:save': async ({ dir, draft, revision, force }) => {
      const folder = resolve(dir);
      const file = join(folder, projectFileName);
      const current = await readText(file);
      if (!force && revisionOf(current) !== revision) {
        throw new EngineError('PROJECT_CHANGED_ON_DISK', 'input', `${projectFileName} was changed outside the studio since it was loaded: reload it to see those changes, or save again to overwrite them`, { file });
      }
      const text = draftText(current, folder, draft);
      // Parsing first means an invalid draft never reaches the disk.
      parseProject(text, folder);
      await writeFileAtomically(file, text);
      return { revision: revisionOf(text) };
    },
    'project:revision': async ({ dir }) => ({ revision: revisionOf(await readText(join(resolve(dir), projectFileName))) }),
    'project:addDisk': async ({ dir, source }) => ({
      jobId: jobs.start(async (job) => {
        const folder = resolve(dir);
        const from = resolve(source);
        const inside = isInside(folder, from);
        const target = inside ? from : await freeName(join(folder, 'disks'), basename(from));
        // Read the image before copying it: a file that is not a disk image is refused at once.
        const inspection = await inspectDisk(from);
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
    'project:deployForm': async ({ draft, values }) => {
      const parsed = projectSchema.safeParse(draft);
      if (!parsed.success) throw new EngineError('PROJECT_INVALID', 'input', 'the deploy form appears once the highlighted fields are fixed');
      return { fields: deployForm(parsed.data, values) };
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
    'project:builds': async ({ dir, limit }) => ({
      entries: buildHistory(catalog, resolve(dir), limit).map(({ id, startedAt, targets, result, signer }) => ({ id, startedAt, targets: targets.split(' ').filter(Boolean), result, ...(signer ? { signer } : {}) })),
    }),
    'identity:list': async () => ({ identities: listIdentities(catalog).map(summaryOf) }),
    'identity:import': async ({ remember: keep, label, ...input }) => {
      const record = await importIdentity(catalog, { ...input, ...(label ? { label } : {}) });
      if (keep && input.passphrase !== undefined && record.keyLocation.needsPassphrase) {
        const sealed = host.sealSecret(input.passphrase);
        if (!sealed) throw new EngineError('IDENTITY_NO_SECRET_STORE', 'input', 'the identity was imported, but this desktop has no secret store to keep the passphrase safely; it will be asked at each build');
        storeSealedPassphrase(catalog, record.id, sealed);
      }
      return summaryOf(getIdentity(catalog, record.id));
    },
    'identity:remove': async ({ id }) => ({ removed: removeIdentity(catalog, id) }),
    'identity:forget': async ({ id }) => {
      storeSealedPassphrase(catalog, id, null);
      return summaryOf(getIdentity(catalog, id));
    },
  };
}

function initOptions({ name, vendor, os, targets }: { name: string; vendor?: string | undefined; os: string; targets: readonly string[] }): InitOptions {
  if (!(guestOsNames as readonly string[]).includes(os)) throw new EngineError('PROJECT_UNKNOWN_OS', 'usage', `unknown guest OS "${os}": choose one from the list`);
  const unknown = targets.find((t) => !(targetIds as readonly string[]).includes(t));
  if (unknown) throw new EngineError('PROJECT_UNKNOWN_TARGET', 'usage', `unknown target "${unknown}": choose from ${targetIds.join(', ')}`);
  return { name, os: os as GuestOsName, targets: targets as TargetId[], ...(vendor ? { vendor } : {}) };
}

/** Opens a stored identity's key for one build: the passphrase given, else the one sealed earlier. */
async function signerFor(catalog: Catalog, host: Host, id: number, passphrase: string | undefined, keep: boolean): Promise<SigningIdentity> {
  const sealed = passphrase === undefined ? sealedPassphrase(catalog, id) : undefined;
  const secret = passphrase ?? (sealed ? host.unsealSecret(sealed) : undefined);
  const { signing, record } = await unlockIdentity(catalog, id, secret);
  if (keep && passphrase !== undefined && record.keyLocation.needsPassphrase) {
    const stored = host.sealSecret(passphrase);
    if (stored) storeSealedPassphrase(catalog, id, stored);
  }
  return signing;
}

function vocabulary(): EditorVocabulary {
  return {
    schema: JSON.parse(projectJsonSchemaText()) as unknown,
    guestOs: guestOsNames.map((name) => ({ name, description: guestOsTable[name].description })),
    targets: targetProfiles.map((profile) => ({ id: profile.id, title: profile.title, output: outputOf(profile, { id: profile.id }) })),
  };
}

/** What a build for the target writes, in words. */
function outputOf(profile: TargetProfile, entry: TargetEntry): string {
  const disk = profile.diskFormat(entry);
  const { packaging } = profile;
  switch (packaging.kind) {
    case 'ovf':
      return `${(entry.package ?? 'ova').toUpperCase()}: OVF ${packaging.dialect.systemType(entry)}, ${disk} disks, ${packaging.dialect.manifest.toUpperCase()} manifest`;
    case 'hyperv-script':
      return `Folder: ${disk} disks and a PowerShell script that creates the VM`;
    case 'disk-images':
      return `${disk} page-blob images, one per disk`;
    case 'gce-tar':
      return 'disk.raw in a gzip-compressed tar, one per disk';
    case 'libvirt':
      return `${disk} disks and a libvirt domain XML`;
  }
}

async function snapshotOf(dir: string): Promise<ProjectSnapshot> {
  const file = join(dir, projectFileName);
  const text = await readText(file).catch((error: unknown) => {
    if (error instanceof EngineError && error.code === 'FILE_ENOENT') {
      throw new EngineError('PROJECT_NOT_FOUND', 'input', `${dir} is not an appliance project: it has no ${projectFileName}. Create one with "New project", or open the folder that holds it`, { file });
    }
    throw error;
  });
  const loaded = parseProject(text, dir);
  return { dir, file, draft: loaded.document.toJS({ maxAliasCount: 50 }) as ProjectSnapshot['draft'], revision: revisionOf(text) };
}

function remember(catalog: Catalog, snapshot: ProjectSnapshot): ProjectSnapshot {
  const name = (snapshot.draft.product as { name?: unknown } | undefined)?.name;
  catalog.db
    .prepare('INSERT INTO projects(path, name, opened_at) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET name = excluded.name, opened_at = excluded.opened_at')
    .run(snapshot.dir, typeof name === 'string' ? name : basename(snapshot.dir), new Date().toISOString());
  return snapshot;
}

async function checkDraft(dir: string, draft: Record<string, unknown>): Promise<ProjectCheck> {
  const parsed = projectSchema.safeParse(draft);
  if (!parsed.success) {
    const issues: DraftIssue[] = parsed.error.issues.map((issue) => ({ path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), message: issue.message }));
    const selected = new Set(targetsOf(draft));
    return { issues, findings: [], targets: targetProfiles.map((profile) => ({ ...statusBase(profile, selected), badge: 'fail' })) };
  }
  let loaded: LoadedProject;
  try {
    loaded = parseProject(draftText(await readText(join(dir, projectFileName)).catch(() => ''), dir, draft), dir);
  } catch (error) {
    // Paths leaving the project folder pass the schema but not the loader.
    if (error instanceof EngineError && error.location?.path) return { issues: [{ path: pathOf(error.location.path), message: error.message }], findings: [], targets: [] };
    throw error;
  }
  const own = selectTargets(loaded);
  const ownIds = new Set(own.map((t) => t.profile.id));
  const others = selectTargets(loaded, targetIds.filter((id) => !ownIds.has(id)));
  const findings = checkProject(loaded, [...own, ...others], await measureDisks(loaded));
  const targets: TargetStatus[] = targetProfiles.map((profile) => {
    const entry = own.find((t) => t.profile.id === profile.id)?.entry ?? { id: profile.id };
    const mine = findings.filter((f) => f.target === undefined || f.target === profile.id);
    const badge = mine.some((f) => f.severity === 'error') ? 'fail' : mine.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
    return { ...statusBase(profile, ownIds), output: outputOf(profile, entry), badge };
  });
  return { issues: [], findings: findings.map(wireFinding), targets };
}

function statusBase(profile: TargetProfile, selected: ReadonlySet<string>): Omit<TargetStatus, 'badge'> {
  return { id: profile.id, title: profile.title, output: outputOf(profile, { id: profile.id }), selected: selected.has(profile.id) };
}

function targetsOf(draft: Record<string, unknown>): string[] {
  const targets = draft.targets;
  return Array.isArray(targets) ? targets.map((t: unknown) => (t && typeof t === 'object' && 'id' in t ? String(t.id) : '')).filter(Boolean) : [];
}

function wireFinding(finding: Finding): TargetFinding {
  const { fix, ...rest } = finding;
  return fix ? { ...rest, fix: { description: fix.description, edits: fix.edits.map((e) => (e.value === undefined ? { path: [...e.path] } : { path: [...e.path], value: e.value })) } } : rest;
}

function pathOf(text: string): (string | number)[] {
  return [...text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? '')));
}

/** The text appliance.yaml would have with the draft written into the current file's document. */
function draftText(current: string, dir: string, draft: Record<string, unknown>): string {
  let document: LoadedProject['document'];
  try {
    document = parseProject(current, dir).document;
  } catch {
    // The file on disk is broken or missing: the draft starts a fresh document.
    document = parseProject('format: 1\nproduct: { name: x }\nsystems: []\n', dir).document;
  }
  applyDraft(document, draft);
  return document.toString({ lineWidth: 0 });
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: unknown) => Promise.reject(fileError(error, file)));
}

function revisionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** `disks/name.vmdk`, or `disks/name-2.vmdk` when that is taken by another file. */
async function freeName(dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n += 1) {
    const candidate = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    if (!(await stat(candidate).then(() => true, () => false))) return candidate;
  }
}

const copyBlock = 1024 * 1024;

/** Copies an image, leaving all-zero blocks as holes so a sparse disk stays sparse; temp name, then rename. */
async function copySparse(from: string, to: string, job: { signal: AbortSignal; onProgress: (progress: Progress) => void }): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  const temp = `${to}.partial`;
  const input = await open(from, 'r').catch((error: unknown) => Promise.reject(fileError(error, from)));
  try {
    const size = (await input.stat()).size;
    const meter = new ProgressMeter(size, job.onProgress);
    meter.setLabel(basename(from));
    const output = await open(temp, 'w');
    try {
      const buffer = Buffer.alloc(copyBlock);
      for (let offset = 0; offset < size; ) {
        throwIfCancelled(job.signal, `copying ${basename(from)}`);
        const { bytesRead } = await input.read(buffer, 0, Math.min(copyBlock, size - offset), offset);
        if (bytesRead === 0) break;
        const block = buffer.subarray(0, bytesRead);
        if (!isZero(block)) await output.write(block, 0, bytesRead, offset);
        offset += bytesRead;
        meter.add(bytesRead);
      }
      await output.truncate(size);
    } finally {
      await output.close();
    }
    meter.flush();
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    await input.close();
  }
}

const zeroBlock = Buffer.alloc(copyBlock);

function isZero(block: Buffer): boolean {
  return block.equals(zeroBlock.subarray(0, block.length));
}

function summaryOf(record: IdentityRecord): IdentitySummary {
  return {
    id: record.id,
    label: record.label,
    subject: record.subject,
    issuer: record.issuer,
    notBefore: record.notBefore,
    notAfter: record.notAfter,
    fingerprint: record.fingerprint,
    keyType: record.keyType,
    chainLength: record.chainLength,
    keyPath: record.keyLocation.keyPath,
    needsPassphrase: record.keyLocation.needsPassphrase,
    passphraseRemembered: record.passphraseRemembered,
    ...(record.usageProblem ? { usageProblem: record.usageProblem } : {}),
    expiry: record.expiry,
  };
}
