// AWS VM Import: an OVA with streamOptimized VMDKs (the VMware dialect), at most 21 volumes,
// 64-bit guests. targets.md §6.
import type { TargetProfile } from './profile.ts';

export const aws: TargetProfile = {
  id: 'aws',
  title: 'AWS VM Import',
  packaging: { kind: 'ovf', dialect: { flavour: 'vmware', systemType: () => 'vmx-14', manifest: 'sha256' }, deploymentOptions: false },
  diskFormat: () => 'vmdk-stream',
  firmware: () => ['bios', 'efi'],
  secureBoot: false,
  controllers: ['ide', 'sata', 'scsi', 'nvme'],
  controllerFallback: 'scsi',
  nics: { models: ['e1000', 'e1000e', 'vmxnet3', 'virtio'], fallback: 'e1000' },
  maxSystems: 1,
  maxDisks: 21,
  only64Bit: true,
  why: { maxDisks: 'AWS VM Import fails with more than 21 volumes.', only64Bit: 'AWS VM Import supports 64-bit Linux guests only.', deploymentOptions: 'AWS VM Import turns the package into one instance image and offers no choice of deployment option.' },
  options: ['package'],
  rules: [],
};
