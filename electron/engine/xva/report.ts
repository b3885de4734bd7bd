// An XVA as the inspection report shows every input (the same fields an OVA fills): the VMs with a
// hardware table built from their xapi records, each disk with its virtual and stored size and the
// partitions and filesystems read through the chunk map, the networks, the archive's members, and
// where it imports: XenServer and XCP-ng take an XVA as it is; every other target needs a project
// made from it (`appliance import`) and built for it.
import { open, type FileHandle } from 'node:fs/promises';
import type { Finding } from '../../common/finding.ts';
import { sortFindings } from '../../common/finding.ts';
import type { DiskReport, HardwareRow, InspectionReport, MemberReport, NetworkReport, SystemReport, TargetVerdict } from '../../common/inspection.ts';
import { formatBytes } from '../../common/progress.ts';
import { detectFilesystem, FS_PROBE_BYTES } from '../disk/filesystems.ts';
import { readPartitions } from '../disk/partitions.ts';
import type { Problem } from '../../common/problem.ts';
import { fileError, isEngineError } from '../errors.ts';
import type { TarIndex } from '../package/tar-index.ts';
import { targetProfiles } from '../targets/index.ts';
import { modelOf, readVirtual, readXvaTar, type XvaArchive, type XvaTar } from './archive.ts';
import type { ChunkMap } from './chunks.ts';
import type { XvaVm } from './model.ts';

export type XvaReport = Pick<InspectionReport, 'overview' | 'systems' | 'deploymentOptions' | 'disks' | 'networks' | 'properties' | 'eulas' | 'package' | 'descriptor' | 'findings' | 'problem' | 'verifiable'>;

/** The targets whose own importer reads XVA (xe vm-import, XenCenter, Xen Orchestra). */
const XVA_TARGETS = new Set(['xenserver', 'xcp-ng']);

export async function xvaReport(path: string): Promise<XvaReport> {
  const read = await readXvaTar(path);
  let archive: XvaArchive;
  try {
    archive = modelOf(read);
  } catch (error) {
    if (!isEngineError(error)) throw error;
    return unreadableOvaXml(read, error.toProblem());
  }
  const { model } = archive;
  const disks = await diskReports(archive);
  const vmDisks = model.vms.flatMap((vm) => vm.disks.flatMap((drive) => (drive.vdi ? [drive.vdi] : [])));
  const sizes = vmDisks.map((vdi) => vdi.virtualSize).filter((size): size is number => size !== undefined);
  const totalDiskBytes = sizes.reduce((a, b) => a + b, 0);
  const networks = new Map<string, NetworkReport>();
  for (const nic of model.vms.flatMap((vm) => vm.nics)) if (nic.network && !networks.has(nic.network)) networks.set(nic.network, { name: nic.network, line: nic.line });
  const first = model.vms[0];
  const brand = model.version.product_brand ? `${model.version.product_brand}${model.version.product_version ? ` ${model.version.product_version}` : ''}` : 'XenServer';
  const summary = `${first?.name ?? 'XenServer export'} (${brand} export: ${model.vms.length} VM${model.vms.length === 1 ? '' : 's'}, ${vmDisks.length} disk${vmDisks.length === 1 ? '' : 's'}${sizes.length > 0 ? `, ${formatBytes(totalDiskBytes)}` : ''})`;
  const findings: Finding[] = [...archive.findings, ...model.vms.flatMap((vm) => vmNotes(vm, `${path}/ova.xml`))];
  return {
    overview: {
      summary,
      ...(first?.description ? { description: first.description } : {}),
      systems: model.vms.map((vm) => vm.name),
      ...(sizes.length > 0 ? { totalDiskBytes } : {}),
      importableWhere: importableWhere(model.vms.length, sizes.length > 0 ? Math.max(...sizes) : undefined),
    },
    systems: model.vms.map((vm) => systemReport(vm)),
    deploymentOptions: [],
    disks,
    networks: [...networks.values()],
    properties: [],
    eulas: [],
    package: { container: 'tar', dialect: archive.tar.dialect, members: members(archive.tar) },
    descriptor: { name: 'ova.xml', text: model.text },
    findings: sortFindings(findings),
    verifiable: [...archive.chunkMaps.values()].some((map) => map.chunks.some((chunk) => chunk.checksum)),
  };
}

