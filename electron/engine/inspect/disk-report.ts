// A disk image file as the report's disk entry, from the disk engine's deep inspection (issue 6):
// format and its facts, virtual and allocated size, partition table and filesystems.
import type { DiskReport } from '../../common/inspection.ts';
import { inspectDisk } from '../disk/index.ts';

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
