// Google Compute Engine: each disk as `disk.raw`, the only member of a gzip-compressed tar; the
// image needs a partition table and a bootable partition. targets.md §8.
import type { TargetProfile } from './profile.ts';

export const gce: TargetProfile = {
  id: 'gce',
  title: 'Google Compute Engine',
  packaging: { kind: 'gce-tar' },
  diskFormat: () => 'raw',
  firmware: () => ['bios', 'efi'],
  secureBoot: true,
  controllers: ['ide', 'sata', 'scsi', 'nvme', 'virtio-scsi'],
  maxSystems: 1,
  maxMedia: 0,
  diskMultipleMiB: 1024,
  options: [],
  rules: [],
};
