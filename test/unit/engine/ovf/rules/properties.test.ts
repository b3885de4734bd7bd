import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQualifiers, valueProblem } from '../../../../../electron/engine/ovf/rules/properties.ts';
import { variant } from '../fixture.ts';
import { withCode } from './check.ts';

test('reads CIM qualifiers in both separator styles, and VMware ones as uninterpreted', () => {
  assert.deepEqual(parseQualifiers('MinLen(1),MaxLen(63)'), { minLen: 1, maxLen: 63, other: [] });
  assert.deepEqual(parseQualifiers('MinValue(1) MaxValue(10000)'), { minValue: 1, maxValue: 10000, other: [] });
  assert.deepEqual(parseQualifiers('ValueMap{"a", "b,c"}'), { valueMap: ['a', 'b,c'], other: [] });
  assert.deepEqual(parseQualifiers('ValueMap{1,2,3}'), { valueMap: ['1', '2', '3'], other: [] });
  assert.deepEqual(parseQualifiers('Ip(Management)'), { other: ['Ip'] });
  assert.equal(parseQualifiers('MinLen(1) %%%'), undefined);
});

test('checks values against CIM types, including 64-bit bounds', () => {
  assert.equal(valueProblem('uint8', '255'), undefined);
  assert.match(valueProblem('uint8', '256') ?? '', /outside the uint8 range/);
  assert.equal(valueProblem('sint64', '-9223372036854775808'), undefined);
  assert.match(valueProblem('uint64', '18446744073709551616') ?? '', /outside/);
  assert.match(valueProblem('boolean', 'yes') ?? '', /not true or false/);
  assert.match(valueProblem('real64', 'abc') ?? '', /not a number/);
  assert.equal(valueProblem('uint16', ''), undefined);
});

test('a default outside its qualifiers is an error, or a warning when the user is asked anyway', () => {
  const fixed = withCode(variant(['ovf:type="uint16" ovf:value="8443"', 'ovf:type="uint16" ovf:value="8443" ovf:qualifiers="MaxValue(1024)"']), 'OVF_PROPERTY_VALUE_INVALID');
  assert.deepEqual(fixed.map((f) => [f.severity, f.message]), [
    ['error', 'property "com.acme.port.1" default value: must be at most 1024 (MaxValue)'],
    ['error', 'property "com.acme.port.1" value for configuration "large": must be at most 1024 (MaxValue)'],
  ]);
  const asked = withCode(variant(['MaxLen(63)', 'MaxLen(3)']), 'OVF_PROPERTY_VALUE_INVALID');
  assert.deepEqual(asked.map((f) => [f.severity, f.message]), [['warning', 'property "com.acme.hostname.1" default value: must be at most 3 characters (MaxLen); it has 7']]);
});

test('unknown, missing and non-CIM types; keys duplicated, with spaces or periods', () => {
  assert.equal(withCode(variant(['ovf:type="uint16"', 'ovf:type="uint128"']), 'OVF_PROPERTY_TYPE_UNKNOWN').length, 1);
  assert.equal(withCode(variant(['ovf:type="uint16"', 'ovf:type=""']), 'OVF_PROPERTY_TYPE_MISSING').length, 1);
  assert.equal(withCode(variant(['ovf:type="uint16"', 'ovf:type="int"']), 'OVF_PROPERTY_TYPE_NONSTANDARD')[0]?.severity, 'info');
  assert.equal(withCode(variant(['ovf:key="port"', 'ovf:key="hostname"']), 'OVF_PROPERTY_KEY_DUPLICATE').length, 1);
  assert.equal(withCode(variant(['ovf:key="port"', 'ovf:key="the port"']), 'OVF_PROPERTY_KEY_INVALID').length, 1);
  assert.equal(withCode(variant(['ovf:key="port"', 'ovf:key="net.port"']), 'OVF_PROPERTY_KEY_PUNCTUATION')[0]?.severity, 'warning');
});
