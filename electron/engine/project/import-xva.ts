// XVA -> project (issue 8's `appliance import`): each VM becomes a system with its name, memory,
// vCPUs, firmware, disks, CD drives and NICs; each disk is written as a raw image from its chunk
// map, sparsely (absent chunks stay holes), every chunk checked against its checksum on the way
// as xapi's own importer does. What the neutral model cannot say (platform flags, boot order,
// PV boot, GPUs, templates, snapshots) is a note, never dropped silently.
import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileError, inputError } from '../errors.ts';
import { ProgressMeter, throwIfCancelled, type JobContext } from '../job.ts';
import { openXva, type XvaArchive } from '../xva/archive.ts';
import { CHUNK_SIZE, type ChunkMap } from '../xva/chunks.ts';
import type { XvaVm } from '../xva/model.ts';
import { xxh64 } from '../xva/xxh64.ts';
import { isAllZero } from '../zeros.ts';
import type { ImportedProject, ImportNote } from './import-ovf.ts';
import type { GuestOsName } from './os.ts';
import type { ProjectInput } from './schema.ts';

type ProjectSystem = ProjectInput['systems'][number];
type ProjectDisk = ProjectSystem['disks'][number];

/** Classes a project has a place for, or that only describe the source pool. */
const CARRIED = new Set(['VM', 'VBD', 'VDI', 'VIF', 'network', 'SR', 'VM_guest_metrics', 'host']);

/** base_template_name -> the project's guest OS, most specific first. */
const osHints: readonly [RegExp, GuestOsName][] = [
  [/windows server 2022/i, 'windows-2022'],
  [/windows server 2019/i, 'windows-2019'],
  [/windows server 2012 r2/i, 'windows-2012r2'],
  [/debian/i, 'debian-64'],
  [/ubuntu/i, 'ubuntu-64'],
  [/centos/i, 'centos-64'],
  [/red hat|rhel/i, 'rhel-64'],
  [/oracle/i, 'oracle-linux-64'],
  [/suse|sles/i, 'sles-64'],
  [/freebsd/i, 'freebsd-64'],
  [/linux|rocky|alma|fedora|gooroom|neokylin|coreos/i, 'linux-64'],
];

