import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { parseDescriptor, serializeDescriptor, virtualSystems, type VirtualSystem, type VirtualSystemCollection } from '../../../../electron/engine/ovf/index.ts';
import { lineOf, sampleDescriptor, variant } from './fixture.ts';

const system = (text: string): VirtualSystem => {
  const found = virtualSystems(parseDescriptor(text, 't.ovf').envelope.content)[0];
  assert.ok(found);
  return found;
};

test('reads References, DiskSection with units, NetworkSection and DeploymentOptionSection', () => {
  const { envelope } = parseDescriptor(sampleDescriptor, 'sample.ovf');
  assert.equal(envelope.family, '1.x');
  assert.equal(envelope.version, '1.0');
  assert.deepEqual(
    envelope.references.map((f) => [f.id, f.href, f.size]),
    [
      ['file1', 'acme-disk1.vmdk', 1048576],
      ['file2', 'acme-tools.iso', 4096],
    ],
  );
  const disk = envelope.diskSection?.disks[0];
  assert.equal(disk?.capacityBytes, 8 * 2 ** 30);
  assert.equal(disk?.populatedSize, 2097152);
  assert.equal(disk?.fileRef, 'file1');
  assert.deepEqual(disk?.at, { path: '/Envelope/DiskSection/Disk', line: lineOf(sampleDescriptor, '<Disk ') });
  assert.deepEqual(envelope.networkSection?.networks.map((n) => [n.name, n.description?.text]), [['VM Network', 'The management network']]);
  assert.deepEqual(envelope.deploymentOptions?.configurations.map((c) => [c.id, c.isDefault, c.label?.text]), [
    ['small', true, 'Small'],
    ['large', false, 'Large'],
  ]);
});

test('reads the product, its properties with full keys, categories and per-configuration values', () => {
  const vm = system(sampleDescriptor);
  const product = vm.products[0];
  assert.equal(product?.vendor?.text, 'Acme & Sons');
  assert.equal(product?.version?.text, '2.1');
  assert.deepEqual(product?.categories.map((c) => c.text), ['Network']);
  const [hostname, port] = product?.properties ?? [];
  assert.equal(hostname?.fullKey, 'com.acme.hostname.1');
  assert.equal(hostname?.userConfigurable, true);
  assert.equal(hostname?.qualifiers, 'MinLen(1),MaxLen(63)');
  assert.equal(hostname?.category, 'Network');
  assert.equal(hostname?.label?.text, 'Host name');
  assert.equal(port?.userConfigurable, false);
  assert.deepEqual(port?.values.map((v) => [v.value, v.configuration]), [['9443', 'large']]);
});

test('reads hardware items, the system type, transports and vendor extensions in place', () => {
  const vm = system(sampleDescriptor);
  const hardware = vm.hardware[0];
  assert.deepEqual(hardware?.transports, ['com.vmware.guestInfo', 'iso']);
  assert.deepEqual(hardware?.system?.virtualSystemTypes, ['vmx-13']);
  assert.deepEqual(
    hardware?.items.map((i) => [i.instanceId, i.resourceType, i.configurations.join()]),
    [
      ['1', 3, ''],
      ['1', 3, 'large'],
      ['2', 4, ''],
      ['3', 6, ''],
      ['4', 17, ''],
      ['5', 15, ''],
      ['6', 10, ''],
    ],
  );
  const disk = hardware?.items[4];
  assert.deepEqual([disk?.parent, disk?.addressOnParent, disk?.hostResources], ['3', '0', ['ovf:/disk/vmdisk1']]);
  assert.equal(hardware?.items[5]?.required, false);
  assert.deepEqual(hardware?.items[6]?.connections, ['VM Network']);
  assert.deepEqual(hardware?.extensions.map((e) => [e.name, e.key, e.value]), [['vmw:Config', 'firmware', 'efi']]);
  assert.equal(vm.operatingSystem?.id, 101);
  assert.equal(vm.operatingSystem?.osType, 'otherLinux64Guest');
  assert.equal(vm.eulas[0]?.license.text, 'Use it well.');
  assert.equal(hardware?.items[2]?.at.path, '/Envelope/VirtualSystem/VirtualHardwareSection/Item[3]');
});

test('the same model comes out whatever the prefixes: default namespace, ovf:, or an invented one', () => {
  const prefixed = sampleDescriptor
    .replace(' xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf=', ' xmlns:o=')
    .replace(/<(\/?)(Envelope|References|File|DiskSection|Disk|Info|NetworkSection|Network|Description|DeploymentOptionSection|Configuration|Label|VirtualSystem|Name|ProductSection|Product|Vendor|Version|Category|Property|Value|EulaSection|License|OperatingSystemSection|VirtualHardwareSection|System|Item)([\s>/])/g, '<$1o:$2$3')
    .replace(/ ovf:/g, ' o:');
  assert.notEqual(prefixed, sampleDescriptor);
  const strip = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'at' ? undefined : v)));
  assert.deepEqual(strip(parseDescriptor(prefixed, 't.ovf').envelope), strip(parseDescriptor(sampleDescriptor, 't.ovf').envelope));
});

