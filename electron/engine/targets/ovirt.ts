// oVirt / RHV / OpenShift MTV through virt-v2v `-i ova`: OVF 1.x only, one VirtualSystem, SHA1 or
// SHA256 manifest lines, uncompressed disks, firmware from vmw:Config. targets.md §5.2.
// virt-v2v attaches every disk Item whatever its ovf:configuration (seen with virt-v2v 2.x
// --print-source), so the package holds the default deployment option only; and it reads a file
// for every Disk, stopping with "error parsing disk fileRef" on a blank one.
import { diskInOption, defaultOptionId } from '../project/deployment.ts';
import { targetFinding, type TargetProfile } from './profile.ts';

export const ovirt: TargetProfile = {
  id: 'ovirt',
  title: 'oVirt/RHV (virt-v2v)',
  packaging: { kind: 'ovf', dialect: { flavour: 'generic', systemType: () => 'vmx-14', manifest: 'sha256' }, deploymentOptions: false },
  diskFormat: () => 'vmdk-stream',
  firmware: () => ['bios', 'efi'],
  secureBoot: false,
  controllers: ['ide', 'sata', 'scsi'],
  controllerFallback: 'sata',
  nics: { models: ['e1000', 'e1000e', 'vmxnet3', 'virtio'], fallback: 'virtio' },
  maxSystems: 1,
  why: { deploymentOptions: 'virt-v2v ignores ovf:configuration and would attach the disks of every option at once.' },
  options: ['package'],
  rules: [
    (context) =>
      context.project.systems.flatMap((system, s) =>
        system.disks.flatMap((disk, d) =>
          disk.source || !diskInOption(disk, defaultOptionId(context.project))
            ? []
            : [
                targetFinding(context, {
                  code: 'OVIRT_BLANK_DISK',
                  // A warning while the build writes blank disks without a file: the OVA still suits other OVF readers.
                  severity: 'warning',
                  message: `blank disk "${disk.id}" has no image; virt-v2v refuses an OVA with a Disk that names no file`,
                  explanation: 'virt-v2v -i ova reads the file of every Disk in the DiskSection and stops with "error parsing disk fileRef" when there is none.',
                  path: ['systems', s, 'disks', d],
                }),
              ],
        ),
      ),
  ],
};
