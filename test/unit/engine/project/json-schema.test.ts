import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { projectJsonSchemaFile, projectJsonSchemaText } from '../../../../electron/engine/project/json-schema.ts';
import { targetIds } from '../../../../electron/engine/project/schema.ts';

test('resources/appliance.schema.json is what the zod schema generates (run json-schema.ts to refresh it)', () => {
  assert.equal(readFileSync(projectJsonSchemaFile, 'utf8'), projectJsonSchemaText());
});

test('the JSON schema lists every target id and keeps defaulted fields optional for editors', () => {
  const schema = JSON.parse(projectJsonSchemaText()) as { required: string[]; properties: Record<string, unknown> };
  assert.deepEqual(schema.required.sort(), ['format', 'product', 'systems']);
  const text = JSON.stringify(schema.properties.targets);
  for (const id of targetIds) assert.ok(text.includes(`"${id}"`), id);
});