test("reads oVirt's trailing-slash namespace and the .xsd suffix variants as the standard ones, noting it", () => {
  const text = variant(['xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"', 'xmlns="http://schemas.dmtf.org/ovf/envelope/1/" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1/"'], ['CIM_ResourceAllocationSettingData"', 'CIM_ResourceAllocationSettingData.xsd"']);
  const descriptor = parseDescriptor(text, 't.ovf');
  assert.equal(descriptor.envelope.family, '1.x');
  assert.equal(virtualSystems(descriptor.envelope.content)[0]?.hardware[0]?.items.length, 7);
  assert.deepEqual(descriptor.readFindings.map((f) => f.code), ['OVF_NAMESPACE_VARIANT', 'OVF_NAMESPACE_VARIANT']);
});

test("reads OVF 0.9: VMware's namespace, Section and Content with xsi:type, InstanceId and /disk/ references", () => {
  const text = `<?xml version="1.0"?>
<ovf:Envelope xmlns:ovf="http://www.vmware.com/schema/ovf/1/envelope" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ovf:version="0.9">
  <ovf:References><ovf:File ovf:href="d.vmdk" ovf:id="file1" ovf:size="10"/></ovf:References>
  <ovf:Section xsi:type="ovf:DiskSection_Type">
    <ovf:Info>Disks</ovf:Info>
    <ovf:Disk ovf:capacity="1073741824" ovf:diskId="vmdisk1" ovf:fileRef="file1"/>
  </ovf:Section>
  <ovf:Content ovf:id="old" xsi:type="ovf:VirtualSystem_Type">
    <ovf:Info>A VM</ovf:Info>
    <ovf:Section xsi:type="ovf:VirtualHardwareSection_Type">
      <ovf:Info>Hardware</ovf:Info>
      <ovf:Item><rasd:Caption>disk</rasd:Caption><rasd:InstanceId>7</rasd:InstanceId><rasd:ResourceType>17</rasd:ResourceType><rasd:HostResource>/disk/vmdisk1</rasd:HostResource></ovf:Item>
    </ovf:Section>
  </ovf:Content>
</ovf:Envelope>`;
  const { envelope } = parseDescriptor(text, 'old.ovf');
  assert.equal(envelope.family, '0.9');
  assert.equal(envelope.diskSection?.disks[0]?.capacityBytes, 2 ** 30);
  const vm = virtualSystems(envelope.content)[0];
  assert.equal(vm?.id, 'old');
  assert.deepEqual([vm?.hardware[0]?.items[0]?.instanceId, vm?.hardware[0]?.items[0]?.elementName], ['7', 'disk']);
});

test('reads OVF 2.x StorageItem and EthernetPortItem, and nested VirtualSystemCollections', () => {
  const text = `<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/2" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/2" xmlns:sasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_StorageAllocationSettingData.xsd" xmlns:epasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_EthernetPortAllocationSettingData.xsd" ovf:version="2.0">
  <References/>
  <VirtualSystemCollection ovf:id="outer"><Info>outer</Info>
    <StartupSection><Info>order</Info><Item ovf:id="inner" ovf:order="1" ovf:startDelay="30" ovf:waitingForGuest="true"/></StartupSection>
    <VirtualSystemCollection ovf:id="inner"><Info>inner</Info>
      <VirtualSystem ovf:id="vm"><Info>vm</Info>
        <VirtualHardwareSection><Info>hw</Info>
          <StorageItem><sasd:ElementName>disk</sasd:ElementName><sasd:InstanceID>1</sasd:InstanceID><sasd:ResourceType>17</sasd:ResourceType></StorageItem>
          <EthernetPortItem><epasd:Connection>net</epasd:Connection><epasd:InstanceID>2</epasd:InstanceID><epasd:ResourceType>10</epasd:ResourceType></EthernetPortItem>
        </VirtualHardwareSection>
      </VirtualSystem>
    </VirtualSystemCollection>
  </VirtualSystemCollection>
</Envelope>`;
  const { envelope } = parseDescriptor(text, 'v2.ovf');
  assert.equal(envelope.family, '2.x');
  const outer = envelope.content as VirtualSystemCollection;
  assert.equal(outer.kind, 'VirtualSystemCollection');
  assert.deepEqual(outer.startup?.items.map((i) => [i.id, i.order, i.startDelay, i.waitingForGuest]), [['inner', 1, 30, true]]);
  const vm = virtualSystems(outer)[0];
  assert.deepEqual(vm?.hardware[0]?.items.map((i) => [i.kind, i.instanceId, i.resourceType, i.connections.join()]), [
    ['StorageItem', '1', 17, ''],
    ['EthernetPortItem', '2', 10, 'net'],
  ]);
});

