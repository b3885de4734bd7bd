// A disk image file as the report's disk entry, from the disk engine's deep inspection (issue 6):
// format and its facts, virtual and allocated size, partition table and filesystems.
import type { DiskReport } from '../../common/inspection.ts';
import { inspectDisk } from '../disk/index.ts';
import { isEngineError } from '../errors.ts';
import type { PackageSource } from '../package/package-source.ts';

const formatNames: Record<string, string> = { vmdk: 'VMDK', vhd: 'VHD', vhdx: 'VHDX', qcow2: 'QCOW2', iso: 'ISO 9660', raw: 'raw' };

export async function diskFileReport(path: string, id: string): Promise<DiskReport> {
  const disk = await inspectDisk(path);
  const subformat = ['subformat', 'type', 'createType'].map((key) => disk.details[key]).find((value) => typeof value === 'string');
  const details: Record<string, string> = Object.fromEntries(Object.entries(disk.details).map(([key, value]) => [key, String(value)]));
  details['file size'] = String(disk.fileSize);
  if (disk.parent) details.parent = disk.parent;
  if (disk.filesystem) details.filesystem = disk.filesystem;
  if (disk.warnings.length > 0) details.warnings = disk.warnings.join('; ');
  return {
    id,
    file: path,
    format: `${formatNames[disk.format] ?? disk.format}${subformat ? ` ${String(subformat)}` : ''}`,
    virtualBytes: disk.virtualSize,
    allocatedBytes: disk.allocatedSize,
    ...(disk.partitionTable !== 'none' ? { partitionTable: disk.partitionTable.toUpperCase() } : {}),
    partitions: disk.partitions.map((p) => ({
      index: p.index,
      type: p.name ? `${p.typeName} (${p.name})` : p.typeName,
      offset: p.offset,
      size: p.length,
      ...(p.filesystem ? { filesystem: p.filesystem } : {}),
      ...(p.bootable ? { label: 'bootable' } : {}),
    })),
    details,
  };
}

/**
 * A folder package's disks are plain files, so the disk engine reads them as it reads any image:
 * the descriptor's entry gains the container's facts, partitions and filesystems. (An OVA's disks
 * are tar members, compressed or streamOptimized, and keep the descriptor's facts.) A disk that
 * cannot be read says so in its details instead of failing the whole report.
 */
export async function withFolderDiskFacts(source: PackageSource, disk: DiskReport, compressed: boolean): Promise<DiskReport> {
  if (source.kind !== 'ovf' || !disk.file || compressed) return disk;
  try {
    const file = await source.find(disk.file);
    if (!file) return { ...disk, details: { ...disk.details, problem: `${disk.file} is not in the folder` } };
    const opened = await source.open(file);
    await opened.close();
    const facts = await diskFileReport(opened.path, disk.id);
    return { ...facts, file: disk.file, details: { ...disk.details, ...facts.details } };
  } catch (error) {
    const reason = isEngineError(error) ? `${error.message} [${error.code}]` : String(error);
    return { ...disk, details: { ...disk.details, problem: `the disk could not be read: ${reason}` } };
  }
}
