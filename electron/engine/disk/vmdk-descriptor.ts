// The VMDK text descriptor: header keys, extent lines and the disk database (ddb.*).
import { inputError } from '../errors.ts';

export interface VmdkExtentLine {
  readonly access: string;
  /** In 512-byte sectors. */
  readonly sectors: number;
  readonly type: string;
  readonly file: string;
  /** Sectors into the file (FLAT extents). */
  readonly offset: number;
}

export interface VmdkDescriptor {
  readonly version: number;
  readonly cid: string;
  readonly parentCid: string;
  readonly createType: string;
  readonly parentFileNameHint?: string;
  readonly extents: readonly VmdkExtentLine[];
  readonly ddb: Readonly<Record<string, string>>;
}

/** Descriptors are small; anything much larger is not one (VirtualBox caps them at 10 MiB). */
export const MAX_DESCRIPTOR_BYTES = 10 * 1024 * 1024;

export function looksLikeDescriptor(head: Buffer): boolean {
  // Writers pad descriptors with NULs to a whole sector; the text ends at the first one.
  const text = head.subarray(0, 4096).toString('latin1').split('\0')[0] ?? '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return /^version\s*=\s*[123]\s*$/i.test(line);
  }
  return false;
}

export function parseDescriptor(text: string, file?: string): VmdkDescriptor {
  const keys: Record<string, string> = {};
  const ddb: Record<string, string> = {};
  const extents: VmdkExtentLine[] = [];
  const lines = text.replace(/\0+$/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/\0/g, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const extent = /^(RW|RDONLY|NOACCESS)\s+(\d+)\s+(\w+)(?:\s+"([^"]*)"(?:\s+(\d+))?)?/i.exec(line);
    if (extent) {
      const sectors = Number(extent[2]);
      const offset = Number(extent[5] ?? 0);
      if (!Number.isSafeInteger(sectors) || sectors * 512 > Number.MAX_SAFE_INTEGER) throw inputError('VMDK_EXTENT_SIZE', `extent size ${extent[2]} sectors is out of range`, { file, line: index + 1 });
      extents.push({ access: extent[1]!.toUpperCase(), sectors, type: extent[3]!.toUpperCase(), file: extent[4] ?? '', offset });
      return;
    }
    const pair = /^([\w.]+)\s*=\s*"?([^"]*)"?\s*$/.exec(line);
    if (!pair) throw inputError('VMDK_DESCRIPTOR_SYNTAX', `unreadable descriptor line "${line.slice(0, 80)}"`, { file, line: index + 1 });
    const key = pair[1]!;
    if (key.toLowerCase().startsWith('ddb.')) ddb[key.slice(4)] = pair[2]!;
    else keys[key.toLowerCase()] = pair[2]!;
  });
  const descriptor: VmdkDescriptor = {
    version: Number(keys.version ?? 1),
    cid: keys.cid ?? '',
    parentCid: (keys.parentcid ?? 'ffffffff').toLowerCase(),
    createType: keys.createtype ?? '',
    extents,
    ddb,
    ...(keys.parentfilenamehint ? { parentFileNameHint: keys.parentfilenamehint } : {}),
  };
  if (!descriptor.createType) throw inputError('VMDK_DESCRIPTOR_SYNTAX', 'the descriptor has no createType', { file });
  return descriptor;
}

/**
 * The descriptor a streamOptimized VMDK embeds, with the keys VMware's own exports carry (see the
 * corpus): no tools keys, since they would describe a guest we know nothing about.
 */
export function formatStreamDescriptor(capacitySectors: number, fileName: string, cid: number, longContentId: string): string {
  const cylinders = Math.min(65535, Math.ceil(capacitySectors / (255 * 63)));
  return [
    '# Disk DescriptorFile',
    'version=1',
    'encoding="UTF-8"',
    `CID=${cid.toString(16).padStart(8, '0')}`,
    'parentCID=ffffffff',
    'createType="streamOptimized"',
    '',
    '# Extent description',
    `RW ${capacitySectors} SPARSE "${fileName.replace(/"/g, '')}"`,
    '',
    '# The Disk Data Base',
    '#DDB',
    '',
    'ddb.adapterType = "lsilogic"',
    `ddb.geometry.cylinders = "${cylinders}"`,
    'ddb.geometry.heads = "255"',
    'ddb.geometry.sectors = "63"',
    `ddb.longContentID = "${longContentId}"`,
    'ddb.virtualHWVersion = "4"',
    '',
  ].join('\n');
}
