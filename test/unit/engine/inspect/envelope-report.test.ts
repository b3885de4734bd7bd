import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diskFormatName, envelopeSections, valueMapChoices } from '../../../../electron/engine/inspect/envelope-report.ts';
import { resourceTypeName } from '../../../../electron/engine/inspect/hardware-table.ts';
import { parseDescriptor } from '../../../../electron/engine/ovf/index.ts';

test('ValueMap qualifiers become the choices of a list, quoted or not, with commas inside quotes kept', () => {
  assert.deepEqual(valueMapChoices('ValueMap{"small", "large"}'), ['small', 'large']);
  assert.deepEqual(valueMapChoices('MinLen(1),ValueMap{a,b ,c}'), ['a', 'b', 'c']);
  assert.deepEqual(valueMapChoices('ValueMap{"x, y","z"}'), ['x, y', 'z']);
  assert.deepEqual(valueMapChoices('MaxLen(64)'), []);
  assert.deepEqual(valueMapChoices(undefined), []);
});

test('disk format URIs are shortened to what people call them', () => {
  assert.equal(diskFormatName('http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized'), 'VMDK streamOptimized');
  assert.equal(diskFormatName('http://technet.microsoft.com/en-us/library/bb676673.aspx'), 'http://technet.microsoft.com/en-us/library/bb676673.aspx');
  assert.equal(diskFormatName('https://people.gnome.org/~markmc/qcow-image-format.html'), 'QCOW2');
  assert.equal(diskFormatName(undefined), 'unspecified');
  assert.equal(resourceTypeName(10), 'Ethernet adapter');
  assert.equal(resourceTypeName(99), 'Resource type 99');
});

test('items without a configuration appear in every option; a descriptor without options has one table', () => {
  const text = `<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
  <References/>
  <VirtualSystem ovf:id="vm"><Info>x</Info>
    <VirtualHardwareSection><Info>h</Info>
      <Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>4</rasd:VirtualQuantity></Item>
      <Item><rasd:ElementName>ram</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>512</rasd:VirtualQuantity></Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>`;
  const sections = envelopeSections(parseDescriptor(text, 'x.ovf').envelope);
  assert.equal(sections.systems[0]?.name, 'vm');
  const tables = sections.systems[0]?.tables ?? [];
  assert.equal(tables.length, 1);
  // Memory without AllocationUnits reads as MiB, as VMware and VirtualBox write it.
  assert.deepEqual(tables[0]?.rows.map((r) => [r.type, r.quantity, r.line]), [['Processor', '4 vCPU', 5], ['Memory', '512 MiB', 6]]);
});

test('a disk drive row shows the capacity of the Disk it names, so per-option sizes are visible', () => {
  const text = `<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
  <References/>
  <DiskSection><Info>d</Info>
    <Disk ovf:diskId="data" ovf:capacity="10" ovf:capacityAllocationUnits="byte * 2^30"/>
    <Disk ovf:diskId="data-large" ovf:capacity="100" ovf:capacityAllocationUnits="byte * 2^30"/>
    <Disk ovf:diskId="later" ovf:capacity="\${size}"/>
  </DiskSection>
  <DeploymentOptionSection><Info>o</Info>
    <Configuration ovf:id="small"><Label>Small</Label><Description>s</Description></Configuration>
    <Configuration ovf:id="large"><Label>Large</Label><Description>l</Description></Configuration>
  </DeploymentOptionSection>
  <VirtualSystem ovf:id="vm"><Info>x</Info>
    <VirtualHardwareSection><Info>h</Info>
      <Item ovf:configuration="small"><rasd:ElementName>data</rasd:ElementName><rasd:HostResource>ovf:/disk/data</rasd:HostResource><rasd:InstanceID>5</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item ovf:configuration="large"><rasd:ElementName>data</rasd:ElementName><rasd:HostResource>ovf:/disk/data-large</rasd:HostResource><rasd:InstanceID>5</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:ElementName>later</rasd:ElementName><rasd:HostResource>ovf:/disk/later</rasd:HostResource><rasd:InstanceID>6</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>`;
  const [system] = envelopeSections(parseDescriptor(text, 'x.ovf').envelope).systems;
  assert.deepEqual(system?.tables.map((t) => [t.configuration, t.rows.map((r) => r.quantity)]), [
    ['small', ['10.0 GiB', '${size}']],
    ['large', ['100 GiB', '${size}']],
  ]);
});
