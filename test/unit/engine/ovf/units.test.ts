import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesPerUnit, toBytes, unitsFor } from '../../../../electron/engine/ovf/units.ts';

test('reads DSP0004 programmatic byte units with and without spaces', () => {
  assert.equal(bytesPerUnit('byte * 2^30'), 2 ** 30);
  assert.equal(bytesPerUnit('byte*2^20'), 2 ** 20);
  assert.equal(bytesPerUnit('byte * 10^3'), 1000);
  assert.equal(bytesPerUnit('byte'), 1);
  assert.equal(bytesPerUnit(undefined), 1);
  assert.equal(bytesPerUnit('bit * 2^3'), 1);
});

test('reads the legacy names VirtualBox and OVF 0.9 write as powers of 1024', () => {
  assert.equal(bytesPerUnit('MegaBytes'), 2 ** 20);
  assert.equal(bytesPerUnit('GigaBytes'), 2 ** 30);
  assert.equal(bytesPerUnit('KiloBytes'), 2 ** 10);
});

test('refuses non-byte units and products beyond 2^53', () => {
  assert.equal(bytesPerUnit('hertz * 10^6'), undefined);
  assert.equal(bytesPerUnit('byte * 2^80'), undefined);
  assert.equal(toBytes('9007199254740993', 'byte'), undefined);
  assert.equal(toBytes('8', 'byte * 2^60'), undefined);
  assert.equal(toBytes('-1', 'byte'), undefined);
  assert.equal(toBytes('${disk}', 'byte'), undefined);
});

test('picks the largest power of 1024 that divides a size, as COT writes it', () => {
  assert.deepEqual(unitsFor(2 * 2 ** 30), { quantity: 2, units: 'byte * 2^30' });
  assert.deepEqual(unitsFor(3 * 2 ** 20), { quantity: 3, units: 'byte * 2^20' });
  assert.deepEqual(unitsFor(1000), { quantity: 1000, units: 'byte' });
});
