// Microsoft Hyper-V has no OVF importer: we ship the disks and a PowerShell script that creates
// and configures the VM. Generation 1 is BIOS with VHD (IDE boot), generation 2 is UEFI with VHDX
// (SCSI boot, 64-bit guests only). targets.md §3.
import { guestOsTable } from '../project/os.ts';
import { targetFinding, type TargetProfile } from './profile.ts';

const generation = (entry: { generation?: 1 | 2 }) => entry.generation ?? 2;

export const hyperv: TargetProfile = {
  id: 'hyperv',
  title: 'Microsoft Hyper-V',
  packaging: { kind: 'hyperv-script' },
  diskFormat: (entry) => (generation(entry) === 2 ? 'vhdx' : 'vhd-dynamic'),
  firmware: (entry) => (generation(entry) === 2 ? ['efi'] : ['bios']),
  secureBoot: true,
  // The script puts each disk on the controller the generation boots from; see the rule below.
  controllers: ['ide', 'scsi'],
  controllerFallback: 'scsi',
  maxSystems: 1,
  maxDiskMiB: 2040 * 1024,
  firmwareOption: (firmware) => ({ description: `use Hyper-V generation ${firmware === 'efi' ? 2 : 1}`, option: 'generation', value: firmware === 'efi' ? 2 : 1 }),
  options: ['generation'],
  rules: [
    (context) =>
      context.project.systems.flatMap((system, s) => {
        if (generation(context.entry) !== 2 || guestOsTable[system.os].bits === 64) return [];
        return [
          targetFinding(context, {
            code: 'HYPERV_GEN2_32BIT',
            severity: 'error',
            message: `Hyper-V generation 2 runs 64-bit guests only; ${system.id} declares a 32-bit OS`,
            explanation: 'Generation 2 VMs are UEFI-only and support only 64-bit guest operating systems.',
            path: ['systems', s, 'os'],
            fix: { description: 'use Hyper-V generation 1', edits: [{ path: ['targets', context.entryIndex, 'generation'], value: 1 }] },
          }),
        ];
      }),
    (context) =>
      context.project.systems.flatMap((system, s) =>
        system.media.flatMap((media, m) =>
          generation(context.entry) === 2 || system.controllers.find((c) => c.id === media.controller)?.type === 'ide'
            ? []
            : [
                targetFinding(context, {
                  code: 'HYPERV_GEN1_DVD_ON_IDE',
                  severity: 'info',
                  message: `Hyper-V generation 1 attaches DVD drives to IDE; "${media.id}" moves there`,
                  explanation: 'Generation 1 VMs have virtual DVD drives on the IDE controllers only.',
                  path: ['systems', s, 'media', m, 'controller'],
                }),
              ],
        ),
      ),
  ],
};
