// A disk image file as the report's disk entry: the disk engine's format modules (issue 6) probe it,
// the most confident one opens it (reader owns the file), and its reader gives the virtual size, the container's facts and
// the allocation map. A disk that cannot be read still gets an entry, carrying the reason.
import type { DiskReport } from '../../common/inspection.ts';
import { openDisk, type OpenedDisk } from '../disk/probe.ts';
import { isEngineError } from '../errors.ts';

const formatNames: Record<string, string> = { vmdk: 'VMDK', vhd: 'VHD', vhdx: 'VHDX', qcow2: 'QCOW2', iso: 'ISO 9660', raw: 'raw' };

export async function diskFileReport(path: string, id: string): Promise<DiskReport> {
  let opened: OpenedDisk | undefined;
  try {
    opened = await openDisk(path);
    const { reader, file } = opened;
    const extents = await reader.extents();
    const details = Object.fromEntries(Object.entries(reader.details).map(([key, value]) => [key, String(value)]));
    const subformat = typeof reader.details.subformat === 'string' ? ` ${reader.details.subformat}` : typeof reader.details.type === 'string' ? ` ${reader.details.type}` : '';
    return {
      id,
      file: path,
      format: `${formatNames[reader.format] ?? reader.format}${subformat}`,
      virtualBytes: reader.virtualSize,
      allocatedBytes: extents.reduce((sum, extent) => sum + extent.length, 0),
      partitions: [],
      details: { ...details, 'file size': String(file.size), ...(reader.parent ? { parent: reader.parent.hint } : {}), ...(reader.warnings.length ? { warnings: reader.warnings.join('; ') } : {}) },
    };
  } catch (error) {
    const problem = isEngineError(error)
      ? error.toProblem()
      : { code: 'DISK_UNREADABLE', kind: 'input' as const, message: error instanceof Error ? error.message : String(error), location: { file: path } };
    return { id, file: path, format: 'unreadable', partitions: [], details: {}, problem };
  } finally {
    await opened?.reader.close().catch(() => undefined);
  }
}