export async function importXva(path: string, dir: string, context: JobContext = {}): Promise<ImportedProject> {
  const archive = await openXva(path);
  const notes: ImportNote[] = [];
  const note = (code: string, message: string, line?: number) => notes.push({ code, message, ...(line !== undefined ? { path: 'ova.xml', line } : {}) });
  const broken = archive.findings.find((finding) => finding.severity === 'error' && finding.code.startsWith('XVA_CHUNK'));
  if (broken) throw inputError('IMPORT_XVA_DAMAGED', `the archive cannot be imported as it is: ${broken.message}`, broken.location);
  const vms = archive.model.vms.filter((vm) => {
    if (vm.isSnapshot) note('IMPORT_XVA_SNAPSHOT', `"${vm.name}" is a snapshot of another VM; snapshots are not imported`, vm.line);
    return !vm.isSnapshot;
  });
  if (vms.length === 0) throw inputError('IMPORT_NO_SYSTEM', 'the export holds no VM to import', { file: path, path: 'ova.xml' });
  for (const finding of archive.findings.filter((f) => f.severity !== 'info')) note(finding.code, finding.message, finding.location.line);
  const others = new Map<string, number>();
  for (const object of archive.model.objects) if (!CARRIED.has(object.class)) others.set(object.class, (others.get(object.class) ?? 0) + 1);
  for (const [cls, count] of others) note('IMPORT_XVA_OBJECT', `${count} ${cls} object${count === 1 ? '' : 's'} (a XenServer feature the project cannot express)`);

  const used = new Set<string>();
  const unique = (wanted: string) => {
    const base = safeId(wanted);
    let id = base;
    for (let n = 2; used.has(id); n += 1) id = `${base.slice(0, 58)}-${n}`;
    used.add(id);
    return id;
  };
  const writes: { map: ChunkMap; size: number; file: string; disk: string }[] = [];
  const systems: ProjectSystem[] = vms.map((vm) => {
    const system = systemOf(vm, unique, note);
    const diskIds = new Set<string>();
    for (const drive of vm.disks) {
      const vdi = drive.vdi;
      if (!vdi) continue;
      if (vdi.virtualSize === undefined) throw inputError('IMPORT_XVA_DISK_SIZE', `disk "${vdi.name}" (${vdi.ref}) has no usable virtual_size, so its image cannot be made`, { file: path, path: 'ova.xml', line: vdi.line });
      let id = safeId(vdi.name);
      for (let n = 2; diskIds.has(id); n += 1) id = `${safeId(vdi.name).slice(0, 58)}-${n}`;
      diskIds.add(id);
      const unit = unitOf(drive.device, system.disks.length);
      const map = archive.chunkMaps.get(vdi.ref);
      if (!map) {
        note('IMPORT_XVA_DISK_NO_DATA', `${system.id}: disk "${vdi.name}" has no data in the export; imported as a blank disk of its size`, vdi.line);
        system.disks.push({ id, capacityMiB: Math.max(1, Math.ceil(vdi.virtualSize / 2 ** 20)), controller: 'sata0', unit, ...(drive.bootable ? { boot: true } : {}) });
        continue;
      }
      const file = `disks/${system.id}-${id}.raw`;
      writes.push({ map, size: vdi.virtualSize, file, disk: `${vm.name}/${vdi.name}` });
      system.disks.push({ id, source: file, controller: 'sata0', unit, ...(drive.bootable ? { boot: true } : {}) });
    }
    return system;
  });
  const meter = new ProgressMeter(writes.reduce((sum, write) => sum + write.map.storedBytes, 0), context.onProgress);
  for (const write of writes) {
    meter.setLabel(write.disk);
    await writeRaw(archive, write.map, write.size, join(dir, write.file), write.disk, meter, context);
  }
  meter.flush();
  const networks = [...new Set(systems.flatMap((system) => (system.nics ?? []).map((nic) => nic.network)))];
  const first = vms[0]!;
  return {
    project: {
      format: 1,
      product: { name: first.name.slice(0, 256) || 'Imported appliance' },
      networks: networks.map((name) => ({ name })),
      systems,
      targets: [],
    },
    notes,
    texts: new Map(),
  };
}

function systemOf(vm: XvaVm, unique: (wanted: string) => string, note: (code: string, message: string, line?: number) => void): ProjectSystem & { disks: ProjectDisk[] } {
  const id = unique(vm.name);
  const os = osHints.find(([pattern]) => pattern.test(vm.baseTemplate ?? ''))?.[1];
  if (!os) note('IMPORT_XVA_OS', `${id}: the export does not name the guest OS${vm.baseTemplate ? ` (template "${vm.baseTemplate}")` : ''}; imported as other-64, review it`, vm.line);
  const cpus = Math.min(768, Math.max(1, vm.vcpus ?? 1));
  const memoryMiB = Math.min(24 * 1024 * 1024, Math.max(4, Math.ceil((vm.memoryBytes ?? 2 ** 30) / 2 ** 20)));
  if (vm.vcpus !== cpus) note('IMPORT_XVA_CPUS', `${id}: VCPUs_max ${vm.vcpus === undefined ? 'is missing or unusable' : `is ${vm.vcpus}`}; imported as ${cpus} vCPU${cpus === 1 ? '' : 's'}`, vm.line);
  if (vm.memoryBytes === undefined || memoryMiB * 2 ** 20 < vm.memoryBytes || vm.memoryBytes < 4 * 2 ** 20) {
    note('IMPORT_XVA_MEMORY', `${id}: memory_static_max ${vm.memoryBytes === undefined ? 'is missing or unusable' : `is ${vm.memoryBytes} bytes`}; imported as ${memoryMiB} MiB`, vm.line);
  }
  if (vm.isTemplate) note('IMPORT_XVA_TEMPLATE', `${id}: the source is a XenServer template; the project builds a VM`, vm.line);
  if (!vm.hvm) note('IMPORT_XVA_PV', `${id}: a paravirtualised guest booted by Xen's bootloader; other hypervisors need it to boot as HVM with its own loader`, vm.line);
  if (vm.bootOrder) note('IMPORT_XVA_BOOT_ORDER', `${id}: boot order "${vm.bootOrder}" (HVM_boot_params) has no place in the project`, vm.line);
  const platform = Object.entries(vm.platform).filter(([key]) => key !== 'secureboot');
  if (platform.length > 0) note('IMPORT_XVA_PLATFORM', `${id}: platform flags ${platform.map(([k, v]) => `${k}=${v}`).join(', ')} are XenServer settings the project does not carry`, vm.line);
  const media = vm.cds.map((cd, i) => {
    if (cd.vdi) note('IMPORT_XVA_CD_MEDIA', `${id}: CD drive ${cd.device} holds "${cd.vdi.name}", which an export does not carry; the drive is imported empty`, cd.line);
    return { id: `cd${i}`, controller: 'ide0', unit: i };
  });
  const nics = vm.nics.map((nic) => {
    const mac = /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(nic.mac) ? nic.mac : undefined;
    if (!nic.network) note('IMPORT_XVA_NIC_NETWORK', `${id}: NIC ${nic.device} names no network the export holds; it is put on "VM Network"`, nic.line);
    if (!mac && nic.mac) note('IMPORT_XVA_MAC', `${id}: NIC ${nic.device} has MAC "${nic.mac}", not a usable address; it gets one at deployment`, nic.line);
    return { network: (nic.network ?? 'VM Network').slice(0, 128), ...(mac ? { mac } : {}) };
  });
  return {
    id,
    name: vm.name.slice(0, 256) || id,
    ...(vm.description ? { description: vm.description.slice(0, 65536) } : {}),
    os: os ?? 'other-64',
    firmware: vm.firmware === 'uefi' ? 'efi' : 'bios',
    ...(vm.secureBoot ? { secureBoot: true } : {}),
    cpus,
    memoryMiB,
    // An export names no disk controller (Xen's PV block devices); SATA is the one every target has.
    controllers: [{ id: 'sata0', type: 'sata' }, ...(media.length > 0 ? [{ id: 'ide0', type: 'ide' as const }] : [])],
    disks: [],
    media,
    nics,
  };
}

