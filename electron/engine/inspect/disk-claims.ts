// What a package's descriptor claims about a disk (ovf:format, ovf:capacity) against what the
// disk's own bytes are: each contradiction is a finding at the Disk element.
import type { Finding } from '../../common/finding.ts';
import type { Location } from '../../common/problem.ts';
import { formatBytes } from '../../common/progress.ts';
import type { SourceFormat } from '../disk/types.ts';
import type { VirtualDisk } from '../ovf/model.ts';
import { formatNames } from './disk-report.ts';

const FAMILIES: Readonly<Record<string, string>> = { vmdk: 'vmdk', vhdx: 'vhdx', vhd: 'vhd', qcow: 'qcow2', iso: 'iso', raw: 'raw' };

/** The container family and subformat an ovf:format URI names (vmdk.html#streamOptimized ...). */
export function declaredFormat(uri: string | undefined): { family?: string; subformat?: string } {
  if (!uri) return {};
  const lower = uri.toLowerCase();
  // VHDX before VHD: one contains the other.
  const family = Object.entries(FAMILIES).find(([key]) => lower.includes(key))?.[1];
  const fragment = /#(\w+)$/.exec(uri)?.[1];
  return { ...(family ? { family } : {}), ...(fragment && fragment.toLowerCase() !== family ? { subformat: fragment } : {}) };
}

/** What the bytes are, as far as they were read: the size only when the whole image was seen. */
export interface Found {
  readonly format: SourceFormat;
  readonly subformat?: string;
  readonly virtualSize?: number;
  /** Only the head was seen, where a fixed VHD (raw data, footer at the end) looks raw. */
  readonly headOnly?: boolean;
}

/** What the descriptor claims about the disk and the bytes contradict. */
export function disagreements(disk: VirtualDisk, found: Found, name: string, at: Location): Finding[] {
  const findings: Finding[] = [];
  const declared = declaredFormat(disk.format);
  const real = found.subformat;
  const realName = `${formatNames[found.format] ?? found.format}${real ? ` ${real}` : ''}`;
  const compatible = (declared.family === 'raw' && found.format === 'iso') || (found.headOnly === true && declared.family === 'vhd' && found.format === 'raw');
  if (declared.family && declared.family !== found.format && !compatible) {
    findings.push({ code: 'INSPECT_DISK_FORMAT_MISMATCH', severity: 'error', message: `disk ${disk.diskId}: ovf:format says ${declared.family.toUpperCase()} but ${name} is ${realName}`, location: at });
  } else if (declared.family === 'vmdk' && declared.subformat && real && declared.subformat.toLowerCase() !== real.toLowerCase()) {
    findings.push({ code: 'INSPECT_DISK_FORMAT_MISMATCH', severity: 'error', message: `disk ${disk.diskId}: ovf:format says VMDK ${declared.subformat} but ${name} is ${realName}: importers that expect a ${declared.subformat} stream refuse it`, location: at });
  }
  if (found.virtualSize !== undefined && disk.capacityBytes !== undefined && disk.capacityBytes !== found.virtualSize) {
    const smaller = disk.capacityBytes < found.virtualSize;
    findings.push({
      code: 'INSPECT_DISK_CAPACITY_MISMATCH',
      severity: smaller ? 'error' : 'warning',
      message: `disk ${disk.diskId}: ovf:capacity is ${disk.capacityBytes} bytes (${formatBytes(disk.capacityBytes)}) but ${name} holds a ${found.virtualSize}-byte (${formatBytes(found.virtualSize)}) disk${smaller ? ': the guest would lose its end' : ''}`,
      location: at,
    });
  }
  return findings;
}
