import assert from 'node:assert/strict';
import { test } from 'node:test';
import { variant } from '../fixture.ts';
import { findingsOf, withCode } from './check.ts';

test('two devices at one address of one controller collide', () => {
  const [finding] = withCode(variant(['<rasd:AddressOnParent>1</rasd:AddressOnParent>', '<rasd:AddressOnParent>0</rasd:AddressOnParent>']), 'OVF_SLOT_COLLISION');
  assert.match(finding?.message ?? '', /CD-ROM 1 and Hard disk 1 both sit at address 0 on controller 3/);
});

test('a disk hanging from something that is not a controller is an error; with no Parent a warning', () => {
  assert.equal(withCode(variant(['<rasd:Parent>3</rasd:Parent>', '<rasd:Parent>2</rasd:Parent>']), 'OVF_DEVICE_PARENT_NOT_CONTROLLER').length, 1);
  assert.equal(withCode(variant(['        <rasd:Parent>3</rasd:Parent>\n', '']), 'OVF_DEVICE_NO_CONTROLLER')[0]?.severity, 'warning');
});

test('no CPU, no memory, no system type and an unused disk are warnings', () => {
  const text = variant([/ {6}<System>[\s\S]*?<\/System>\n/, ''], ['<rasd:ResourceType>3</rasd:ResourceType>', '<rasd:ResourceType>1</rasd:ResourceType>'], ['<rasd:ResourceType>3</rasd:ResourceType>', '<rasd:ResourceType>1</rasd:ResourceType>'], ['<rasd:ResourceType>4</rasd:ResourceType>', '<rasd:ResourceType>1</rasd:ResourceType>'], ['ovf:/disk/vmdisk1', '']);
  const warnings = findingsOf(text).filter((f) => f.severity === 'warning').map((f) => f.code);
  assert.deepEqual(warnings.sort(), ['OVF_DISK_UNUSED', 'OVF_HARDWARE_NO_CPU', 'OVF_HARDWARE_NO_MEMORY', 'OVF_SYSTEM_TYPE_MISSING']);
});

test('resource types outside the CIM ranges are reported', () => {
  assert.equal(withCode(variant(['<rasd:ResourceType>10</rasd:ResourceType>', '<rasd:ResourceType>99</rasd:ResourceType>']), 'OVF_RESOURCETYPE_UNKNOWN').length, 1);
  assert.equal(withCode(variant(['<rasd:ResourceType>10</rasd:ResourceType>', '<rasd:ResourceType>70000</rasd:ResourceType>']), 'OVF_RESOURCETYPE_INVALID').length, 1);
  assert.equal(withCode(variant(['<rasd:ResourceType>10</rasd:ResourceType>', '<rasd:ResourceType>32770</rasd:ResourceType>']), 'OVF_RESOURCETYPE_UNKNOWN').length, 0);
});
