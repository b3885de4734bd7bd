// Importing disk Items that belong to deployment options, from descriptors written by hand the
// way other tools write them: vCenter Server Appliance's base Item plus per-option overrides
// sharing its InstanceID (with an unprefixed configuration attribute), images per option, and
// broken references, which are reported rather than dropped silently.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../../../electron/engine/project/import.ts';
import { checkProject, selectTargets } from '../../../../electron/engine/targets/index.ts';

function descriptor(disks: string, items: string, references = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData">
  <References>${references}</References>
  <DiskSection><Info>Disks</Info>${disks}</DiskSection>
  <DeploymentOptionSection><Info>Sizes</Info>
    <Configuration ovf:id="tiny"><Label>Tiny</Label><Description>Tiny</Description></Configuration>
    <Configuration ovf:id="small" ovf:default="true"><Label>Small</Label><Description>Small</Description></Configuration>
    <Configuration ovf:id="large"><Label>Large</Label><Description>Large</Description></Configuration>
  </DeploymentOptionSection>
  <VirtualSystem ovf:id="vm"><Info>VM</Info><Name>vm</Name>
    <OperatingSystemSection ovf:id="96"><Info>OS</Info></OperatingSystemSection>
    <VirtualHardwareSection><Info>HW</Info>
      <Item><rasd:ElementName>1 CPU</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
      <Item><rasd:ElementName>Memory</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>512</rasd:VirtualQuantity></Item>
      <Item><rasd:Address>0</rasd:Address><rasd:ElementName>SCSI</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceSubType>lsilogic</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
      ${items}
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
`;
}

const disk = (id: string, mib: number, fileRef?: string) => `<Disk ovf:diskId="${id}" ovf:capacity="${mib}" ovf:capacityAllocationUnits="byte * 2^20"${fileRef ? ` ovf:fileRef="${fileRef}"` : ''}/>`;
const item = (instance: number, unit: number, diskId: string, configuration?: string) =>
  `<Item${configuration === undefined ? '' : ` configuration="${configuration}"`}><rasd:AddressOnParent>${unit}</rasd:AddressOnParent><rasd:ElementName>Disk</rasd:ElementName><rasd:HostResource>ovf:/disk/${diskId}</rasd:HostResource><rasd:InstanceID>${instance}</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>`;

async function imported(xml: string, files: Record<string, Buffer> = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'import-disks-'));
  writeFileSync(join(folder, 'vm.ovf'), xml);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);
  const result = await importSource(join(folder, 'vm.ovf'), join(mkdtempSync(join(tmpdir(), 'import-disks-out-')), 'p'));
  return { ...result, disks: result.project.project.systems[0]?.disks ?? [] };
}

test('a base Item with per-option overrides of its InstanceID (vCenter style) becomes one blank disk with a size per option', async () => {
  const xml = descriptor(disk('disk25GB', 25600) + disk('disk50GB', 51200), item(6, 2, 'disk25GB') + item(6, 2, 'disk50GB', 'large'));
  const { disks, notes } = await imported(xml);
  assert.deepEqual(notes, []);
  assert.deepEqual(disks.map((d) => [d.id, d.capacityMiB, d.optionCapacityMiB, d.options, d.unit]), [['disk25GB', 25600, { large: 51200 }, undefined, 2]]);
});

test('overrides that cover only some options limit the disk to them; a Disk two devices name gives two disk ids', async () => {
  const xml = descriptor(disk('a', 10) + disk('b', 20), item(6, 1, 'a', 'tiny small') + item(6, 1, 'b', 'large') + item(7, 2, 'a', 'small'));
  const { disks } = await imported(xml);
  assert.deepEqual(disks.map((d) => [d.id, d.capacityMiB, d.optionCapacityMiB, d.options, d.unit]), [
    ['a', 10, { large: 20 }, undefined, 1],
    ['a-2', 10, undefined, ['small'], 2],
  ]);
});

test('an image per option becomes one disk per image, each limited to its option, at the same address; the project checks clean', async () => {
  const references = '<File ovf:id="f1" ovf:href="small.img" ovf:size="1048576"/><File ovf:id="f2" ovf:href="large.img" ovf:size="1048576"/>';
  const xml = descriptor(disk('small', 1, 'f1') + disk('large', 1, 'f2'), item(6, 0, 'small', 'tiny small') + item(6, 0, 'large', 'large'), references);
  const result = await imported(xml, { 'small.img': Buffer.alloc(1048576, 1), 'large.img': Buffer.alloc(1048576, 2) });
  assert.deepEqual(result.disks.map((d) => [d.id, d.source, d.options, d.unit]), [
    ['small', 'disks/small.img', ['tiny', 'small'], 0],
    ['large', 'disks/large.img', ['large'], 0],
  ]);
  const findings = checkProject(result.project, selectTargets(result.project, ['vmware-esxi']), new Map());
  assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => f.code), []);
});

test('an Item naming a disk the DiskSection lacks is reported; one naming an undeclared option imports, and check names it', async () => {
  const xml = descriptor(disk('a', 10), item(6, 0, 'a') + item(7, 1, 'ghost') + item(8, 2, 'a', 'huge'));
  const result = await imported(xml);
  assert.deepEqual(result.notes.map((n) => [n.code, n.message]), [['IMPORT_DISK_DROPPED', 'vm: disk item 7 names no disk of the DiskSection']]);
  assert.ok(result.notes[0]?.line, 'the note points at its line');
  assert.deepEqual(result.disks.map((d) => [d.id, d.options]), [['a', undefined], ['a-2', ['huge']]]);
  const findings = checkProject(result.project, [], new Map());
  assert.deepEqual(findings.filter((f) => f.code === 'PROJECT_DISK_OPTION_UNKNOWN').map((f) => f.location.path), ['systems[0].disks[1].options']);
});