function vmNotes(vm: XvaVm, file: string): Finding[] {
  const notes: Finding[] = [];
  const at = { file, line: vm.line };
  if (vm.isTemplate) notes.push({ code: 'XVA_TEMPLATE', severity: 'info', message: `"${vm.name}" is a template: XenServer imports it as a template, not as a VM to start`, location: at });
  if (!vm.hvm) notes.push({ code: 'XVA_PV_GUEST', severity: 'warning', message: `"${vm.name}" is a paravirtualised (PV) guest: it boots through Xen's bootloader, and other hypervisors need an HVM guest with its own boot loader`, location: at });
  if (vm.cds.length > 1) notes.push({ code: 'XVA_SEVERAL_CDS', severity: 'info', message: `"${vm.name}" has ${vm.cds.length} CD drives; XenCenter creates one per VM on OVF import`, location: at });
  return notes;
}

function importableWhere(systems: number, largestDiskBytes: number | undefined): TargetVerdict[] {
  return targetProfiles.map((profile) => {
    const blockers: string[] = [];
    if (profile.maxSystems !== undefined && systems > profile.maxSystems) blockers.push(`${systems} VMs; ${profile.title} imports at most ${profile.maxSystems}`);
    if (profile.maxDiskMiB !== undefined && largestDiskBytes !== undefined && largestDiskBytes > profile.maxDiskMiB * 2 ** 20) {
      blockers.push(`a ${formatBytes(largestDiskBytes)} disk; the limit is ${formatBytes(profile.maxDiskMiB * 2 ** 20)}`);
    }
    if (blockers.length > 0) return { target: profile.id, title: profile.title, verdict: 'no', reasons: blockers };
    if (XVA_TARGETS.has(profile.id)) return { target: profile.id, title: profile.title, verdict: 'yes', reasons: [] };
    return { target: profile.id, title: profile.title, verdict: 'convert', reasons: ['does not import XVA: make a project with `appliance import` and build it for this target'] };
  });
}

function systemReport(vm: XvaVm): SystemReport {
  const rows: HardwareRow[] = [];
  const row = (instanceId: string, type: string, name: string, quantity: string, details: string, line: number) => rows.push({ instanceId, type, name, quantity, details, line });
  row(`${vm.ref}/cpu`, 'Processor', 'vCPUs', vm.vcpus === undefined ? '?' : `${vm.vcpus} vCPU`, 'VCPUs_max', vm.line);
  row(`${vm.ref}/memory`, 'Memory', 'Memory', vm.memoryBytes === undefined ? '?' : formatBytes(vm.memoryBytes), 'memory_static_max', vm.line);
  const boot = vm.hvm ? `HVM, ${vm.firmware === 'uefi' ? 'UEFI' : 'BIOS'}${vm.secureBoot ? ', secure boot' : ''}${vm.bootOrder ? `, boot order ${vm.bootOrder}` : ''}` : 'PV (bootloader)';
  row(`${vm.ref}/firmware`, 'Firmware', 'Boot', vm.firmware === 'uefi' ? 'UEFI' : 'BIOS', boot, vm.line);
  for (const drive of vm.disks) {
    const size = drive.vdi?.virtualSize;
    row(drive.ref, 'Disk', drive.vdi ? `"${drive.vdi.name}" (${drive.vdi.ref})` : 'missing VDI', size === undefined ? '?' : formatBytes(size), `device ${drive.device}${drive.bootable ? ', bootable' : ''}`, drive.line);
  }
  for (const drive of vm.cds) row(drive.ref, 'CD/DVD drive', 'CD', '', `device ${drive.device}${drive.vdi ? `, holds "${drive.vdi.name}"` : ', empty'}`, drive.line);
  for (const nic of vm.nics) row(nic.ref, 'Ethernet adapter', `NIC ${nic.device}`, '', `${nic.mac || 'automatic MAC'}${nic.network ? ` on "${nic.network}"` : ''}`, nic.line);
  const systemTypes = [vm.hvm ? 'xen-hvm' : 'xen-pv'];
  return { id: vm.ref, name: vm.name, tables: [{ systemTypes, rows }], line: vm.line };
}

