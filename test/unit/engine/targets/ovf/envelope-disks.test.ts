// The DiskSection and disk Items the OVF writer makes from disks limited to deployment options
// or sized per option, read back with the OVF engine's own parser and rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDescriptor, validateDescriptor, virtualSystems, type Envelope } from '../../../../../electron/engine/ovf/index.ts';
import { projectSchema, type Project, type ProjectInput } from '../../../../../electron/engine/project/schema.ts';
import { vmwareEsxi } from '../../../../../electron/engine/targets/vmware-esxi.ts';
import { descriptorXml } from '../../../../../electron/engine/targets/ovf/envelope.ts';
import { sizedProject } from '../projects.ts';

/** The descriptor of a project whose disks are all blank, except `imaged` ones, which get a 4 MiB file. */
function written(input: ProjectInput, imaged: readonly string[] = []): { xml: string; envelope: Envelope } {
  const project: Project = projectSchema.parse(input);
  if (vmwareEsxi.packaging.kind !== 'ovf') throw new Error('VMware ESXi writes OVF');
  const disks = new Map(
    project.systems.flatMap((system) =>
      system.disks.map((disk) => {
        const file = imaged.includes(disk.id) ? { file: { id: `file-${system.id}-${disk.id}`, href: `${disk.id}.vmdk`, size: 4096 } } : {};
        return [`${system.id}/${disk.id}`, { ...file, capacityBytes: imaged.includes(disk.id) ? 4 * 1048576 : (disk.capacityMiB ?? 1) * 1048576, format: 'vmdk-stream' as const }] as const;
      }),
    ),
  );
  const xml = descriptorXml({ project, profile: vmwareEsxi, dialect: vmwareEsxi.packaging.dialect, entry: { id: 'vmware-esxi' }, disks, media: new Map(), extraFiles: [], eulas: [] });
  const descriptor = parseDescriptor(xml, 'test.ovf');
  assert.deepEqual(validateDescriptor(descriptor).filter((f) => f.severity !== 'info').map((f) => f.message), []);
  return { xml, envelope: descriptor.envelope };
}

const diskRows = (envelope: Envelope) => envelope.diskSection?.disks.map((d) => [d.diskId, d.capacity, d.capacityAllocationUnits]);
const diskItems = (envelope: Envelope, system = 0) =>
  (virtualSystems(envelope.content)[system]?.hardware[0]?.items ?? []).filter((i) => i.resourceType === 17).map((i) => [i.hostResources[0], i.configurations.join(' '), i.instanceId]);

test('a blank disk sized per option is one Disk per size, each behind an Item limited to its options with the device InstanceID', () => {
  const { envelope } = written(sizedProject());
  assert.deepEqual(diskRows(envelope), [
    ['system', '1', 'byte * 2^30'],
    ['data', '2', 'byte * 2^30'],
    ['data-large', '8', 'byte * 2^30'],
    ['logs', '512', 'byte * 2^20'],
  ]);
  assert.deepEqual(diskItems(envelope), [
    ['ovf:/disk/system', '', '4'],
    ['ovf:/disk/data', 'small medium', '5'],
    ['ovf:/disk/data-large', 'large', '5'],
    ['ovf:/disk/logs', 'large', '6'],
  ]);
});

test('a disk with an image keeps the size of what was built and its file; limiting it to options only adds ovf:configuration', () => {
  const input = sizedProject();
  const logs = input.systems[0]?.disks[2];
  assert.ok(logs);
  logs.source = 'disks/logs.vmdk';
  const { envelope } = written(input, ['logs']);
  const entry = envelope.diskSection?.disks.find((d) => d.diskId === 'logs');
  assert.deepEqual([entry?.capacity, entry?.capacityAllocationUnits, entry?.fileRef], ['4', 'byte * 2^20', 'file-router-logs']);
  assert.deepEqual(diskItems(envelope).at(-1), ['ovf:/disk/logs', 'large', '6']);
});

test('a disk listing every option, or a project without options, writes no ovf:configuration', () => {
  const input = sizedProject();
  const logs = input.systems[0]?.disks[2];
  assert.ok(logs);
  logs.options = ['large', 'medium', 'small'];
  assert.deepEqual(diskItems(written(input).envelope).at(-1), ['ovf:/disk/logs', '', '6']);
  const plain = sizedProject();
  plain.deploymentOptions = [];
  const system = plain.systems[0];
  assert.ok(system);
  system.disks = system.disks.map(({ options: _options, optionCapacityMiB: _sizes, ...disk }) => disk);
  const { xml, envelope } = written(plain);
  assert.doesNotMatch(xml, /configuration=/);
  assert.deepEqual(envelope.diskSection?.disks.map((d) => d.diskId), ['system', 'data', 'logs']);
});

test('multi-VM packages prefix every variant with its system, and a variant id another disk holds gets a number', () => {
  const input = sizedProject();
  const first = input.systems[0];
  assert.ok(first);
  first.disks.push({ id: 'data-large', capacityMiB: 16, controller: 'scsi0', unit: 3 });
  input.systems.push({ ...first, id: 'node', name: 'Node', disks: first.disks.slice(0, 2) });
  input.deploymentOptions = input.deploymentOptions?.map((o) => ({ ...o, systems: {} }));
  const { envelope } = written(input);
  assert.deepEqual(envelope.diskSection?.disks.map((d) => d.diskId), [
    'router-system',
    'router-data',
    'router-data-large-2',
    'router-logs',
    'router-data-large',
    'node-system',
    'node-data',
    'node-data-large',
  ]);
  assert.deepEqual(diskItems(envelope, 0).map((i) => i[0]), ['ovf:/disk/router-system', 'ovf:/disk/router-data', 'ovf:/disk/router-data-large-2', 'ovf:/disk/router-logs', 'ovf:/disk/router-data-large']);
  assert.deepEqual(diskItems(envelope, 1).map((i) => i.slice(0, 2)), [
    ['ovf:/disk/node-system', ''],
    ['ovf:/disk/node-data', 'small medium'],
    ['ovf:/disk/node-data-large', 'large'],
  ]);
});
