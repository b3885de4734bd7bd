// A disk image as the report's disk entry, from the disk engine's deep inspection (issue 6):
// format and its facts, virtual and allocated size, partition table and filesystems.
import type { DiskReport } from '../../common/inspection.ts';
import { inspectDisk, type DiskInspection } from '../disk/inspect.ts';

export const formatNames: Readonly<Record<string, string>> = { vmdk: 'VMDK', vhd: 'VHD', vhdx: 'VHDX', qcow2: 'QCOW2', iso: 'ISO 9660', raw: 'raw' };

export async function diskFileReport(path: string, id: string): Promise<DiskReport> {
  return diskReportOf(await inspectDisk(path), id, path);
}

/** The subformat the container names itself (VMDK createType, VHD type, VHDX/QCOW2 variant). */
export function subformatOf(disk: DiskInspection): string | undefined {
  const value = ['subformat', 'type', 'createType'].map((key) => disk.details[key]).find((v) => typeof v === 'string');
  return typeof value === 'string' ? value : undefined;
}

export function diskReportOf(disk: DiskInspection, id: string, file: string): DiskReport {
  const subformat = subformatOf(disk);
  const details: Record<string, string> = Object.fromEntries(Object.entries(disk.details).map(([key, value]) => [key, String(value)]));
  details['file size'] = String(disk.fileSize);
  if (disk.parent) details.parent = disk.parent;
  if (disk.filesystem) details.filesystem = disk.filesystem;
  if (disk.warnings.length > 0) details.warnings = disk.warnings.join('; ');
  return {
    id,
    file,
    format: `${formatNames[disk.format] ?? disk.format}${subformat ? ` ${subformat}` : ''}`,
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
