// Deep inspection of a disk image: container format and details, virtual and allocated size,
// the parent of a differencing disk, the partition table and the filesystem in each partition.
import type { FormatDetails, SourceFormat } from './types.ts';
import { detectFilesystem, FS_PROBE_BYTES } from './filesystems.ts';
import { readPartitions, type Partition } from './partitions.ts';
import type { DiskFile } from './disk-file.ts';
import { openDisk, openDiskFile, type OpenedDisk } from './probe.ts';

export interface PartitionReport extends Partition {
  readonly filesystem?: string;
}

export interface DiskInspection {
  readonly path: string;
  readonly format: SourceFormat;
  readonly confidence: number;
  readonly fileSize: number;
  readonly virtualSize: number;
  /** Bytes of the virtual disk that are stored (for raw: what the file occupies on disk). */
  readonly allocatedSize: number;
  readonly details: FormatDetails;
  readonly parent?: string;
  readonly warnings: readonly string[];
  readonly partitionTable: 'mbr' | 'gpt' | 'none';
  readonly partitions: readonly PartitionReport[];
  /** A filesystem on the whole disk, when there is no partition table. */
  readonly filesystem?: string;
}

export async function inspectDisk(path: string): Promise<DiskInspection> {
  return inspectOpened(await openDisk(path));
}

/** The same inspection over a file already open: a package member read in place, or bytes in memory. */
export async function inspectDiskFile(file: DiskFile): Promise<DiskInspection> {
  return inspectOpened(await openDiskFile(file));
}

async function inspectOpened({ reader, confidence, file }: OpenedDisk): Promise<DiskInspection> {
  try {
    const readAt = (offset: number, length: number) => reader.read(offset, Math.max(0, Math.min(length, reader.virtualSize - offset)));
    const allocatedSize = reader.format === 'raw' || reader.format === 'iso' ? await file.allocatedBytes() : (await reader.extents()).reduce((sum, e) => sum + e.length, 0);
    const table = await readPartitions(readAt, reader.virtualSize);
    const partitions: PartitionReport[] = [];
    for (const partition of table.partitions) {
      const inside = partition.offset < reader.virtualSize && partition.length > 0;
      const filesystem = inside ? detectFilesystem(await readAt(partition.offset, Math.min(FS_PROBE_BYTES, partition.length))) : undefined;
      partitions.push({ ...partition, ...(filesystem ? { filesystem } : {}) });
    }
    const whole = table.scheme === 'none' ? detectFilesystem(await readAt(0, FS_PROBE_BYTES)) : undefined;
    return {
      path: file.path,
      format: reader.format,
      confidence,
      fileSize: file.size,
      virtualSize: reader.virtualSize,
      allocatedSize,
      details: reader.details,
      ...(reader.parent ? { parent: reader.parent.hint } : {}),
      warnings: reader.warnings,
      partitionTable: table.scheme,
      partitions,
      ...(whole ? { filesystem: whole } : {}),
    };
  } finally {
    await reader.close();
  }
}
