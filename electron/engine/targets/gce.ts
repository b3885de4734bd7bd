// Google Compute Engine: each disk as `disk.raw`, the only member of a gzip-compressed tar; the
// image needs a partition table and a bootable partition. targets.md §8.
import { diskKey, targetFinding, type TargetProfile } from './profile.ts';

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
  why: { diskMultipleMiB: 'GCE image import is commonly said to need whole-GiB disks (unverified); rounding up is harmless.' },
  options: [],
  rules: [
    (context) =>
      context.project.systems.flatMap((system, s) =>
        system.disks.flatMap((disk, d) => {
          const source = context.sources.get(diskKey(system, disk.id));
          if (!source || (source.partitionTable !== 'none' && source.bootablePartition)) return [];
          const none = source.partitionTable === 'none';
          return [
            targetFinding(context, {
              code: 'GCE_NOT_BOOTABLE',
              severity: d === 0 && none ? 'error' : 'warning',
              message: none ? `disk "${disk.id}" has no partition table` : `disk "${disk.id}" has no bootable partition (no MBR active flag, no GPT)`,
              explanation: 'GCE image import needs an MBR or GPT partition table with a bootable partition on the boot disk.',
              path: ['systems', s, 'disks', d, 'source'],
            }),
          ];
        }),
      ),
  ],
};
