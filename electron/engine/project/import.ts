// `appliance import SRC -o DIR`: a project from an OVF, an OVA, a XenServer XVA, or a bare disk
// image (VMDK, VHD, VHDX, qcow2, raw). The new appliance.yaml starts with a comment naming the source and listing
// what could not be carried over; the same notes come back to the caller.
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { Document } from 'yaml';
import { inspectDisk } from '../disk/index.ts';
import { EngineError, fileError } from '../errors.ts';
import type { JobContext } from '../job.ts';
import { parseProject, projectFileName, writeFileAtomically, type LoadedProject } from './file.ts';
import { isXvaPath } from '../xva/archive.ts';
import { importPackage, type ImportNote } from './import-ovf.ts';
import { importXva } from './import-xva.ts';
import type { ProjectInput } from './schema.ts';

export type { ImportNote } from './import-ovf.ts';

export interface ImportResult {
  readonly project: LoadedProject;
  readonly kind: 'package' | 'disk';
  readonly notes: readonly ImportNote[];
}

export async function importSource(source: string, dir: string, context: JobContext = {}): Promise<ImportResult> {
  const from = resolve(source);
  const to = resolve(dir);
  const info = await stat(from).catch((error: unknown) => Promise.reject(fileError(error, from)));
  const existing = await readdir(to).catch(() => undefined);
  if (existing && existing.length > 0) throw new EngineError('IMPORT_OUTPUT_NOT_EMPTY', 'usage', `${to} is not empty; import into a new folder`, { file: to });
  const xva = !info.isDirectory() && (await isXvaPath(from));
  const isPackage = xva || info.isDirectory() || ['.ova', '.ovf'].includes(extname(from).toLowerCase());
  await mkdir(join(to, 'disks'), { recursive: true });
  await mkdir(join(to, 'files'), { recursive: true });
  try {
    const imported = xva ? await importXva(from, to, context) : isPackage ? await importPackage(from, to, context) : await importDisk(from, to);
    for (const [file, text] of imported.texts) await writeFileAtomically(join(to, file), text);
    const document = new Document(withoutEmptyLists(imported.project));
    document.commentBefore = [
      ` Imported from ${basename(from)} by Appliance Studio.`,
      ...(imported.notes.length === 0 ? [' Everything in the source was carried over.'] : [' Not carried over (see `appliance import --json` for places in the source):', ...imported.notes.map((n) => `   - ${n.message} [${n.code}]`)]),
    ].join('\n');
    const text = document.toString({ lineWidth: 0 });
    const project = parseProject(text, to);
    await writeFileAtomically(join(to, projectFileName), text);
    for (const folder of ['disks', 'files']) if ((await readdir(join(to, folder))).length === 0) await rm(join(to, folder), { recursive: true });
    return { project, kind: isPackage ? 'package' : 'disk', notes: imported.notes };
  } catch (error) {
    // Leave no half-made project behind (the folder was empty or absent).
    await rm(to, { recursive: true, force: true });
    throw error;
  }
}

/** Lists the schema always wants, even empty. */
const requiredLists = new Set(['controllers', 'disks']);

/** Empty optional lists are the defaults; leaving them out keeps the file short. */
function withoutEmptyLists<T extends object>(value: T): T {
  const entries = Object.entries(value).filter(([k, v]) => requiredLists.has(k) || !(Array.isArray(v) && v.length === 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, k === 'systems' && Array.isArray(v) ? v.map((system: object) => withoutEmptyLists(system)) : v])) as T;
}

/** A bare disk: one system around it, firmware guessed from the partition table. */
async function importDisk(path: string, dir: string): Promise<{ project: ProjectInput; notes: ImportNote[]; texts: Map<string, string> }> {
  const disk = await inspectDisk(path);
  if (disk.format === 'iso') throw new EngineError('IMPORT_ISO', 'input', 'an ISO image is installation media, not a disk; start a project with `appliance init` and add it under media', { file: path });
  // A descriptor-plus-extents VMDK (monolithicFlat, split) is several files; the project wants one.
  const subformat = String(disk.details.subformat ?? '');
  if (disk.format === 'vmdk' && !['streamOptimized', 'monolithicSparse'].includes(subformat)) {
    throw new EngineError('IMPORT_VMDK_EXTENTS', 'input', `this is a ${subformat} VMDK whose data lives in separate extent files; convert it to one file first (appliance convert ${basename(path)} -o disk.vmdk --to vmdk)`, { file: path });
  }
  const name = basename(path).replace(/[^A-Za-z0-9._-]/g, '_');
  await copyFile(path, join(dir, 'disks', name));
  const stem = basename(path, extname(path));
  const efi = disk.partitions.some((p) => /EFI/i.test(p.typeName));
  const linux = disk.partitions.some((p) => /linux|ext[234]|xfs|btrfs/i.test(`${p.typeName} ${p.filesystem ?? ''}`));
  const notes: ImportNote[] = [
    { code: 'IMPORT_DISK_HARDWARE', message: 'a bare disk says nothing about CPUs, memory, controllers or NICs: defaults were chosen, review them' },
  ];
  const id = stem.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z]+/, '').slice(0, 63) || 'appliance';
  return {
    project: {
      format: 1,
      product: { name: stem || 'Imported appliance' },
      networks: [{ name: 'VM Network' }],
      systems: [
        {
          id,
          name: stem || id,
          os: linux ? 'linux-64' : 'other-64',
          firmware: efi ? 'efi' : 'bios',
          cpus: 2,
          memoryMiB: 2048,
          controllers: [{ id: 'sata0', type: 'sata' }],
          disks: [{ id: 'system', source: `disks/${name}`, controller: 'sata0', unit: 0 }],
          nics: [{ network: 'VM Network' }],
        },
      ],
      targets: [],
    },
    notes,
    texts: new Map(),
  };
}