/** Every VDI a VM uses as a disk, in VM and device order, with what its first chunks show. */
async function diskReports(archive: XvaArchive): Promise<DiskReport[]> {
  const handle = await open(archive.path, 'r').catch((error: unknown) => Promise.reject(fileError(error, archive.path)));
  try {
    const reports: DiskReport[] = [];
    for (const drive of archive.model.vms.flatMap((vm) => vm.disks)) {
      const vdi = drive.vdi;
      if (!vdi) continue;
      const map = archive.chunkMaps.get(vdi.ref);
      const details: Record<string, string> = { name: vdi.name, device: drive.device, chunks: String(map?.chunks.length ?? 0), checksums: map ? checksumKinds(map) : 'none' };
      const layout = map && vdi.virtualSize !== undefined ? await layoutOf(handle, map, vdi.virtualSize) : undefined;
      if (layout?.filesystem) details.filesystem = layout.filesystem;
      reports.push({
        id: vdi.ref,
        file: `${vdi.ref}/`,
        format: 'XVA chunks',
        ...(vdi.virtualSize !== undefined ? { virtualBytes: vdi.virtualSize } : {}),
        allocatedBytes: map?.storedBytes ?? 0,
        ...(layout?.partitionTable ? { partitionTable: layout.partitionTable } : {}),
        partitions: layout?.partitions ?? [],
        details,
        ...(map && map.findings.length > 0 ? { findings: map.findings } : {}),
      });
    }
    return reports;
  } finally {
    await handle.close();
  }
}

function checksumKinds(map: ChunkMap): string {
  const kinds = new Set(map.chunks.map((chunk) => (chunk.checksum?.kind === 'sha1' ? 'SHA-1' : chunk.checksum?.kind === 'xxh64' ? 'XXH64' : 'none')));
  return [...kinds].join(', ') || 'none';
}

async function layoutOf(handle: FileHandle, map: ChunkMap, size: number): Promise<Pick<DiskReport, 'partitionTable' | 'partitions'> & { filesystem?: string }> {
  const readAt = (offset: number, length: number) => readVirtual(handle, map, offset, Math.max(0, Math.min(length, size - offset)));
  const table = await readPartitions(readAt, size);
  if (table.scheme === 'none') {
    const filesystem = detectFilesystem(await readAt(0, FS_PROBE_BYTES));
    return { partitions: [], ...(filesystem ? { filesystem } : {}) };
  }
  const partitions = [];
  for (const partition of table.partitions) {
    const filesystem = partition.offset < size && partition.length > 0 ? detectFilesystem(await readAt(partition.offset, Math.min(FS_PROBE_BYTES, partition.length))) : undefined;
    partitions.push({
      index: partition.index,
      type: partition.name ? `${partition.typeName} (${partition.name})` : partition.typeName,
      offset: partition.offset,
      size: partition.length,
      ...(filesystem ? { filesystem } : {}),
      ...(partition.bootable ? { label: 'bootable' } : {}),
    });
  }
  return { partitionTable: table.scheme.toUpperCase(), partitions };
}

/** The archive is still shown, member by member, when its metadata cannot be read. */
function unreadableOvaXml(read: XvaTar, problem: Problem): XvaReport {
  const chunks = read.tar.members.filter((member) => member.name.includes('/') && !/\.(checksum|xxhash)$/.test(member.name)).length;
  return {
    overview: { summary: `XenServer export, ${chunks} disk chunk${chunks === 1 ? '' : 's'}, with an unreadable ova.xml`, systems: [], importableWhere: [] },
    systems: [],
    deploymentOptions: [],
    disks: [],
    networks: [],
    properties: [],
    eulas: [],
    package: { container: 'tar', dialect: read.tar.dialect, members: members(read.tar) },
    descriptor: { name: 'ova.xml', text: read.ovaXmlBytes.toString('utf8') },
    findings: [],
    problem,
    verifiable: false,
  };
}

function members(tar: TarIndex): MemberReport[] {
  return tar.members.map((member) => ({
    name: member.name,
    size: member.size,
    offset: member.offset,
    role: member.name === 'ova.xml' ? 'descriptor' : /\.(checksum|xxhash)$/.test(member.name) ? 'manifest' : member.name.includes('/') ? 'disk' : 'extra',
  }));
}
