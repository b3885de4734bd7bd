// Microsoft Azure: fixed VHD page blobs, virtual size a whole number of MiB (our writer rounds up),
// VHD maximum 2040 GB; no OVF, so hardware is chosen when the VM is created. targets.md §7.
import type { TargetProfile } from './profile.ts';

export const azure: TargetProfile = {
  id: 'azure',
  title: 'Microsoft Azure',
  packaging: { kind: 'disk-images' },
  diskFormat: () => 'vhd-fixed',
  firmware: () => ['bios', 'efi'],
  secureBoot: true,
  controllers: ['ide', 'sata', 'scsi', 'nvme', 'virtio-scsi'],
  maxSystems: 1,
  maxMedia: 0,
  maxDiskMiB: 2040 * 1024,
  options: [],
  rules: [],
};
