import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import {
  addHardwareItem,
  parseDescriptor,
  removeHardwareItem,
  serializeDescriptor,
  setProductField,
  setPropertyValue,
  validateDescriptor,
  virtualSystems,
} from '../../../../electron/engine/ovf/index.ts';
import { sampleDescriptor, variant } from './fixture.ts';

/** Lines of `after` that are not in `before` and vice versa, in order (a line diff good enough for single edits). */
function lineChanges(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  return { removed: a.slice(start, endA + 1), added: b.slice(start, endB + 1) };
}

test('setting a property value changes that one attribute and nothing else', () => {
  const descriptor = parseDescriptor(sampleDescriptor, 's.ovf');
  setPropertyValue(descriptor, 'hostname', 'edge-7 <&>');
  const after = serializeDescriptor(descriptor);
  assert.deepEqual(lineChanges(sampleDescriptor, after), {
    removed: ['      <Property ovf:key="hostname" ovf:type="string" ovf:userConfigurable="true" ovf:value="router1" ovf:qualifiers="MinLen(1),MaxLen(63)">'],
    added: ['      <Property ovf:key="hostname" ovf:type="string" ovf:userConfigurable="true" ovf:value="edge-7 &lt;&amp;>" ovf:qualifiers="MinLen(1),MaxLen(63)">'],
  });
  assert.equal(virtualSystems(descriptor.envelope.content)[0]?.products[0]?.properties[0]?.value, 'edge-7 <&>');
});

test('a property is found by its full key too, and a per-configuration value is added as a Value child', () => {
  const descriptor = parseDescriptor(sampleDescriptor, 's.ovf');
  setPropertyValue(descriptor, 'com.acme.port.1', '7000', { configuration: 'small' });
  const { removed, added } = lineChanges(sampleDescriptor, serializeDescriptor(descriptor));
  assert.deepEqual(removed, []);
  assert.deepEqual(added, ['        <Value ovf:value="7000" ovf:configuration="small"/>']);
  const port = virtualSystems(descriptor.envelope.content)[0]?.products[0]?.properties[1];
  assert.deepEqual(port?.values.map((v) => [v.value, v.configuration]), [
    ['9443', 'large'],
    ['7000', 'small'],
  ]);
  assert.deepEqual(validateDescriptor(descriptor), []);
});

test('an unknown property key is a usage error naming the key', () => {
  const descriptor = parseDescriptor(sampleDescriptor, 's.ovf');
  assert.throws(() => setPropertyValue(descriptor, 'nope', 'x'), (error: unknown) => error instanceof EngineError && error.code === 'OVF_EDIT_NO_PROPERTY' && /"nope"/.test(error.message));
});

test('a new product field goes where the schema wants it, indented like its siblings', () => {
  const descriptor = parseDescriptor(sampleDescriptor, 's.ovf');
  setProductField(descriptor, 'FullVersion', '2.1.0-build 7');
  setProductField(descriptor, 'Vendor', 'Acme Inc.');
  const after = serializeDescriptor(descriptor);
  assert.match(after, /<Version>2\.1<\/Version>\n {6}<FullVersion>2\.1\.0-build 7<\/FullVersion>\n {6}<Category>/);
  assert.match(after, /<Vendor>Acme Inc\.<\/Vendor>/);
  assert.equal(lineChanges(sampleDescriptor, after).removed.length, 2);
  const product = virtualSystems(descriptor.envelope.content)[0]?.products[0];
  assert.deepEqual([product?.vendor?.text, product?.fullVersion?.text], ['Acme Inc.', '2.1.0-build 7']);
  setProductField(descriptor, 'FullVersion', undefined);
  setProductField(descriptor, 'Vendor', 'Acme & Sons');
  assert.equal(serializeDescriptor(descriptor), sampleDescriptor);
});

test('a new hardware item gets the next InstanceID and its RASD fields in alphabetical order', () => {
  const descriptor = parseDescriptor(sampleDescriptor, 's.ovf');
  const id = addHardwareItem(descriptor, { resourceType: 10, elementName: 'Network adapter 2', fields: { ResourceSubType: 'E1000', Connection: 'VM Network', AutomaticAllocation: 'true' } });
  assert.equal(id, '7');
  const { removed, added } = lineChanges(sampleDescriptor, serializeDescriptor(descriptor));
  assert.deepEqual(removed, []);
  assert.deepEqual(added, [
    '      <Item>',
    '        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>',
    '        <rasd:Connection>VM Network</rasd:Connection>',
    '        <rasd:ElementName>Network adapter 2</rasd:ElementName>',
    '        <rasd:InstanceID>7</rasd:InstanceID>',
    '        <rasd:ResourceSubType>E1000</rasd:ResourceSubType>',
    '        <rasd:ResourceType>10</rasd:ResourceType>',
    '      </Item>',
  ]);
  assert.deepEqual(validateDescriptor(descriptor), []);
  assert.throws(() => addHardwareItem(descriptor, { resourceType: 3, elementName: 'x', instanceId: '7' }), /InstanceID 7 is already used/);
});

