// Appliances made at test time with the project's own writers: a raw disk with an MBR partition
// and an ext4 superblock, converted by the disk engine; a descriptor written here; packed (and
// signed with the test CA) by the package engine. Sizes stay in KiB to MiB; big virtual sizes
// come from sparse files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, openSync, closeSync, writeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertDisk } from '../../electron/engine/disk/index.ts';
import type { TargetFormat } from '../../electron/engine/disk/types.ts';
import { packPackage } from '../../electron/engine/package/pack.ts';
import { loadSigningIdentity } from '../../electron/engine/trust/keys.ts';
import { writeBootableDisk } from '../fixtures/disks.ts';
import { testCa } from '../fixtures/test-ca.ts';
import { cli } from '../support/cli.ts';

export const PRODUCT = 'Acme Edge Router';
export const VENDOR = 'Acme Networks';
export const VERSION = '4.2.1';

export function fixtureDir(): string {
  return mkdtempSync(join(tmpdir(), 'studio-e2e-'));
}

/** A sparse raw disk: MBR with one Linux partition at 1 MiB holding an ext4 superblock. */
export function writePartitionedRaw(path: string, size = 64 * 1024 * 1024): string {
  const mbr = Buffer.alloc(512);
  const entry = 446;
  mbr[entry] = 0x80; // bootable
  mbr[entry + 4] = 0x83; // Linux
  mbr.writeUInt32LE(2048, entry + 8);
  mbr.writeUInt32LE(size / 512 - 2048, entry + 12);
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  const superblock = Buffer.alloc(1024);
  superblock.writeUInt16LE(0xef53, 56);
  superblock.writeUInt32LE(0x4, 92); // has_journal
  superblock.writeUInt32LE(0x40 | 0x200, 96); // extents, flex_bg: ext4
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, size);
    writeSync(fd, mbr, 0, mbr.length, 0);
    writeSync(fd, superblock, 0, superblock.length, 1024 * 1024 + 1024);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** The raw fixture disk converted to `format` by the disk engine. */
export async function writeDiskImage(dir: string, format: TargetFormat, name = `disk.${format === 'vhd-fixed' ? 'vhd' : format}`): Promise<string> {
  const raw = writePartitionedRaw(join(dir, `source-${format}.raw`));
  const path = join(dir, name);
  await convertDisk(raw, [{ path, format }]);
  return path;
}

