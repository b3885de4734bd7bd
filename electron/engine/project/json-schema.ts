// resources/appliance.schema.json is generated from the zod schema, never edited by hand. Run
// `node --import tsx electron/engine/project/json-schema.ts` after changing schema.ts; a unit test
// fails while the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { projectSchema } from './schema.ts';

export const projectJsonSchemaFile = fileURLToPath(new URL('../../../resources/appliance.schema.json', import.meta.url));

/** The JSON Schema of what a person writes (input side: fields with defaults stay optional). */
export function projectJsonSchemaText(): string {
  const schema = { ...z.toJSONSchema(projectSchema, { io: 'input', target: 'draft-2020-12' }), title: 'Appliance Studio project (appliance.yaml)' };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(projectJsonSchemaFile, projectJsonSchemaText());
  console.log(`wrote ${projectJsonSchemaFile}`);
}
