// XCP-ng through Xen Orchestra: OVA with VMDK inside (grain tables are read, so streamOptimized
// works). targets.md §2.
import type { TargetProfile } from './profile.ts';

export const xcpNg: TargetProfile = {
  id: 'xcp-ng',
  title: 'XCP-ng',
  packaging: { kind: 'ovf', dialect: { flavour: 'generic', systemType: () => 'hvm-3.0-unknown', manifest: 'sha256' }, deploymentOptions: true },
  diskFormat: () => 'vmdk-stream',
  firmware: () => ['bios', 'efi'],
  secureBoot: false,
  controllers: ['ide', 'sata', 'scsi', 'nvme', 'virtio-scsi'],
  nics: { models: ['e1000', 'e1000e', 'vmxnet3', 'virtio', 'pcnet32'], fallback: 'e1000' },
  options: ['package'],
  rules: [],
};
