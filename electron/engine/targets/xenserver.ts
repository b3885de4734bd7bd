// Citrix XenServer through XenCenter's OVF import: VHD disks pass through unconverted, one CD drive
// per VM, an InstallSection would boot the VM after import (so none is written). targets.md §2.
import { targetFinding, type TargetProfile } from './profile.ts';

export const xenserver: TargetProfile = {
  id: 'xenserver',
  title: 'Citrix XenServer',
  packaging: { kind: 'ovf', dialect: { flavour: 'xen', systemType: () => 'hvm-3.0-unknown', manifest: 'sha256' }, deploymentOptions: true },
  diskFormat: () => 'vhd-dynamic',
  firmware: () => ['bios', 'efi'],
  secureBoot: false,
  controllers: ['ide', 'sata', 'scsi', 'nvme', 'virtio-scsi'],
  nics: { models: ['e1000', 'e1000e', 'vmxnet3', 'virtio', 'pcnet32'], fallback: 'e1000' },
  maxMedia: 1,
  // The VHD format's limit (2040 GB), which XenServer inherits by passing VHDs through.
  maxDiskMiB: 2040 * 1024,
  why: { maxMedia: 'XenCenter creates one CD/DVD drive per VM and silently skips the others.' },
  options: ['package'],
  rules: [
    (context) =>
      context.project.systems.flatMap((system, s) =>
        system.firmware === 'efi'
          ? [
              targetFinding(context, {
                code: 'XEN_UEFI_UNVERIFIED',
                severity: 'warning',
                message: `${system.id} uses UEFI; how XenCenter reads a UEFI boot mode from an OVF is not established`,
                explanation: 'XenServer sets the boot mode in HVM_boot_params; the OVF key for UEFI was not found in XenCenter\'s sources, so check the VM after import.',
                path: ['systems', s, 'firmware'],
              }),
            ]
          : [],
      ),
  ],
};
