// `appliance build`: a project -> what each target platform imports. Every source disk is read
// once, into every format the chosen targets need (the disk engine's one-pass convert, deflate and
// digests on worker threads); then each target is packaged from those files. Everything is made
// in a staging folder inside the output folder and moved into place only when every target is
// done, so a cancel or a failure leaves nothing half-written.
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { convertDisk, type ConvertOutput, type ConvertResult } from '../disk/index.ts';
import { cancelledError, EngineError, fileError, isSystemError, usageError } from '../errors.ts';
import { throwIfCancelled, type JobContext } from '../job.ts';
import { packPackage } from '../package/pack.ts';
import { defaultOptionId, diskCapacityMiB, diskInOption, projectForOption } from '../project/deployment.ts';
import { measureDisks, type SourceDisk } from '../project/disk-size.ts';
import { projectFile, writeFileAtomically, type LoadedProject } from '../project/file.ts';
import type { VirtualSystem } from '../project/schema.ts';
import type { SigningIdentity } from '../trust/keys.ts';
import type { Finding } from '../targets/finding.ts';
import { hypervScript } from '../targets/hyperv-script.ts';
import { checkProject, selectTargets, type SelectedTarget } from '../targets/index.ts';
import { libvirtDomain } from '../targets/libvirt-domain.ts';
import { descriptorXml, type PackageFile } from '../targets/ovf/envelope.ts';
import { offersDeploymentOptions, shipsBlankDisks, type DiskFormat } from '../targets/profile.ts';
import { sha256OfFile, writeFolderManifest, type FolderFile } from './folder-manifest.ts';
import { writeGceArchive } from './gce-archive.ts';
import { diskConversion, diskFileName, packageBaseName } from './naming.ts';
import { BuildProgress } from './progress.ts';
import { reportHtml, reportJson, type BuildReport, type DiskReport, type ReportFile, type TargetReport } from './report.ts';

export interface BuildOptions extends JobContext {
  /** Target ids, or ['all']; default: the project's own list. */
  readonly targets?: readonly string[];
  readonly output: string;
  readonly signer?: SigningIdentity;
  /** Seconds since 1970 written wherever a format wants a time (tar headers); default 0. */
  readonly sourceDateEpoch?: number;
  readonly tool?: string;
}

export interface BuildResult {
  readonly report: BuildReport;
  readonly reportFiles: { readonly json: string; readonly html: string };
}

/** A converted disk in the staging folder. */
interface BuiltDisk extends ConvertResult {
  readonly name: string;
}

interface DiskPlan {
  readonly system: VirtualSystem;
  readonly diskId: string;
  readonly source?: string;
  readonly capacityBytes?: number;
  /** Bytes the conversion reads: the image's virtual size, or the blank disk's capacity. */
  readonly sourceBytes: number;
  readonly formats: Set<DiskFormat>;
  /** The targets that need this disk converted. */
  readonly targets: readonly string[];
}

const MiB = 1048576;

/** The project has errors for the chosen targets; `findings` lists them for the caller to show. */
export class BuildCheckFailed extends EngineError {
  constructor(readonly findings: readonly Finding[]) {
    super('BUILD_CHECK_FAILED', 'check', `the project has ${findings.length} error(s) for the chosen targets (first: ${findings[0]?.message}); run \`appliance check\``, findings[0]?.location);
  }
}

