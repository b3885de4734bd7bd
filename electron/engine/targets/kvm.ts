// Plain KVM/libvirt: qcow2 (v3) disks and a libvirt domain XML, no OVF. targets.md §5.3.
import type { TargetProfile } from './profile.ts';

export const kvm: TargetProfile = {
  id: 'kvm',
  title: 'KVM/libvirt',
  packaging: { kind: 'libvirt' },
  diskFormat: () => 'qcow2',
  firmware: () => ['bios', 'efi'],
  secureBoot: true,
  // The domain XML maps NVMe to SATA: libvirt's NVMe disk bus is too recent to rely on.
  controllers: ['ide', 'sata', 'scsi', 'virtio-scsi'],
  controllerFallback: 'sata',
  nics: { models: ['e1000', 'e1000e', 'vmxnet3', 'virtio', 'pcnet32'], fallback: 'virtio' },
  options: [],
  rules: [],
};
