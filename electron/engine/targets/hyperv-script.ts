// Hyper-V has no OVF importer (targets.md §3), so the Hyper-V output carries a PowerShell script
// that creates and configures the VM from the project's hardware with the Hyper-V module's
// cmdlets. Generation 1 boots from IDE (at most two controllers x two units), generation 2 from
// SCSI; the disks sit beside the script.
import { guestOsTable } from '../project/os.ts';
import type { TargetEntry, VirtualSystem } from '../project/schema.ts';

export interface HypervDisk {
  readonly file: string;
  readonly boot: boolean;
}

/** PowerShell single-quoted string: only the quote itself needs doubling. */
const ps = (text: string) => `'${text.replace(/'/g, "''")}'`;

export function hypervScript(system: VirtualSystem, entry: TargetEntry, disks: readonly HypervDisk[], isoFiles: readonly string[]): string {
  const generation = entry.generation ?? 2;
  const lines = [
    `# Creates the Hyper-V virtual machine "${system.name.replace(/[\r\n]/g, ' ')}" from the files beside this script.`,
    '# Made by Appliance Studio. Run in an elevated PowerShell on the Hyper-V host:',
    '#   .\\create-vm.ps1 [-Name NAME] [-SwitchName SWITCH] [-VmPath FOLDER]',
    'param(',
    `  [string]$Name = ${ps(system.name)},`,
    "  [string]$SwitchName = 'Default Switch',",
    "  [string]$VmPath = (Join-Path $PSScriptRoot 'vm')",
    ')',
    "$ErrorActionPreference = 'Stop'",
    `$vm = New-VM -Name $Name -Generation ${generation} -MemoryStartupBytes ${system.memoryMiB}MB -NoVHD -Path $VmPath`,
    `Set-VMProcessor -VM $vm -Count ${system.cpus}`,
    // New-VM adds one unconnected adapter; the project's NICs replace it.
    'Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter',
  ];
  // Boot disk first, so it gets the first boot slot.
  const ordered = [...disks].sort((a, b) => Number(b.boot) - Number(a.boot));
  ordered.forEach((disk, index) => {
    const slot = generation === 1 && index < 4 ? `-ControllerType IDE -ControllerNumber ${Math.floor(index / 2)} -ControllerLocation ${index % 2}` : `-ControllerType SCSI -ControllerNumber 0 -ControllerLocation ${generation === 1 ? index - 4 : index}`;
    lines.push(`Add-VMHardDiskDrive -VM $vm ${slot} -Path (Join-Path $PSScriptRoot ${ps(disk.file)})`);
  });
  isoFiles.forEach((iso, index) => {
    // Generation 1 DVD drives live on IDE after the disks; generation 2 on SCSI.
    const slot = generation === 1 ? `-ControllerNumber 1 -ControllerLocation ${index % 2}` : '-ControllerNumber 0';
    lines.push(`Add-VMDvdDrive -VM $vm ${slot} -Path (Join-Path $PSScriptRoot ${ps(iso)})`);
  });
  system.nics.forEach((nic) => {
    const mac = nic.mac ? ` -StaticMacAddress ${ps(nic.mac.replace(/:/g, '').toUpperCase())}` : '';
    lines.push(`Add-VMNetworkAdapter -VM $vm -Name ${ps(nic.network)} -SwitchName $SwitchName${mac}`);
  });
  if (generation === 2) {
    const linux = guestOsTable[system.os].family !== 'windows';
    if (system.secureBoot) {
      // Linux loaders are signed by the Microsoft UEFI CA, not the Windows one.
      lines.push(`Set-VMFirmware -VM $vm -EnableSecureBoot On -SecureBootTemplate ${linux ? 'MicrosoftUEFICertificateAuthority' : 'MicrosoftWindows'}`);
    } else {
      lines.push('Set-VMFirmware -VM $vm -EnableSecureBoot Off');
    }
    if (ordered.length > 0) lines.push('Set-VMFirmware -VM $vm -FirstBootDevice (Get-VMHardDiskDrive -VM $vm | Select-Object -First 1)');
  }
  lines.push('Write-Output "Created $Name; start it with: Start-VM -Name `"$Name`""', '');
  return lines.join('\r\n');
}
