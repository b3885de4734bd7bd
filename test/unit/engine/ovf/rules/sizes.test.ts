import assert from 'node:assert/strict';
import { test } from 'node:test';
import { variant } from '../fixture.ts';
import { withCode } from './check.ts';

test('a populated size above the capacity is an error quoting both sizes', () => {
  const [finding] = withCode(variant(['ovf:populatedSize="2097152"', 'ovf:populatedSize="9999999999"']), 'OVF_DISK_POPULATED_EXCEEDS_CAPACITY');
  assert.match(finding?.message ?? '', /9999999999 bytes .* capacity of 8589934592 bytes/);
});

test('unreadable capacity units, a missing capacity and a zero capacity are reported', () => {
  assert.equal(withCode(variant(['ovf:capacityAllocationUnits="byte * 2^30"', 'ovf:capacityAllocationUnits="furlongs"']), 'OVF_DISK_UNITS_UNKNOWN').length, 1);
  assert.equal(withCode(variant(['ovf:capacity="8" ', '']), 'OVF_DISK_CAPACITY_MISSING').length, 1);
  assert.equal(withCode(variant(['ovf:capacity="8" ', 'ovf:capacity="0" ']), 'OVF_DISK_CAPACITY_ZERO')[0]?.severity, 'warning');
});

test('a capacity that names a property must name a declared one', () => {
  assert.equal(withCode(variant(['ovf:capacity="8" ', 'ovf:capacity="${port}" ']), 'OVF_DISK_CAPACITY_PROPERTY_MISSING').length, 0);
  assert.equal(withCode(variant(['ovf:capacity="8" ', 'ovf:capacity="${disk_size}" ']), 'OVF_DISK_CAPACITY_PROPERTY_MISSING').length, 1);
});

test('memory: units that are not bytes, a fractional quantity and implausible sizes', () => {
  assert.equal(withCode(variant(['<rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>', '<rasd:AllocationUnits>hertz</rasd:AllocationUnits>']), 'OVF_MEMORY_UNITS_UNKNOWN').length, 1);
  assert.equal(withCode(variant(['<rasd:VirtualQuantity>2048</rasd:VirtualQuantity>', '<rasd:VirtualQuantity>2.5</rasd:VirtualQuantity>']), 'OVF_MEMORY_QUANTITY_INVALID').length, 1);
  assert.equal(withCode(variant(['<rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>', '<rasd:AllocationUnits>byte</rasd:AllocationUnits>']), 'OVF_MEMORY_TOO_SMALL').length, 1);
  assert.equal(withCode(variant(['<rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>', '<rasd:AllocationUnits>byte * 2^40</rasd:AllocationUnits>']), 'OVF_MEMORY_TOO_LARGE').length, 1);
});

test('a processor count that is not a positive whole number is an error', () => {
  assert.equal(withCode(variant(['<rasd:VirtualQuantity>2</rasd:VirtualQuantity>', '<rasd:VirtualQuantity>0</rasd:VirtualQuantity>']), 'OVF_CPU_COUNT_INVALID').length, 1);
  assert.equal(withCode(variant(['<rasd:VirtualQuantity>2</rasd:VirtualQuantity>', '<rasd:VirtualQuantity>4096</rasd:VirtualQuantity>']), 'OVF_CPU_COUNT_TOO_LARGE').length, 1);
});
