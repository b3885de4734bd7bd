import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectJsonSchemaText } from '../../../../electron/engine/project/json-schema.ts';
import { fieldSchema } from '../../../../renderer/src/editor/schema.ts';

// The editor reads the JSON Schema the engine generates from its zod schema, as the main process sends it.
const schema: unknown = JSON.parse(projectJsonSchemaText());

test('enums, limits and descriptions come from the project schema', () => {
  const firmware = fieldSchema(schema, ['systems', 0, 'firmware']);
  assert.deepEqual(firmware.enum, ['bios', 'efi']);
  assert.equal(firmware.default, 'bios');
  const cpus = fieldSchema(schema, ['systems', 3, 'cpus']);
  assert.deepEqual([cpus.type, cpus.minimum, cpus.maximum, cpus.required], ['integer', 1, 768, true]);
  assert.match(fieldSchema(schema, ['systems', 0, 'disks', 0, 'source']).description ?? '', /disk image/);
  assert.equal(fieldSchema(schema, ['product', 'vendor']).required, false);
});

test('literal unions, per-language text and records keyed by system are followed', () => {
  assert.deepEqual(fieldSchema(schema, ['targets', 0, 'generation']).enum, [1, 2]);
  assert.equal(fieldSchema(schema, ['properties', 0, 'label', 'de-DE']).type, 'string');
  assert.equal(fieldSchema(schema, ['deploymentOptions', 0, 'systems', 'vm', 'memoryMiB']).minimum, 4);
});

test('a path the schema does not know gives an empty, optional field', () => {
  assert.deepEqual(fieldSchema(schema, ['product', 'nonsense', 3]), { required: false });
});