/** userdevice "0".."63" is the slot; anything else takes the next free position. */
function unitOf(device: string, fallback: number): number {
  const unit = /^\d{1,2}$/.test(device) ? Number(device) : fallback;
  return unit <= 63 ? unit : fallback;
}

function safeId(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z]+/, '').slice(0, 63).replace(/-+$/, '') || 'disk';
}

/**
 * Writes one VDI as a raw image of `size` bytes: the file is sized first (a hole), then each chunk
 * is checked and written at its offset; an all-zero chunk is not written, so it stays a hole too.
 * The image is written under a temporary name and renamed when complete.
 */
async function writeRaw(archive: XvaArchive, map: ChunkMap, size: number, target: string, disk: string, meter: ProgressMeter, context: JobContext): Promise<void> {
  const partial = `${target}.partial`;
  const source = await open(archive.path, 'r').catch((error: unknown) => Promise.reject(fileError(error, archive.path)));
  try {
    const output = await open(partial, 'w').catch((error: unknown) => Promise.reject(fileError(error, partial)));
    try {
      await output.truncate(size);
      const buffer = Buffer.alloc(CHUNK_SIZE);
      for (const chunk of map.chunks) {
        throwIfCancelled(context.signal, 'Import');
        const data = buffer.subarray(0, chunk.member.size);
        await source.read(data, 0, data.length, chunk.member.offset);
        if (chunk.checksum) {
          const stored = Buffer.alloc(Math.min(chunk.checksum.member.size, 256));
          await source.read(stored, 0, stored.length, chunk.checksum.member.offset);
          const actual = chunk.checksum.kind === 'sha1' ? createHash('sha1').update(data).digest('hex') : xxh64(data);
          if (stored.toString('latin1').trim().toLowerCase() !== actual.toLowerCase()) {
            throw inputError('IMPORT_XVA_CHECKSUM', `disk "${disk}": chunk ${chunk.number} (${chunk.member.name}, disk offset ${chunk.offset}) does not match its ${chunk.checksum.member.name.split('.').pop()} checksum: the export is damaged`, { file: archive.path, path: chunk.member.name, offset: chunk.member.offset });
          }
        }
        if (!isAllZero(data)) await output.write(data, 0, data.length, chunk.offset);
        meter.add(data.length);
      }
    } finally {
      await output.close();
    }
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw fileError(error, target);
  } finally {
    await source.close();
  }
}
