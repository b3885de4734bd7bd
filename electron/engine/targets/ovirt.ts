// oVirt / RHV / OpenShift MTV through virt-v2v `-i ova`: OVF 1.x only, one VirtualSystem, SHA1 or
// SHA256 manifest lines, uncompressed disks, firmware from vmw:Config. targets.md §5.2.
// virt-v2v attaches every disk Item whatever its ovf:configuration (seen with virt-v2v 2.x
// --print-source), so the package holds the default deployment option only; and it reads a file
// for every Disk, stopping with "error parsing disk fileRef" on a blank one, so blank disks ship
// as empty images.
import type { TargetProfile } from './profile.ts';

export const ovirt: TargetProfile = {
  id: 'ovirt',
  title: 'oVirt/RHV (virt-v2v)',
  packaging: { kind: 'ovf', dialect: { flavour: 'generic', systemType: () => 'vmx-14', manifest: 'sha256' }, deploymentOptions: false, blankDisksAsFiles: true },
  diskFormat: () => 'vmdk-stream',
  firmware: () => ['bios', 'efi'],
  secureBoot: false,
  controllers: ['ide', 'sata', 'scsi'],
  controllerFallback: 'sata',
  nics: { models: ['e1000', 'e1000e', 'vmxnet3', 'virtio'], fallback: 'virtio' },
  maxSystems: 1,
  why: { deploymentOptions: 'virt-v2v ignores ovf:configuration and would attach the disks of every option at once.' },
  options: ['package'],
  rules: [],
};
