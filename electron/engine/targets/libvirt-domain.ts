// The libvirt domain XML for the KVM target: the project's hardware as `virsh define` takes it,
// the disks named by file so the user places them (default pool /var/lib/libvirt/images).
import type { NicModel, TargetProfile } from './profile.ts';
import type { VirtualSystem } from '../project/schema.ts';
import { effectiveControllerType, effectiveNicModel } from './ovf/hardware.ts';

const xml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

export const libvirtImageDir = '/var/lib/libvirt/images';

/** QEMU's device names for the project's NIC models (libvirt passes them through). */
const libvirtNicModel: Record<NicModel, string> = { e1000: 'e1000', e1000e: 'e1000e', vmxnet3: 'vmxnet3', virtio: 'virtio', pcnet32: 'pcnet' };

export function libvirtDomain(system: VirtualSystem, profile: TargetProfile, diskFiles: ReadonlyMap<string, string>, isoFiles: ReadonlyMap<string, string>): string {
  const controllers = new Map(system.controllers.map((c) => [c.id, effectiveControllerType(profile, c.type)]));
  // q35 has no IDE bus; a project with IDE devices gets the i440fx machine.
  const machine = [...controllers.values()].includes('ide') ? 'pc' : 'q35';
  const bus = (controllerId: string) => {
    const type = controllers.get(controllerId) ?? 'sata';
    return type === 'virtio-scsi' ? 'scsi' : type === 'nvme' ? 'sata' : type;
  };
  const prefix: Record<string, string> = { ide: 'hd', sata: 'sd', scsi: 'sd' };
  const used = new Map<string, number>();
  const nextDev = (b: string) => {
    const p = prefix[b] ?? 'sd';
    const n = used.get(p) ?? 0;
    used.set(p, n + 1);
    return `${p}${String.fromCharCode(97 + n)}`;
  };
  const lines = [
    "<domain type='kvm'>",
    `  <name>${xml(system.id)}</name>`,
    `  <title>${xml(system.name)}</title>`,
    `  <memory unit='MiB'>${system.memoryMiB}</memory>`,
    `  <vcpu>${system.cpus}</vcpu>`,
    system.firmware === 'efi' ? "  <os firmware='efi'>" : '  <os>',
    `    <type arch='x86_64' machine='${machine}'>hvm</type>`,
    ...(system.firmware === 'efi' ? [`    <firmware><feature enabled='${system.secureBoot ? 'yes' : 'no'}' name='secure-boot'/></firmware>`] : []),
    "    <boot dev='hd'/>",
    '  </os>',
    '  <features><acpi/><apic/></features>',
    ...(system.coresPerSocket ? [`  <cpu><topology sockets='${system.cpus / system.coresPerSocket}' dies='1' cores='${system.coresPerSocket}' threads='1'/></cpu>`] : []),
    '  <devices>',
  ];
  for (const type of new Set(controllers.values())) {
    if (type === 'virtio-scsi') lines.push("    <controller type='scsi' model='virtio-scsi'/>");
    else if (type === 'scsi') lines.push("    <controller type='scsi' model='lsilogic'/>");
  }
  for (const disk of system.disks) {
    const b = bus(disk.controller);
    lines.push(
      "    <disk type='file' device='disk'>",
      "      <driver name='qemu' type='qcow2'/>",
      `      <source file='${xml(`${libvirtImageDir}/${diskFiles.get(disk.id) ?? ''}`)}'/>`,
      `      <target dev='${nextDev(b)}' bus='${b}'/>`,
      '    </disk>',
    );
  }
  for (const media of system.media) {
    const b = bus(media.controller);
    const file = isoFiles.get(media.id);
    lines.push("    <disk type='file' device='cdrom'>", "      <driver name='qemu' type='raw'/>", ...(file ? [`      <source file='${xml(`${libvirtImageDir}/${file}`)}'/>`] : []), `      <target dev='${nextDev(b)}' bus='${b}'/>`, '      <readonly/>', '    </disk>');
  }
  for (const nic of system.nics) {
    lines.push("    <interface type='network'>", "      <source network='default'/>", ...(nic.mac ? [`      <mac address='${nic.mac.toLowerCase()}'/>`] : []), `      <model type='${libvirtNicModel[effectiveNicModel(profile, nic.model)]}'/>`, '    </interface>');
  }
  lines.push("    <serial type='pty'/>", "    <console type='pty'/>", '  </devices>', '</domain>', '');
  return lines.join('\n');
}
