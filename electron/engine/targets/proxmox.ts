// Proxmox VE (`qm importovf`, OVA import): OVF 1.x only, one VirtualSystem, controller chosen by
// ResourceType alone (NVMe and virtio-scsi become SATA), NICs limited to e1000/e1000e/vmxnet3,
// memory read as MiB whatever the units. targets.md §5.1.
import type { TargetProfile } from './profile.ts';

export const proxmox: TargetProfile = {
  id: 'proxmox',
  title: 'Proxmox VE',
  packaging: { kind: 'ovf', dialect: { flavour: 'generic', systemType: () => 'vmx-14', manifest: 'sha256' }, deploymentOptions: true },
  diskFormat: () => 'vmdk-stream',
  firmware: () => ['bios', 'efi'],
  secureBoot: false,
  controllers: ['ide', 'sata', 'scsi'],
  controllerFallback: 'sata',
  nics: { models: ['e1000', 'e1000e', 'vmxnet3'], fallback: 'e1000' },
  maxSystems: 1,
  options: ['package'],
  rules: [],
};
