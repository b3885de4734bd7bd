// VMware Workstation and Fusion: the same OVF dialect as ESXi; Workstation refuses OVF 2.0 items,
// which we never write. vmx-14 is Workstation 14 and later. targets.md §1.
import type { TargetProfile } from './profile.ts';

export const vmwareWorkstation: TargetProfile = {
  id: 'vmware-workstation',
  title: 'VMware Workstation/Fusion',
  packaging: { kind: 'ovf', dialect: { flavour: 'vmware', systemType: () => 'vmx-14', manifest: 'sha256' }, deploymentOptions: true },
  diskFormat: () => 'vmdk-stream',
  firmware: () => ['bios', 'efi'],
  secureBoot: true,
  controllers: ['ide', 'sata', 'scsi', 'nvme'],
  nics: { models: ['e1000', 'e1000e', 'vmxnet3', 'pcnet32'], fallback: 'e1000e' },
  options: ['package'],
  rules: [],
};
