// Oracle VirtualBox: OVF 1.0 with the virtualbox-2.2 system type, streamOptimized VMDK, `.cert`
// as the last OVA member. targets.md §4.
import type { TargetProfile } from './profile.ts';

export const virtualbox: TargetProfile = {
  id: 'virtualbox',
  title: 'Oracle VirtualBox',
  packaging: { kind: 'ovf', dialect: { flavour: 'virtualbox', systemType: () => 'virtualbox-2.2', manifest: 'sha256' }, deploymentOptions: true },
  diskFormat: () => 'vmdk-stream',
  firmware: () => ['bios', 'efi'],
  secureBoot: false,
  controllers: ['ide', 'sata', 'scsi', 'nvme', 'virtio-scsi'],
  nics: { models: ['e1000', 'pcnet32', 'virtio'], fallback: 'e1000' },
  options: ['package'],
  rules: [],
};
