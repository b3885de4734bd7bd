// VMware ESXi / vSphere (ovftool, the vSphere client, govc). targets.md §1.
import { esxiHardwareVersion } from '../project/vmx.ts';
import { targetFinding, type TargetProfile } from './profile.ts';

export const vmwareEsxi: TargetProfile = {
  id: 'vmware-esxi',
  title: 'VMware ESXi',
  packaging: { kind: 'ovf', dialect: { flavour: 'vmware', systemType: (entry) => `vmx-${esxiHardwareVersion[entry.esxi ?? '6.7']}`, manifest: 'sha256' }, deploymentOptions: true },
  diskFormat: () => 'vmdk-stream',
  firmware: () => ['bios', 'efi'],
  secureBoot: true,
  controllers: ['ide', 'sata', 'scsi', 'nvme'],
  nics: { models: ['e1000', 'e1000e', 'vmxnet3', 'pcnet32'], fallback: 'vmxnet3' },
  options: ['esxi', 'package'],
  rules: [
    (context) =>
      context.project.systems.flatMap((system, s) =>
        system.controllers.flatMap((controller, c) =>
          controller.type === 'nvme' && esxiHardwareVersion[context.entry.esxi ?? '6.7'] < 13
            ? [
                targetFinding(context, {
                  code: 'VMWARE_DEVICE_NEEDS_NEWER_HARDWARE',
                  severity: 'error',
                  message: `an NVMe controller needs hardware version 13 (ESXi 6.5) or later`,
                  explanation: 'Devices newer than the chosen hardware version are refused at import.',
                  path: ['systems', s, 'controllers', c, 'type'],
                }),
              ]
            : [],
        ),
      ),
  ],
};
