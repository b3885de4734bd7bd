// The files that stand in for an OVF where a platform has none: the libvirt domain (checked with
// libvirt's own schema through virt-xml-validate) and the Hyper-V PowerShell script.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectSchema, type ProjectInput } from '../../../electron/engine/project/schema.ts';
import { hypervScript } from '../../../electron/engine/targets/hyperv-script.ts';
import { targetProfile } from '../../../electron/engine/targets/index.ts';
import { libvirtDomain } from '../../../electron/engine/targets/libvirt-domain.ts';
import { baseProject } from '../../unit/engine/targets/projects.ts';
import { hasCommand, run } from './oracles.ts';

function system(change: (system: ProjectInput['systems'][number]) => void) {
  const input = baseProject();
  const first = input.systems[0];
  assert.ok(first);
  change(first);
  const parsed = projectSchema.parse(input).systems[0];
  assert.ok(parsed);
  return parsed;
}

const variants = {
  'EFI with Secure Boot on SCSI': system((s) => {
    s.secureBoot = true;
    s.coresPerSocket = 1;
    s.nics = [{ network: 'LAN', model: 'pcnet32', mac: '52:54:00:AA:BB:CC' }];
  }),
  'BIOS on IDE with a CD': system((s) => {
    s.firmware = 'bios';
    s.controllers = [{ id: 'ide0', type: 'ide' }];
    s.disks = [{ id: 'system', capacityMiB: 8, controller: 'ide0', unit: 0 }];
    s.media = [{ id: 'cd', source: 'cd.iso', controller: 'ide0', unit: 1 }];
  }),
  'virtio-scsi and an NVMe data disk': system((s) => {
    s.controllers = [
      { id: 'v0', type: 'virtio-scsi' },
      { id: 'n0', type: 'nvme' },
    ];
    s.disks = [
      { id: 'system', capacityMiB: 8, controller: 'v0', unit: 0 },
      { id: 'data', capacityMiB: 8, controller: 'n0', unit: 0 },
    ];
  }),
};

test('every libvirt domain we write is valid against libvirt schema', { skip: hasCommand('virt-xml-validate') ? undefined : 'virt-xml-validate is not installed (Debian libvirt-clients)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'domain-'));
  for (const [name, vm] of Object.entries(variants)) {
    const file = join(dir, `${vm.id}-${Object.keys(variants).indexOf(name)}.xml`);
    writeFileSync(file, libvirtDomain(vm, targetProfile('kvm'), new Map(vm.disks.map((d) => [d.id, `${d.id}.qcow2`])), new Map(vm.media.map((m) => [m.id, 'cd.iso']))));
    await run('virt-xml-validate', [file, 'domain']).catch((error: unknown) => assert.fail(`${name}: ${String((error as { stderr?: string }).stderr ?? error)}`));
  }
});

test('the libvirt domain picks the machine type, buses, firmware and NIC models QEMU knows', () => {
  const efi = libvirtDomain(variants['EFI with Secure Boot on SCSI'], targetProfile('kvm'), new Map([['system', 'a.qcow2']]), new Map());
  assert.match(efi, /<os firmware='efi'>/);
  assert.match(efi, /<feature enabled='yes' name='secure-boot'\/>/);
  assert.match(efi, /machine='q35'/);
  assert.match(efi, /<controller type='scsi' model='lsilogic'\/>/);
  assert.match(efi, /<model type='pcnet'\/>/);
  assert.match(efi, /<mac address='52:54:00:aa:bb:cc'\/>/);
  const ide = libvirtDomain(variants['BIOS on IDE with a CD'], targetProfile('kvm'), new Map([['system', 'a.qcow2']]), new Map([['cd', 'cd.iso']]));
  assert.match(ide, /machine='pc'/);
  assert.match(ide, /<target dev='hda' bus='ide'\/>/);
  assert.match(ide, /device='cdrom'[\s\S]*<target dev='hdb' bus='ide'\/>/);
  const nvme = libvirtDomain(variants['virtio-scsi and an NVMe data disk'], targetProfile('kvm'), new Map([['system', 'a.qcow2'], ['data', 'b.qcow2']]), new Map());
  assert.match(nvme, /model='virtio-scsi'/);
  assert.match(nvme, /b\.qcow2'\/>\s*<target dev='sdb' bus='sata'\/>/);
});

test('the Hyper-V script creates the VM of the declared generation with its disks, DVDs, NICs and firmware', () => {
  const gen2 = hypervScript(variants['EFI with Secure Boot on SCSI'], { id: 'hyperv' }, [{ file: "router's-disk.vhdx", boot: true }], []);
  assert.match(gen2, /New-VM -Name \$Name -Generation 2 -MemoryStartupBytes 1024MB -NoVHD/);
  assert.match(gen2, /Set-VMProcessor -VM \$vm -Count 2/);
  assert.match(gen2, /Add-VMHardDiskDrive -VM \$vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0 -Path \(Join-Path \$PSScriptRoot 'router''s-disk\.vhdx'\)/);
  assert.match(gen2, /Set-VMFirmware -VM \$vm -EnableSecureBoot On -SecureBootTemplate MicrosoftUEFICertificateAuthority/);
  assert.match(gen2, /Add-VMNetworkAdapter -VM \$vm -Name 'LAN' -SwitchName \$SwitchName -StaticMacAddress '525400AABBCC'/);
  assert.ok(gen2.split('\r\n').every((line) => !line.includes('\n')), 'CRLF line ends, as Windows PowerShell expects');
  const gen1 = hypervScript(variants['BIOS on IDE with a CD'], { id: 'hyperv', generation: 1 }, [{ file: 'a.vhd', boot: true }, { file: 'b.vhd', boot: false }], ['cd.iso']);
  assert.match(gen1, /-Generation 1 /);
  assert.match(gen1, /'a\.vhd'[\s\S]*-ControllerType IDE -ControllerNumber 0 -ControllerLocation 1 -Path \(Join-Path \$PSScriptRoot 'b\.vhd'\)/);
  assert.match(gen1, /Add-VMDvdDrive -VM \$vm -ControllerNumber 1 -ControllerLocation 0 -Path \(Join-Path \$PSScriptRoot 'cd\.iso'\)/);
  assert.doesNotMatch(gen1, /Set-VMFirmware/);
});