export interface DescriptorOptions {
  /** Extra properties beyond the three every fixture has (for the virtualised form). */
  readonly extraProperties?: number;
  readonly diskHref: string;
  readonly diskBytes: number;
  readonly capacityBytes: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function descriptorText(options: DescriptorOptions): string {
  const extra = Array.from({ length: options.extraProperties ?? 0 }, (_, i) => `      <Property ovf:key="option${i}" ovf:type="string" ovf:userConfigurable="true" ovf:value="value ${i}"><Label>Option ${i}</Label><Description>Generated option number ${i}</Description></Property>`).join('\n');
  const item = (id: number, type: number, name: string, body: string, config?: string) =>
    `      <Item${config ? ` ovf:configuration="${config}"` : ''}><rasd:ElementName>${escapeXml(name)}</rasd:ElementName><rasd:InstanceID>${id}</rasd:InstanceID><rasd:ResourceType>${type}</rasd:ResourceType>${body}</Item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Made by the studio's end-to-end fixtures -->
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <References>
    <File ovf:id="file1" ovf:href="${options.diskHref}" ovf:size="${options.diskBytes}"/>
  </References>
  <DiskSection>
    <Info>Virtual disks</Info>
    <Disk ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:capacity="${options.capacityBytes}" ovf:capacityAllocationUnits="byte" ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
  </DiskSection>
  <NetworkSection>
    <Info>Networks</Info>
    <Network ovf:name="VM Network"><Description>Traffic to route</Description></Network>
    <Network ovf:name="Management"><Description>Administration only</Description></Network>
  </NetworkSection>
  <DeploymentOptionSection>
    <Info>Sizes</Info>
    <Configuration ovf:id="small" ovf:default="true"><Label>Small</Label><Description>Up to 1 Gbit/s</Description></Configuration>
    <Configuration ovf:id="large"><Label>Large</Label><Description>Up to 10 Gbit/s</Description></Configuration>
  </DeploymentOptionSection>
  <VirtualSystem ovf:id="edge-router">
    <Info>The router</Info>
    <Name>edge-router</Name>
    <AnnotationSection>
      <Info>About</Info>
      <Annotation>Routes and filters traffic between two networks.</Annotation>
    </AnnotationSection>
    <ProductSection>
      <Info>Product</Info>
      <Product>${PRODUCT}</Product>
      <Vendor>${VENDOR}</Vendor>
      <Version>${VERSION}</Version>
      <FullVersion>${VERSION} build 77</FullVersion>
      <Category>Network</Category>
      <Property ovf:key="hostname" ovf:type="string" ovf:userConfigurable="true" ovf:value="edge1"><Label>Host name</Label><Description>Name of the router</Description></Property>
      <Property ovf:key="mode" ovf:type="string" ovf:qualifiers="ValueMap{&quot;router&quot;,&quot;bridge&quot;}" ovf:userConfigurable="true" ovf:value="router"><Label>Mode</Label><Description>How traffic flows</Description></Property>
      <Property ovf:key="admin_password" ovf:type="string" ovf:password="true" ovf:userConfigurable="true"><Label>Administrator password</Label><Description>Set at first boot</Description></Property>
${extra}
    </ProductSection>
    <EulaSection>
      <Info>Licence</Info>
      <License>ACME END USER LICENCE AGREEMENT
You may run this router on any number of hosts.</License>
    </EulaSection>
    <OperatingSystemSection ovf:id="101">
      <Info>Guest</Info>
      <Description>Linux 5.x 64-bit</Description>
    </OperatingSystemSection>
    <VirtualHardwareSection>
      <Info>Hardware</Info>
      <System><vssd:ElementName>Virtual Hardware Family</vssd:ElementName><vssd:InstanceID>0</vssd:InstanceID><vssd:VirtualSystemType>vmx-14</vssd:VirtualSystemType></System>
${item(1, 3, '2 vCPU', '<rasd:VirtualQuantity>2</rasd:VirtualQuantity>', 'small')}
${item(2, 3, '8 vCPU', '<rasd:VirtualQuantity>8</rasd:VirtualQuantity>', 'large')}
${item(3, 4, '2 GiB', '<rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:VirtualQuantity>2048</rasd:VirtualQuantity>', 'small')}
${item(4, 4, '16 GiB', '<rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:VirtualQuantity>16384</rasd:VirtualQuantity>', 'large')}
${item(5, 6, 'SCSI controller 0', '<rasd:Address>0</rasd:Address><rasd:ResourceSubType>lsilogic</rasd:ResourceSubType>')}
${item(6, 17, 'Hard disk 1', '<rasd:AddressOnParent>0</rasd:AddressOnParent><rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource><rasd:Parent>5</rasd:Parent>')}
${item(7, 10, 'Traffic NIC', '<rasd:AutomaticAllocation>true</rasd:AutomaticAllocation><rasd:Connection>VM Network</rasd:Connection><rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>')}
${item(8, 10, 'Management NIC', '<rasd:AutomaticAllocation>true</rasd:AutomaticAllocation><rasd:Connection>Management</rasd:Connection><rasd:ResourceSubType>E1000</rasd:ResourceSubType>')}
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
`;
}

export interface Appliance {
  readonly dir: string;
  readonly descriptor: string;
  readonly disk: string;
}

/** An OVF folder: the descriptor beside a streamOptimized VMDK. */
export async function writeApplianceFolder(dir: string, options: { extraProperties?: number; name?: string } = {}): Promise<Appliance> {
  const folder = join(dir, options.name ?? 'edge-router');
  mkdirSync(folder, { recursive: true });
  const raw = writePartitionedRaw(join(dir, 'router-source.raw'));
  const disk = join(folder, 'edge-router-disk1.vmdk');
  const [converted] = await convertDisk(raw, [{ path: disk, format: 'vmdk' }]);
  const descriptor = join(folder, 'edge-router.ovf');
  writeFileSync(descriptor, descriptorText({ diskHref: 'edge-router-disk1.vmdk', diskBytes: converted?.bytes ?? 0, capacityBytes: converted?.virtualSize ?? 0, ...(options.extraProperties ? { extraProperties: options.extraProperties } : {}) }));
  return { dir: folder, descriptor, disk };
}

/** The appliance packed as an OVA by the package engine, signed by one of the test CA's leaves when asked. */
export async function writeOva(dir: string, options: { signer?: 'rsaLeaf' | 'expiredLeaf'; extraProperties?: number } = {}): Promise<string> {
  const appliance = await writeApplianceFolder(dir, options);
  const output = join(dir, options.signer ? `edge-router-${options.signer}.ova` : 'edge-router.ova');
  const ca = options.signer ? await testCa() : undefined;
  const leaf = ca && options.signer ? ca[options.signer] : undefined;
  // Every leaf is issued by the intermediate, whose PEM the RSA signer's fixture carries.
  const chainPath = ca?.rsaLeaf.chainPath;
  const signer = leaf ? await loadSigningIdentity({ keyPath: leaf.keyPath, certPath: leaf.certPath, ...(chainPath ? { chainPath } : {}) }) : undefined;
  await packPackage(appliance.descriptor, { output, ...(signer ? { signer } : {}) });
  return output;
}

/** An OVF folder whose one big sparse file (8 GiB, no disk space) takes seconds to hash even on a fast machine, so a test can cancel it. */
export function writeSlowFolder(dir: string, bytes = 8 * 1024 ** 3): string {
  const folder = join(dir, 'big-appliance');
  mkdirSync(folder, { recursive: true });
  const disk = join(folder, 'big-disk1.img');
  const fd = openSync(disk, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  const descriptor = descriptorText({ diskHref: 'big-disk1.img', diskBytes: bytes, capacityBytes: bytes }).replace('vmdk.html#streamOptimized', 'vmdk.html#monolithicFlat');
  writeFileSync(join(folder, 'big-appliance.ovf'), descriptor);
  // A manifest that lists the big file, so verification has to read it.
  writeFileSync(join(folder, 'big-appliance.mf'), `SHA256(big-disk1.img)= ${'0'.repeat(64)}\n`);
  return folder;
}

/**
 * A project "Acme Gateway" made with `appliance init` in a new folder, its system disk a 2 MiB
 * bootable image, built for `targets`. Resolves to the project folder and its appliance.yaml.
 */
export async function initGatewayProject(prefix: string, targets: readonly string[] = ['vmware-esxi']): Promise<{ dir: string; file: string }> {
  const dir = join(mkdtempSync(join(tmpdir(), prefix)), 'gateway');
  mkdirSync(join(dir, 'disks'), { recursive: true });
  await writeBootableDisk(join(dir, 'disks', 'gateway.img'), 2 * 1024 * 1024);
  const init = await cli(['init', dir, '--name', 'Acme Gateway', '--os', 'debian-64', '--disk', join(dir, 'disks', 'gateway.img'), ...targets.flatMap((t) => ['--target', t])]);
  assert.equal(init.code, 0, init.stderr);
  return { dir, file: join(dir, 'appliance.yaml') };
}