test('keeps unknown sections and vendor sections as OtherSections with their required flag', () => {
  const text = variant(['    <EulaSection>', '    <vmw:BootOrderSection ovf:required="false"><Info>boot</Info></vmw:BootOrderSection>\n    <AcmeSection><Info>custom</Info></AcmeSection>\n    <EulaSection>']);
  const vm = system(text);
  assert.deepEqual(vm.others.map((o) => [o.name, o.required, o.info?.text]), [
    ['vmw:BootOrderSection', false, 'boot'],
    ['AcmeSection', true, 'custom'],
  ]);
});

test('a file whose root is not Envelope is refused as not a descriptor', () => {
  assert.throws(
    () => parseDescriptor('<HTML><BODY>404</BODY></HTML>', 'page.ovf'),
    (error: unknown) => error instanceof EngineError && error.code === 'OVF_NOT_ENVELOPE' && /<HTML>/.test(error.message),
  );
});

test('an Envelope in an unknown namespace is read for display but reported as an error', () => {
  const text = sampleDescriptor.replaceAll('http://schemas.dmtf.org/ovf/envelope/1', 'http://example.com/not-ovf');
  const descriptor = parseDescriptor(text, 'odd.ovf');
  assert.equal(descriptor.readFindings[0]?.code, 'OVF_NAMESPACE_UNKNOWN');
  assert.equal(virtualSystems(descriptor.envelope.content)[0]?.id, 'acme-router');
});

test('bad numbers are findings with the attribute and the place, not exceptions', () => {
  const descriptor = parseDescriptor(variant(['ovf:size="1048576"', 'ovf:size="-2"'], ['ovf:size="4096"', 'ovf:size="99999999999999999999"']), 'n.ovf');
  assert.deepEqual(
    descriptor.readFindings.map((f) => [f.code, f.location.path, f.location.line]),
    [
      ['OVF_NUMBER_INVALID', '/Envelope/References/File[1]', 5],
      ['OVF_NUMBER_TOO_LARGE', '/Envelope/References/File[2]', 6],
    ],
  );
  assert.equal(descriptor.envelope.references[0]?.size, undefined);
});

test('a namespace URI with white space in it is reported as invalid', () => {
  const descriptor = parseDescriptor(variant(['xmlns:vmw="http://www.vmware.com/schema/ovf"', 'xmlns:vmw="http://www.vmware.com/schema /ovf"']), 'ns.ovf');
  assert.deepEqual(descriptor.readFindings.map((f) => [f.code, f.severity, f.location.path]), [['OVF_NAMESPACE_INVALID', 'warning', '/Envelope']]);
});

test('a second DiskSection is an error, and its disks are still in the model', () => {
  const text = variant(['  <NetworkSection>', '  <DiskSection>\n    <Info>More disks</Info>\n    <Disk ovf:diskId="vmdisk2" ovf:capacity="1" ovf:capacityAllocationUnits="byte * 2^30"/>\n  </DiskSection>\n  <NetworkSection>']);
  const descriptor = parseDescriptor(text, 'two.ovf');
  assert.deepEqual(descriptor.envelope.diskSection?.disks.map((d) => d.diskId), ['vmdisk1', 'vmdisk2']);
  assert.deepEqual(descriptor.readFindings.map((f) => [f.code, f.location.path]), [['OVF_SECTION_DUPLICATE', '/Envelope/DiskSection[2]']]);
});

test('a UTF-16 descriptor reads the same as its UTF-8 twin and is written back as UTF-8', () => {
  const text = variant(['<Vendor>Acme &amp; Sons</Vendor>', '<Vendor>Müller & Søn 株式会社</Vendor>'.replace('&', '&amp;')], ['encoding="UTF-8"', 'encoding="UTF-16"']);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const descriptor = parseDescriptor(utf16, 'wide.ovf');
  assert.equal(descriptor.sourceEncoding, 'utf-16le');
  assert.deepEqual(descriptor.readFindings, []);
  assert.equal(virtualSystems(descriptor.envelope.content)[0]?.products[0]?.vendor?.text, 'Müller & Søn 株式会社');
  const written = serializeDescriptor(descriptor);
  assert.ok(written.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  assert.equal(written, text.replace('encoding="UTF-16"', 'encoding="UTF-8"'));
});

test('a descriptor whose prolog lies about UTF-16 is read, with the lie reported', () => {
  const liar = Buffer.from(variant(['encoding="UTF-8"', 'encoding="UTF-16"']));
  const descriptor = parseDescriptor(liar, 'liar.ovf');
  assert.deepEqual(descriptor.readFindings.map((f) => [f.code, f.severity]), [['OVF_ENCODING_MISMATCH', 'warning']]);
  assert.equal(virtualSystems(descriptor.envelope.content)[0]?.id, 'acme-router');
});
