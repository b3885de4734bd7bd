import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHostResource } from '../../../../../electron/engine/ovf/index.ts';
import { lineOf, variant } from '../fixture.ts';
import { findingsOf, withCode } from './check.ts';

test('a Disk fileRef, a HostResource and an Icon that point nowhere are errors with their places', () => {
  const text = variant(['ovf:fileRef="file1"', 'ovf:fileRef="file9"'], ['ovf:/file/file2', 'ovf:/file/nothing'], ['      <Category>', '      <Icon ovf:fileRef="icon1"/>\n      <Category>']);
  const codes = findingsOf(text).filter((f) => f.severity === 'error').map((f) => [f.code, f.location.line]);
  assert.deepEqual(codes, [
    ['OVF_DISK_FILEREF_MISSING', lineOf(text, '<Disk ')],
    ['OVF_ICON_FILEREF_MISSING', lineOf(text, '<Icon')],
    ['OVF_HOSTRESOURCE_FILE_MISSING', lineOf(text, '<rasd:ElementName>CD-ROM') - 2],
  ]);
});

test('duplicate File ids and two Files on one href are errors; a File nobody uses is a warning', () => {
  const text = variant(['<File ovf:id="file2" ovf:href="acme-tools.iso"', '<File ovf:id="file1" ovf:href="acme-disk1.vmdk"']);
  const codes = findingsOf(text).map((f) => f.code);
  assert.ok(codes.includes('OVF_FILE_ID_DUPLICATE'));
  assert.ok(codes.includes('OVF_FILE_HREF_DUPLICATE'));
  const unused = withCode(variant(['ovf:/file/file2', '']), 'OVF_FILE_UNUSED');
  assert.equal(unused[0]?.severity, 'warning');
  assert.match(unused[0]?.message ?? '', /acme-tools\.iso/);
});

test('hrefs that leave the package or are URLs are flagged; compression other than gzip is an error', () => {
  assert.equal(withCode(variant(['ovf:href="acme-disk1.vmdk"', 'ovf:href="../../etc/passwd"']), 'OVF_FILE_HREF_UNSAFE').length, 1);
  assert.equal(withCode(variant(['ovf:href="acme-disk1.vmdk"', 'ovf:href="/abs/disk.vmdk"']), 'OVF_FILE_HREF_UNSAFE').length, 1);
  assert.equal(withCode(variant(['ovf:href="acme-disk1.vmdk"', 'ovf:href="http://example.com/d.vmdk"']), 'OVF_FILE_HREF_URL').length, 1);
  assert.equal(withCode(variant(['ovf:size="1048576"', 'ovf:size="1048576" ovf:compression="bzip2"']), 'OVF_FILE_COMPRESSION_UNKNOWN').length, 1);
});

test('InstanceIDs: a default and a per-configuration override may share one, two defaults may not', () => {
  assert.deepEqual(withCode(variant(), 'OVF_INSTANCEID_DUPLICATE'), []);
  const clash = withCode(variant(['<Item ovf:configuration="large">', '<Item>']), 'OVF_INSTANCEID_DUPLICATE');
  assert.equal(clash.length, 1);
  assert.match(clash[0]?.message ?? '', /InstanceID "1" is also used by \/Envelope\/VirtualSystem\/VirtualHardwareSection\/Item\[1\]/);
});

test('a Parent, a configuration and a network that do not exist are reported', () => {
  const text = variant(['<rasd:Parent>3</rasd:Parent>', '<rasd:Parent>42</rasd:Parent>'], ['<Item ovf:configuration="large">', '<Item ovf:configuration="huge">'], ['<rasd:Connection>VM Network</rasd:Connection>', '<rasd:Connection>Backstage</rasd:Connection>']);
  const codes = findingsOf(text).map((f) => `${f.code}:${f.severity}`);
  assert.ok(codes.includes('OVF_PARENT_MISSING:error'));
  assert.ok(codes.includes('OVF_CONFIGURATION_UNKNOWN:error'));
  assert.ok(codes.includes('OVF_NETWORK_UNKNOWN:warning'));
});

test('two default configurations are an error', () => {
  assert.equal(withCode(variant(['<Configuration ovf:id="large">', '<Configuration ovf:id="large" ovf:default="true">']), 'OVF_CONFIGURATION_DEFAULT_MULTIPLE').length, 1);
});

test('HostResource forms of OVF 1.x and 0.9 are understood', () => {
  assert.deepEqual(parseHostResource('ovf:/disk/vmdisk1'), { kind: 'disk', id: 'vmdisk1' });
  assert.deepEqual(parseHostResource('/disk/d2'), { kind: 'disk', id: 'd2' });
  assert.deepEqual(parseHostResource('ovf:/file/f'), { kind: 'file', id: 'f' });
  assert.equal(parseHostResource('vdi=1234'), undefined);
});

test('overrides sharing only some configurations are a warning; an empty fileRef is a warning', () => {
  const cpu = (configuration: string) => `<Item ovf:configuration="${configuration}"><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>8</rasd:VirtualQuantity></Item>\n      `;
  const text = variant(['<Item ovf:configuration="large">', `${cpu('small large')}${cpu('large')}<Item ovf:configuration="huge">`], ['<Configuration ovf:id="large">', '<Configuration ovf:id="huge"><Label>Huge</Label><Description>8</Description></Configuration>\n    <Configuration ovf:id="large">']);
  assert.deepEqual(withCode(text, 'OVF_INSTANCEID_OVERLAP').map((f) => f.severity), ['warning']);
  assert.deepEqual(withCode(text, 'OVF_INSTANCEID_DUPLICATE'), []);
  assert.deepEqual(withCode(variant(['ovf:fileRef="file1"', 'ovf:fileRef=""']), 'OVF_DISK_FILEREF_EMPTY').map((f) => f.severity), ['warning']);
});
