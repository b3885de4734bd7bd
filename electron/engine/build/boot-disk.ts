// Finds the boot disk of a build output folder and the bus its platform attaches it to: from the
// OVF descriptor inside an OVA or OVF folder, from the libvirt domain XML, or by the platform's
// fixed rule (Hyper-V generation 1 and Azure: IDE; GCE: virtio-scsi). The disk is copied out of
// its container into a temporary folder when QEMU cannot read it in place.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { inputError } from '../errors.ts';
import { parseDescriptor, parseHostResource, virtualSystems } from '../ovf/index.ts';
import { openPackage } from '../package/package-source.ts';
import { indexTar } from '../package/tar-index.ts';
import { gceMemberName } from './gce-archive.ts';

export type BootBus = 'ide' | 'sata' | 'lsilogic' | 'lsilogicsas' | 'pvscsi' | 'virtio-scsi' | 'nvme';
export type QemuFormat = 'raw' | 'vmdk' | 'vpc' | 'vhdx' | 'qcow2';

export interface BootDisk {
  readonly file: string;
  readonly format: QemuFormat;
  readonly bus: BootBus;
  /** Removes any temporary copy. */
  readonly dispose: () => Promise<void>;
}

const formatByExtension: Record<string, QemuFormat> = { '.vmdk': 'vmdk', '.vhd': 'vpc', '.vhdx': 'vhdx', '.qcow2': 'qcow2', '.raw': 'raw', '.img': 'raw' };

function qemuFormat(name: string, where: string): QemuFormat {
  const format = formatByExtension[extname(name).toLowerCase()];
  if (!format) throw inputError('BOOT_DISK_FORMAT', `"${name}" is not a disk format QEMU is asked to boot here`, { file: where });
  return format;
}

const noTemp = async () => {};

export async function findBootDisk(folder: string): Promise<BootDisk> {
  const names = (await readdir(folder).catch(() => [] as string[])).sort();
  const ova = names.find((n) => n.endsWith('.ova'));
  const ovf = names.find((n) => n.endsWith('.ovf'));
  if (ova || ovf) return fromPackage(join(folder, (ova ?? ovf)!));
  const domain = names.find((n) => n.endsWith('.xml'));
  if (domain) return fromLibvirt(folder, domain);
  const archive = names.find((n) => n.endsWith('.tar.gz'));
  if (archive) return fromGceArchive(join(folder, archive));
  const script = names.includes('create-vm.ps1') ? await readFile(join(folder, 'create-vm.ps1'), 'utf8') : undefined;
  const disk = names.find((n) => formatByExtension[extname(n).toLowerCase()] !== undefined);
  if (!disk) throw inputError('BOOT_DISK_NOT_FOUND', 'no OVA, OVF, domain XML, GCE archive or disk image in this folder; give a build output folder such as OUT/kvm', { file: folder });
  // Hyper-V generation 2 boots from SCSI; generation 1 and Azure images from IDE.
  const bus: BootBus = script && /-Generation 2\b/.test(script) ? 'lsilogic' : 'ide';
  return { file: join(folder, disk), format: qemuFormat(disk, folder), bus, dispose: noTemp };
}

async function fromPackage(path: string): Promise<BootDisk> {
  const source = await openPackage(path);
  const descriptor = parseDescriptor(await source.readSmall(source.descriptor, 16 * 1024 * 1024), source.descriptor.name);
  const { envelope } = descriptor;
  const system = virtualSystems(envelope.content)[0];
  const items = system?.hardware[0]?.items ?? [];
  const diskItem = items.find((i) => i.resourceType === 17);
  const hostResource = diskItem?.hostResources[0];
  const target = hostResource ? parseHostResource(hostResource) : undefined;
  const disk = envelope.diskSection?.disks.find((d) => d.diskId === target?.id);
  const file = envelope.references.find((f) => f.id === disk?.fileRef);
  if (!diskItem || !file) throw inputError('BOOT_DISK_NOT_FOUND', 'the descriptor names no disk with a file for its first virtual system', { file: path });
  const parent = items.find((i) => i.instanceId === diskItem.parent);
  const member = await source.find(file.href);
  if (!member) throw inputError('BOOT_DISK_NOT_FOUND', `the package has no file "${file.href}"`, { file: path });
  const opened = await source.open(member);
  const dir = await mkdtemp(join(tmpdir(), 'appliance-boot-'));
  const copy = join(dir, file.href);
  try {
    await pipeline(createReadStream(opened.path, { start: opened.offset, end: opened.offset + opened.size - 1 }), createWriteStream(copy));
  } finally {
    await opened.handle.close();
  }
  return { file: copy, format: qemuFormat(file.href, path), bus: busOf(parent?.resourceType, parent?.resourceSubType), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** CIM ResourceType (and sub-type) of the disk's controller -> the QEMU bus that emulates it. */
export function busOf(resourceType: number | undefined, subType: string | undefined): BootBus {
  const sub = (subType ?? '').toLowerCase();
  if (resourceType === 6) {
    if (sub.includes('virtio')) return 'virtio-scsi';
    if (sub === 'virtualscsi') return 'pvscsi';
    if (sub === 'lsilogicsas') return 'lsilogicsas';
    return 'lsilogic';
  }
  if (resourceType === 20) return sub.includes('nvme') ? 'nvme' : 'sata';
  return 'ide';
}

async function fromLibvirt(folder: string, domainName: string): Promise<BootDisk> {
  const domain = await readFile(join(folder, domainName), 'utf8');
  const disk = /<disk type='file' device='disk'>[\s\S]*?<source file='[^']*\/([^'/]+)'\/>[\s\S]*?<target dev='[^']+' bus='([a-z]+)'\/>/.exec(domain);
  if (!disk?.[1]) throw inputError('BOOT_DISK_NOT_FOUND', 'the domain XML names no disk', { file: join(folder, domainName) });
  const model = /<controller type='scsi' model='([a-z-]+)'\/>/.exec(domain)?.[1];
  const bus: BootBus = disk[2] === 'scsi' ? (model === 'virtio-scsi' ? 'virtio-scsi' : 'lsilogic') : disk[2] === 'sata' ? 'sata' : 'ide';
  return { file: join(folder, disk[1]), format: qemuFormat(disk[1], folder), bus, dispose: noTemp };
}

async function fromGceArchive(archive: string): Promise<BootDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'appliance-boot-'));
  try {
    const tar = join(dir, 'image.tar');
    await pipeline(createReadStream(archive), createGunzip(), createWriteStream(tar));
    const member = (await indexTar(tar)).members.find((m) => m.name === gceMemberName);
    if (!member) throw inputError('BOOT_DISK_NOT_FOUND', `the archive holds no ${gceMemberName}`, { file: archive });
    const raw = join(dir, gceMemberName);
    await pipeline(createReadStream(tar, { start: member.offset, end: member.offset + member.size - 1 }), createWriteStream(raw));
    await rm(tar);
    return { file: raw, format: 'raw', bus: 'virtio-scsi', dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
