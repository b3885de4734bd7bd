// File names in a build: one base name per project (product name and version), one name per disk
// and format. Names stay ASCII, without folders, and within the 100 bytes a ustar header holds.
import type { TargetFormat } from '../disk/index.ts';
import type { Project, VirtualSystem } from '../project/schema.ts';
import type { DiskFormat } from '../targets/profile.ts';

export const diskConversion: Record<DiskFormat, { readonly format: TargetFormat; readonly extension: string }> = {
  'vmdk-stream': { format: 'vmdk', extension: 'vmdk' },
  'vhd-dynamic': { format: 'vhd', extension: 'vhd' },
  'vhd-fixed': { format: 'vhd-fixed', extension: 'vhd' },
  vhdx: { format: 'vhdx', extension: 'vhdx' },
  qcow2: { format: 'qcow2', extension: 'qcow2' },
  raw: { format: 'raw', extension: 'raw' },
};

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** `Acme Router` 1.2 -> `acme-router-1.2`. */
export function packageBaseName(project: Project): string {
  const name = slug(project.product.name) || 'appliance';
  const version = project.product.version ? slug(project.product.version) : '';
  return (version ? `${name}-${version}` : name).slice(0, 60);
}

/** `<base>-<disk>.<ext>` for a single system, `<base>-<system>-<disk>.<ext>` for several. */
export function diskFileName(base: string, project: Project, system: VirtualSystem, diskId: string, extension: string): string {
  const parts = project.systems.length > 1 ? [base, system.id, diskId] : [base, diskId];
  return `${parts.join('-')}.${extension}`;
}