export async function buildProject(loaded: LoadedProject, options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const { project } = loaded;
  const targets = selectTargets(loaded, options.targets);
  if (targets.length === 0) throw usageError('no target to build: name some with --target, or list them under `targets:` in appliance.yaml');
  const sources = await measureDisks(loaded);
  const findings = checkProject(loaded, targets, sources);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new BuildCheckFailed(errors);
  const out = resolve(options.output);
  for (const { profile } of targets) {
    if (await exists(join(out, profile.id))) throw usageError(`${join(out, profile.id)} already exists; build into a new or empty output folder`);
  }
  const base = packageBaseName(project);
  const mtime = options.sourceDateEpoch ?? 0;
  const staging = join(out, `.build-${randomBytes(6).toString('hex')}`);
  const plans = diskPlans(loaded, targets, sources);
  // Until the disks exist, a target's packaging is expected to copy about their capacity.
  const progress = new BuildProgress(
    targets.map((target) => ({ id: target.profile.id, title: target.profile.title, packagingEstimate: packagingBytes(target, plans, (plan) => plan.capacityBytes ?? plan.sourceBytes) })),
    options.onProgress,
  );
  for (const plan of plans) if (plan.formats.size > 0) progress.addConversion(conversionStep(plan), plan.sourceBytes, plan.targets);
  try {
    await mkdir(staging, { recursive: true }).catch((error: unknown) => Promise.reject(fileError(error, out)));
    const convertStarted = performance.now();
    const built = await convertAll(loaded, plans, staging, progress, options.signal, mtime);
    const convertSeconds = (performance.now() - convertStarted) / 1000;
    for (const target of targets) progress.expectPackaging(target.profile.id, packagingBytes(target, plans, (plan, format) => built.get(key(plan.system, plan.diskId, format))?.bytes ?? 0));

    const packageStarted = performance.now();
    // Two targets at a time: packaging copies and hashes on the main thread, so two keep both cores busy.
    const reports = await inParallel(targets, 2, async (target) => {
      throwIfCancelled(options.signal, 'Build');
      // A platform without deployment options gets the default option's hardware and disks.
      const own = offersDeploymentOptions(target.profile) ? loaded : { ...loaded, project: projectForOption(project) };
      const report = await packageTarget({ loaded: own, target, built, staging, base, mtime, signer: options.signer, progress, signal: options.signal });
      progress.done(target.profile.id);
      return report;
    });
    for (const target of targets) await rename(join(staging, target.profile.id), join(out, target.profile.id));
    const packageSeconds = (performance.now() - packageStarted) / 1000;
    await rm(staging, { recursive: true, force: true });

    const report: BuildReport = {
      tool: options.tool ?? 'Appliance Studio',
      product: { name: project.product.name, ...(project.product.vendor ? { vendor: project.product.vendor } : {}), ...(project.product.version ? { version: project.product.version } : {}) },
      project: loaded.dir,
      sourceDateEpoch: mtime,
      targets: reports,
      disks: diskReports(plans, sources),
      ...(options.signer ? { signer: signerOf(options.signer) } : {}),
      findings,
      timings: { convertSeconds, packageSeconds, totalSeconds: (performance.now() - started) / 1000 },
    };
    const reportFiles = { json: join(out, 'build-report.json'), html: join(out, 'build-report.html') };
    await writeFileAtomically(reportFiles.json, reportJson(report));
    await writeFileAtomically(reportFiles.html, reportHtml(report));
    return { report, reportFiles };
  } catch (error) {
    // The error that stopped the build says more than one from cleaning up after it (when, say,
    // the output folder could not be made, neither can the staging folder be removed).
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    if (options.signal?.aborted) throw cancelledError('Build');
    progress.fail();
    // A write that fails on a full disk has no path of its own: name the output folder.
    throw isSystemError(error) ? fileError(error, error.path ?? out) : error;
  }
}

/** Which formats each disk is needed in, over every target. Blank disks need a file only outside OVF. */
function diskPlans(loaded: LoadedProject, targets: readonly SelectedTarget[], sources: ReadonlyMap<string, SourceDisk>): DiskPlan[] {
  const plans: DiskPlan[] = [];
  for (const system of loaded.project.systems) {
    for (const disk of system.disks) {
      const formats = new Set<DiskFormat>();
      const needed: string[] = [];
      const option = defaultOptionId(loaded.project);
      for (const { entry, profile } of targets) {
        if (!offersDeploymentOptions(profile) && !diskInOption(disk, option)) continue;
        if (disk.source || shipsBlankDisks(profile)) {
          formats.add(profile.diskFormat(entry));
          needed.push(profile.id);
        }
      }
      const measured = sources.get(`${system.id}/${disk.id}`)?.virtualSize;
      // Blank disks get a file only for targets without deployment options, so at the default option's size.
      const declared = diskCapacityMiB(disk, option);
      const capacityBytes = declared !== undefined ? declared * MiB : measured;
      const sourceBytes = measured ?? capacityBytes ?? MiB;
      plans.push({ system, diskId: disk.id, ...(disk.source ? { source: disk.source } : {}), ...(capacityBytes !== undefined ? { capacityBytes } : {}), sourceBytes, formats, targets: needed });
    }
  }
  return plans;
}

