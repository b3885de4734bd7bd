import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diskFileName, packageBaseName } from '../../../../electron/engine/build/naming.ts';
import { projectSchema } from '../../../../electron/engine/project/schema.ts';
import { baseProject } from '../targets/projects.ts';

const project = (name: string, version?: string) => projectSchema.parse({ ...baseProject(), product: { name, ...(version ? { version } : {}) } });

test('the package base name is the product name and version as a safe ASCII slug', () => {
  assert.equal(packageBaseName(project('Acme Router', '1.2')), 'acme-router-1.2');
  assert.equal(packageBaseName(project('Édition Spéciale ™ / Pro', '2.0 beta')), 'edition-speciale-tm-pro-2.0-beta');
  assert.equal(packageBaseName(project('../../etc/passwd')), 'etc-passwd');
  assert.equal(packageBaseName(project('日本語')), 'appliance');
  assert.ok(packageBaseName(project('x'.repeat(250), '1')).length <= 60);
});

test('disk file names carry the system id only when there are several systems', () => {
  const single = project('A', '1');
  const system = single.systems[0];
  assert.ok(system);
  assert.equal(diskFileName('a-1', single, system, 'system', 'vmdk'), 'a-1-system.vmdk');
  const multi = projectSchema.parse({ ...baseProject(), systems: [system, { ...system, id: 'db' }] });
  assert.equal(diskFileName('a-1', multi, system, 'system', 'vmdk'), 'a-1-router-system.vmdk');
});
