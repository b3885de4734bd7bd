import assert from 'node:assert/strict';
import { test } from 'node:test';
import { variant } from '../fixture.ts';
import { withCode } from './check.ts';

test('an ovf: attribute the schema does not define on an element is a warning, once per element kind', () => {
  const text = variant(['ovf:diskId="vmdisk1"', 'ovf:diskId="vmdisk1" ovf:allocationUnits="1048576"'], ['ovf:key="hostname"', 'ovf:key="hostname" ovf:runtimeConfigurable="true"'], ['ovf:key="port"', 'ovf:key="port" ovf:runtimeConfigurable="false"']);
  assert.deepEqual(
    withCode(text, 'OVF_ATTRIBUTE_UNKNOWN').map((f) => [f.location.path, f.message.split(' is ')[0]]),
    [
      ['/Envelope/DiskSection/Disk', 'ovf:allocationUnits'],
      ['/Envelope/VirtualSystem/ProductSection/Property[1]', 'ovf:runtimeConfigurable'],
    ],
  );
  assert.deepEqual(withCode(variant(), 'OVF_ATTRIBUTE_UNKNOWN'), []);
});

test('OVF 2.x StorageItem in a 1.x envelope is a warning naming the readers that refuse it', () => {
  const text = variant(['<Item ovf:required="false">', '<StorageItem ovf:required="false">'], [/(<rasd:ResourceType>15<\/rasd:ResourceType>\n\s*)<\/Item>/, '$1</StorageItem>']);
  const [finding] = withCode(text, 'OVF_ITEM_NEEDS_OVF2');
  assert.match(finding?.message ?? '', /StorageItem is an OVF 2\.x element .* VMware Workstation/);
});

test('an ovf:msgid with no message in the embedded Strings bundles is a warning', () => {
  const text = variant(['<Label>Host name</Label>', '<Label ovf:msgid="hostname.label">Host name</Label>'], ['</Envelope>', '  <Strings xml:lang="de-DE">\n    <Msg ovf:msgid="other">Anders</Msg>\n  </Strings>\n</Envelope>']);
  const [finding] = withCode(text, 'OVF_MSGID_UNDEFINED');
  assert.match(finding?.message ?? '', /"hostname\.label"/);
  assert.deepEqual(withCode(text.replace('"other"', '"hostname.label"'), 'OVF_MSGID_UNDEFINED'), []);
});

test('a DiskSection inside a VirtualSystem is reported as misplaced', () => {
  const text = variant([/ {2}<DiskSection>[\s\S]*?<\/DiskSection>\n/, ''], ['    <ProductSection', '    <DiskSection>\n      <Info>Disks</Info>\n    </DiskSection>\n    <ProductSection']);
  const [finding] = withCode(text, 'OVF_SECTION_MISPLACED');
  assert.equal(finding?.location.path, '/Envelope/VirtualSystem/DiskSection');
  assert.match(finding?.message ?? '', /DiskSection belongs directly in the Envelope/);
});

test('a ProductSection directly in the Envelope is reported as misplaced and kept as an other section', () => {
  const text = variant(['  <VirtualSystem ovf:id="acme-router">', '  <ProductSection>\n    <Info>stray</Info>\n  </ProductSection>\n  <VirtualSystem ovf:id="acme-router">']);
  const [finding] = withCode(text, 'OVF_SECTION_MISPLACED');
  assert.equal(finding?.location.path, '/Envelope/ProductSection');
  assert.match(finding?.message ?? '', /ProductSection belongs inside a VirtualSystem/);
});