/** What a target's packaging copies: its disks once more into an OVA or a GCE archive; a folder target links them in place. */
function packagingBytes({ profile, entry }: SelectedTarget, plans: readonly DiskPlan[], size: (plan: DiskPlan, format: DiskFormat) => number): number {
  if (profile.packaging.kind !== 'ovf' && profile.packaging.kind !== 'gce-tar') return 0;
  return plans.filter((plan) => plan.targets.includes(profile.id)).reduce((sum, plan) => sum + size(plan, profile.diskFormat(entry)), 0);
}

const conversionStep = (plan: DiskPlan) => `${plan.system.id}/${plan.diskId}`;

const key = (system: VirtualSystem, diskId: string, format: DiskFormat) => `${system.id}/${diskId}/${format}`;

async function convertAll(loaded: LoadedProject, plans: readonly DiskPlan[], staging: string, progress: BuildProgress, signal: AbortSignal | undefined, mtime: number): Promise<Map<string, BuiltDisk>> {
  const built = new Map<string, BuiltDisk>();
  const folder = join(staging, 'disks');
  await mkdir(folder);
  const work = plans.filter((p) => p.formats.size > 0);
  for (const plan of work) {
    let source = plan.source ? projectFile(loaded.dir, plan.source) : undefined;
    if (!source) {
      // A blank disk: a sparse raw file of its capacity, converted like any other source.
      source = join(folder, `blank-${plan.system.id}-${plan.diskId}.raw`);
      const handle = await open(source, 'wx');
      await handle.truncate(plan.capacityBytes ?? MiB);
      await handle.close();
    }
    // Ids the disk formats invent come from the project and the disk, times from SOURCE_DATE_EPOCH:
    // the same project gives the same bytes.
    const reproducible = { seed: `${loaded.project.product.name}\0${loaded.project.product.version ?? ''}\0${plan.system.id}\0${plan.diskId}`, time: new Date(mtime * 1000) };
    const outputs: ConvertOutput[] = [...plan.formats].map((format) => ({
      path: join(folder, `${plan.system.id}-${plan.diskId}-${format}.${diskConversion[format].extension}`),
      format: diskConversion[format].format,
      // Every format declares the project's capacity; the space past the image stays unallocated.
      ...(plan.capacityBytes !== undefined ? { capacity: plan.capacityBytes } : {}),
      // Azure wants a whole number of MiB; the fixed-VHD writer rounds the size up.
      options: format === 'vhd-fixed' ? { ...reproducible, roundToMiB: true } : reproducible,
    }));
    const step = conversionStep(plan);
    const results = await convertDisk(source, outputs, { ...(signal ? { signal } : {}), onProgress: (p) => progress.converting(step, p) });
    progress.converted(step);
    for (const [i, format] of [...plan.formats].entries()) {
      const result = results[i];
      if (!result) continue;
      built.set(key(plan.system, plan.diskId, format), { ...result, name: diskFileName('', loaded.project, plan.system, plan.diskId, diskConversion[format].extension) });
    }
  }
  return built;
}

interface TargetJob {
  readonly loaded: LoadedProject;
  readonly target: SelectedTarget;
  readonly built: ReadonlyMap<string, BuiltDisk>;
  readonly staging: string;
  readonly base: string;
  readonly mtime: number;
  readonly signer: SigningIdentity | undefined;
  readonly progress: BuildProgress;
  readonly signal: AbortSignal | undefined;
}