test('a new item declares the rasd namespace itself when no ancestor does', () => {
  const bare = variant([' xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"', ''], [/<VirtualHardwareSection[\s\S]*?<vmw:Config/, '<VirtualHardwareSection>\n      <Info>Virtual hardware</Info>\n      <vmw:Config']);
  const descriptor = parseDescriptor(bare, 's.ovf');
  addHardwareItem(descriptor, { resourceType: 3, elementName: '1 CPU', fields: { VirtualQuantity: '1' } });
  const item = virtualSystems(parseDescriptor(serializeDescriptor(descriptor), 's.ovf').envelope.content)[0]?.hardware[0]?.items[0];
  assert.deepEqual([item?.instanceId, item?.resourceType, item?.virtualQuantity], ['1', 3, '1']);
});

test('removing an item removes its lines and every configuration variant of it, nothing else', () => {
  const descriptor = parseDescriptor(sampleDescriptor, 's.ovf');
  removeHardwareItem(descriptor, '1');
  const { removed, added } = lineChanges(sampleDescriptor, serializeDescriptor(descriptor));
  assert.deepEqual(added, []);
  assert.equal(removed.length, 14);
  assert.deepEqual(virtualSystems(descriptor.envelope.content)[0]?.hardware[0]?.items.map((i) => i.instanceId), ['2', '3', '4', '5', '6']);
  assert.throws(() => removeHardwareItem(descriptor, '1'), (error: unknown) => error instanceof EngineError && error.code === 'OVF_EDIT_NO_ITEM');
});

test('edits keep vendor extensions and comments byte for byte', () => {
  const descriptor = parseDescriptor(sampleDescriptor, 's.ovf');
  setPropertyValue(descriptor, 'port', '1');
  const after = serializeDescriptor(descriptor);
  assert.ok(after.includes('<!-- written by the appliance studio tests -->'));
  assert.ok(after.includes('<vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="efi"/>'));
});

test('a new item can be optional and bound to a deployment option', () => {
  const descriptor = parseDescriptor(sampleDescriptor, 's.ovf');
  addHardwareItem(descriptor, { resourceType: 23, elementName: 'USB', required: false, configuration: 'large' });
  const added = lineChanges(sampleDescriptor, serializeDescriptor(descriptor)).added;
  assert.equal(added[0], '      <Item ovf:required="false" ovf:configuration="large">');
  const item = virtualSystems(descriptor.envelope.content)[0]?.hardware[0]?.items.at(-1);
  assert.deepEqual([item?.required, item?.configurations], [false, ['large']]);
});

test('in an OVF 0.9 descriptor a new item uses the names of its time: Caption and InstanceId', () => {
  const old = `<?xml version="1.0" encoding="UTF-8"?>
<ovf:Envelope xmlns:ovf="http://www.vmware.com/schema/ovf/1/envelope" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ovf:version="0.9">
  <ovf:References/>
  <ovf:Content ovf:id="vm" xsi:type="ovf:VirtualSystem_Type">
    <ovf:Info>vm</ovf:Info>
    <ovf:Section xsi:type="ovf:VirtualHardwareSection_Type">
      <ovf:Info>hw</ovf:Info>
      <ovf:Item>
        <rasd:Caption>cpu</rasd:Caption>
        <rasd:InstanceId>1</rasd:InstanceId>
        <rasd:ResourceType>3</rasd:ResourceType>
      </ovf:Item>
    </ovf:Section>
  </ovf:Content>
</ovf:Envelope>
`;
  const descriptor = parseDescriptor(old, 'old.ovf');
  addHardwareItem(descriptor, { resourceType: 4, elementName: 'memory', fields: { VirtualQuantity: '512' } });
  assert.deepEqual(lineChanges(old, serializeDescriptor(descriptor)).added, [
    '      <ovf:Item>',
    '        <rasd:Caption>memory</rasd:Caption>',
    '        <rasd:InstanceId>2</rasd:InstanceId>',
    '        <rasd:ResourceType>4</rasd:ResourceType>',
    '        <rasd:VirtualQuantity>512</rasd:VirtualQuantity>',
    '      </ovf:Item>',
  ]);
});
