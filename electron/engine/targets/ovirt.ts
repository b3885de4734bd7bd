// oVirt / RHV / OpenShift MTV through virt-v2v `-i ova`: OVF 1.x only, one VirtualSystem, SHA1 or
// SHA256 manifest lines, uncompressed disks, firmware from vmw:Config. targets.md §5.2.
import type { TargetProfile } from './profile.ts';

export const ovirt: TargetProfile = {
  id: 'ovirt',
  title: 'oVirt/RHV (virt-v2v)',
  packaging: { kind: 'ovf', dialect: { flavour: 'generic', systemType: () => 'vmx-14', manifest: 'sha256' }, deploymentOptions: true },
  diskFormat: () => 'vmdk-stream',
  firmware: () => ['bios', 'efi'],
  secureBoot: false,
  controllers: ['ide', 'sata', 'scsi'],
  controllerFallback: 'sata',
  nics: { models: ['e1000', 'e1000e', 'vmxnet3', 'virtio'], fallback: 'virtio' },
  maxSystems: 1,
  options: ['package'],
  rules: [],
};