async function packageTarget(job: TargetJob): Promise<TargetReport> {
  const started = performance.now();
  const { target, staging } = job;
  const { profile, entry } = target;
  const dir = join(staging, profile.id);
  await mkdir(dir);
  job.progress.packaging(profile.id);
  let files: ReportFile[];
  let signed = Boolean(job.signer);
  switch (profile.packaging.kind) {
    case 'ovf':
      ({ files, signed } = await packageOvf(job, dir));
      break;
    case 'hyperv-script':
      files = await packageFolder(job, dir, (system, disks, isos) => ({ name: 'create-vm.ps1', text: hypervScript(system, entry, disks.map((d, i) => ({ file: d.name, boot: system.disks[i]?.boot ?? i === 0 })), isos) }));
      break;
    case 'libvirt':
      files = await packageFolder(job, dir, (system, disks, isos) => ({
        name: `${job.base}${job.loaded.project.systems.length > 1 ? `-${system.id}` : ''}.xml`,
        text: libvirtDomain(system, profile, new Map(system.disks.map((d, i) => [d.id, disks[i]?.name ?? ''])), new Map(system.media.flatMap((m) => (m.source ? [[m.id, isos.shift() ?? ''] as const] : [])))),
      }));
      break;
    case 'disk-images':
      files = await packageFolder(job, dir);
      break;
    case 'gce-tar':
      files = await packageGce(job, dir);
      break;
  }
  return {
    target: profile.id,
    title: profile.title,
    folder: profile.id,
    packaging: profile.packaging.kind === 'ovf' ? (entry.package ?? 'ova') : profile.packaging.kind,
    diskFormat: profile.diskFormat(entry),
    files,
    signed,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Hard-links a staged disk under its package name (a copy when the file system cannot link). */
async function place(from: string, to: string): Promise<void> {
  await link(from, to).catch(() => copyFile(from, to));
}

function diskOf(job: TargetJob, system: VirtualSystem, diskId: string): BuiltDisk | undefined {
  return job.built.get(key(system, diskId, job.target.profile.diskFormat(job.target.entry)));
}

async function packageOvf(job: TargetJob, dir: string): Promise<{ files: ReportFile[]; signed: boolean }> {
  const { loaded, target, base } = job;
  const { project } = loaded;
  const { profile, entry } = target;
  if (profile.packaging.kind !== 'ovf') throw new Error('not an OVF target');
  const source = join(job.staging, `${profile.id}.src`);
  await mkdir(source);
  let n = 0;
  const fileId = () => `file${++n}`;
  const disks = new Map<string, { file?: PackageFile; capacityBytes: number; format: DiskFormat }>();
  for (const system of project.systems) {
    for (const disk of system.disks) {
      // A blank disk built for another target in the same format stays blank here: its size may differ per option.
      const builtDisk = disk.source || shipsBlankDisks(profile) ? diskOf(job, system, disk.id) : undefined;
      const format = profile.diskFormat(entry);
      if (!builtDisk) {
        disks.set(`${system.id}/${disk.id}`, { capacityBytes: (disk.capacityMiB ?? 1) * MiB, format });
        continue;
      }
      const name = `${base}${builtDisk.name}`;
      await place(builtDisk.path, join(source, name));
      disks.set(`${system.id}/${disk.id}`, { file: { id: fileId(), href: name, size: builtDisk.bytes }, capacityBytes: builtDisk.virtualSize, format });
    }
  }
  const media = new Map<string, PackageFile>();
  for (const system of project.systems) {
    for (const drive of system.media) {
      if (!drive.source) continue;
      media.set(`${system.id}/${drive.id}`, await copyProjectFile(job, source, drive.source, fileId()));
    }
  }
  const icon = project.product.icon ? await copyProjectFile(job, source, project.product.icon, 'icon') : undefined;
  const extraFiles: PackageFile[] = [];
  for (const extra of project.files) extraFiles.push(await copyProjectFile(job, source, extra.path, fileId()));
  const eulas = [];
  for (const eula of project.eulas) eulas.push({ lang: eula.lang, text: (await readFile(projectFile(loaded.dir, eula.file), 'utf8')).replace(/\r\n/g, '\n') });
  const descriptorName = `${base}.ovf`;
  const descriptor = descriptorXml({ project, profile, dialect: profile.packaging.dialect, entry, disks, media, ...(icon ? { icon } : {}), extraFiles, eulas });
  await writeFileAtomically(join(source, descriptorName), descriptor);
  const asFolder = entry.package === 'ovf';
  const output = asFolder ? join(job.staging, `${profile.id}.pkg`) : join(dir, `${base}.ova`);
  const result = await packPackage(join(source, descriptorName), {
    output,
    format: asFolder ? 'ovf' : 'ova',
    algorithm: profile.packaging.dialect.manifest,
    mtime: job.mtime,
    ...(job.signer ? { signer: job.signer } : {}),
    ...(job.signal ? { signal: job.signal } : {}),
    // Once every byte is in, what remains is the manifest, its signature and the package's digest.
    onProgress: (p) => (job.signer && p.bytesDone >= p.bytesTotal ? job.progress.signing(profile.id) : job.progress.packaging(profile.id, p)),
  });
  await rm(source, { recursive: true, force: true });
  if (asFolder) {
    await rm(dir, { recursive: true });
    await rename(output, dir);
    const files: ReportFile[] = [];
    for (const member of result.members) files.push({ name: member.name, bytes: member.size, sha256: await sha256OfFile(join(dir, member.name), job.signal) });
    return { files, signed: result.signed };
  }
  return { files: [{ name: `${base}.ova`, bytes: result.bytes, sha256: await sha256OfFile(output, job.signal) }], signed: result.signed };
}

async function copyProjectFile(job: TargetJob, dir: string, path: string, id: string): Promise<PackageFile> {
  const from = projectFile(job.loaded.dir, path);
  const href = path.split('/').at(-1) ?? path;
  await copyFile(from, join(dir, href));
  return { id, href, size: (await stat(from)).size };
}

type Companion = (system: VirtualSystem, disks: BuiltDisk[], isoNames: string[]) => { name: string; text: string };

/** A folder of disks (plus ISOs and a companion file per system) with a manifest: Hyper-V, KVM, Azure. */
async function packageFolder(job: TargetJob, dir: string, companion?: Companion): Promise<ReportFile[]> {
  const { loaded, base } = job;
  const files: FolderFile[] = [];
  for (const system of loaded.project.systems) {
    const disks: BuiltDisk[] = [];
    for (const disk of system.disks) {
      const builtDisk = diskOf(job, system, disk.id);
      if (!builtDisk) continue;
      const name = `${base}${builtDisk.name}`;
      await place(builtDisk.path, join(dir, name));
      files.push({ name, bytes: builtDisk.bytes, sha256: builtDisk.sha256 });
      disks.push({ ...builtDisk, name });
    }
    const isos: string[] = [];
    if (companion) {
      for (const drive of system.media) {
        if (!drive.source) continue;
        const copied = await copyProjectFile(job, dir, drive.source, drive.id);
        isos.push(copied.href);
        files.push({ name: copied.href, bytes: copied.size, sha256: await sha256OfFile(join(dir, copied.href), job.signal) });
      }
      const { name, text } = companion(system, disks, [...isos]);
      await writeFileAtomically(join(dir, name), text);
      files.push({ name, bytes: Buffer.byteLength(text), sha256: await sha256OfFile(join(dir, name)) });
    }
  }
  return finishFolder(job, dir, files);
}

async function packageGce(job: TargetJob, dir: string): Promise<ReportFile[]> {
  const files: FolderFile[] = [];
  const total = [...job.built.values()].filter((d) => d.format === 'raw').reduce((sum, d) => sum + d.bytes, 0);
  let done = 0;
  for (const system of job.loaded.project.systems) {
    for (const disk of system.disks) {
      const raw = diskOf(job, system, disk.id);
      if (!raw) continue;
      const name = `${job.base}${raw.name.replace(/\.raw$/, '.tar.gz')}`;
      const archive = await writeGceArchive(raw.path, join(dir, name), job.mtime, {
        ...(job.signal ? { signal: job.signal } : {}),
        onBytes: (bytes) => {
          done += bytes;
          job.progress.packaging(job.target.profile.id, { bytesDone: done, bytesTotal: total, rate: 0 });
        },
      });
      files.push({ name, ...archive });
    }
  }
  return finishFolder(job, dir, files);
}

async function finishFolder(job: TargetJob, dir: string, files: FolderFile[]): Promise<ReportFile[]> {
  if (job.signer) job.progress.signing(job.target.profile.id);
  const written = await writeFolderManifest(dir, job.base, files, job.signer);
  const extra: ReportFile[] = [];
  for (const name of written) extra.push({ name, bytes: (await stat(join(dir, name))).size, sha256: await sha256OfFile(join(dir, name)) });
  return [...files, ...extra].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function diskReports(plans: readonly DiskPlan[], sources: ReadonlyMap<string, SourceDisk>): DiskReport[] {
  return plans.map((plan) => {
    const source = sources.get(`${plan.system.id}/${plan.diskId}`);
    return {
      system: plan.system.id,
      disk: plan.diskId,
      ...(plan.source ? { source: plan.source } : {}),
      ...(source ? { sourceFormat: source.format } : {}),
      virtualSize: plan.capacityBytes ?? source?.virtualSize ?? 0,
      formats: [...plan.formats],
    };
  });
}

function signerOf(signer: SigningIdentity): NonNullable<BuildReport['signer']> {
  const c = signer.certificate;
  return { subject: c.subject.split('\n').reverse().join(', '), issuer: c.issuer.split('\n').reverse().join(', '), fingerprintSha256: c.fingerprint256, notAfter: c.validTo };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Runs `work` over `items` with at most `limit` at once; results keep the items' order. After a
 * failure no item starts, and the failure is thrown only once every running item has settled:
 * the caller then removes the staging folder, and nothing may still be writing into it.
 */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = settled.find((outcome) => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}
