import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultOptionId, diskVariants, hardwareForOption, projectForOption } from '../../../../electron/engine/project/deployment.ts';
import { projectSchema, type Project, type ProjectInput } from '../../../../electron/engine/project/schema.ts';
import { sizedProject } from '../targets/projects.ts';

const parse = (input: ProjectInput): Project => projectSchema.parse(input);

test('the default option is the one marked default, else the first, and none without options', () => {
  const project = parse(sizedProject());
  assert.equal(defaultOptionId(project), 'medium');
  assert.equal(defaultOptionId({ deploymentOptions: project.deploymentOptions.map((o) => ({ ...o, default: false })) }), 'small');
  assert.equal(defaultOptionId({ deploymentOptions: [] }), undefined);
});

test('a disk sized per option has one variant per size, the own capacity first; an option-limited disk names its options', () => {
  const project = parse(sizedProject());
  const [system, data, logs] = project.systems[0]?.disks ?? [];
  assert.ok(system && data && logs);
  assert.deepEqual(diskVariants(project, system), [{ capacityMiB: 1024, options: [] }]);
  assert.deepEqual(diskVariants(project, data), [
    { capacityMiB: 2048, options: ['small', 'medium'] },
    { capacityMiB: 8192, options: ['large'] },
  ]);
  assert.deepEqual(diskVariants(project, logs), [{ capacityMiB: 512, options: ['large'] }]);
});

test('a disk whose every option has its own size drops the unused own capacity; one listing every option needs no configuration', () => {
  const project = parse(sizedProject());
  const data = { id: 'data', controller: 'scsi0', unit: 1, optionCapacityMiB: { small: 10, medium: 20, large: 20 } };
  assert.deepEqual(diskVariants(project, data), [
    { capacityMiB: 10, options: ['small'] },
    { capacityMiB: 20, options: ['medium', 'large'] },
  ]);
  assert.deepEqual(diskVariants(project, { id: 'all', controller: 'scsi0', unit: 3, capacityMiB: 5, options: ['large', 'small', 'medium'] }), [{ capacityMiB: 5, options: [] }]);
  assert.deepEqual(diskVariants({ deploymentOptions: [] }, { id: 'x', controller: 'scsi0', unit: 3, capacityMiB: 5, options: ['large'] }), [{ capacityMiB: 5, options: [] }]);
});

test('the project for one option keeps only its disks at its sizes, its CPUs, memory and property defaults, and no options', () => {
  const input = sizedProject();
  input.properties = [{ key: 'tier', type: 'string', default: 'm', optionDefaults: { large: 'l' } }];
  const project = parse(input);
  const large = projectForOption(project, 'large');
  const system = large.systems[0];
  assert.deepEqual(system?.disks.map((d) => [d.id, d.capacityMiB, 'options' in d, 'optionCapacityMiB' in d]), [
    ['system', 1024, false, false],
    ['data', 8192, false, false],
    ['logs', 512, false, false],
  ]);
  assert.equal(system?.cpus, 4);
  assert.equal(system?.memoryMiB, 4096);
  assert.deepEqual(large.deploymentOptions, []);
  assert.deepEqual(large.properties.map((p) => [p.default, 'optionDefaults' in p]), [['l', false]]);
  const byDefault = projectForOption(project);
  assert.deepEqual(byDefault.systems[0]?.disks.map((d) => [d.id, d.capacityMiB]), [
    ['system', 1024],
    ['data', 2048],
  ]);
  assert.deepEqual([byDefault.systems[0]?.cpus, byDefault.systems[0]?.memoryMiB, byDefault.properties[0]?.default], [2, 2048, 'm']);
});

test('the schema refuses an empty option list and a per-option size that is not a whole positive MiB count', () => {
  const input = sizedProject();
  const disks = input.systems[0]?.disks;
  assert.ok(disks?.[2] && disks[1]);
  disks[2].options = [];
  assert.equal(projectSchema.safeParse(input).success, false);
  disks[2].options = ['large'];
  disks[1].optionCapacityMiB = { large: 0.5 };
  assert.equal(projectSchema.safeParse(input).success, false);
  disks[1].optionCapacityMiB = { '1large': 8 };
  assert.equal(projectSchema.safeParse(input).success, false);
});

test('the hardware summary of an option lists its CPUs, memory and disks, blank ones at the option size', () => {
  const project = parse(sizedProject());
  assert.deepEqual(hardwareForOption(project, 'large'), [
    {
      system: 'router',
      cpus: 4,
      memoryMiB: 4096,
      disks: [
        { id: 'system', capacityMiB: 1024 },
        { id: 'data', capacityMiB: 8192 },
        { id: 'logs', capacityMiB: 512 },
      ],
    },
  ]);
  assert.deepEqual(hardwareForOption(project)[0]?.disks.map((d) => d.id), ['system', 'data']);
});
