// Every OVF descriptor our targets write is valid against the DMTF schema (xmllint), passes the
// OVF engine's own rules, and govmomi's parser finds in it what our model says is there.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDescriptor, validateDescriptor, virtualSystems } from '../../../electron/engine/ovf/index.ts';
import { projectSchema, type Project, type ProjectInput } from '../../../electron/engine/project/schema.ts';
import { targetProfiles } from '../../../electron/engine/targets/index.ts';
import { descriptorXml, type DescriptorInput } from '../../../electron/engine/targets/ovf/envelope.ts';
import { baseProject } from '../../unit/engine/targets/projects.ts';
import { govmomiCounts, govmomiMissing, xmllintMissing, xmllintOvf } from './oracles.ts';

const ovfTargets = targetProfiles.filter((p) => p.packaging.kind === 'ovf');

function richProject(systems: number): Project {
  const input: ProjectInput = baseProject();
  const first = input.systems[0];
  assert.ok(first);
  first.controllers = [
    { id: 'scsi0', type: 'scsi', model: 'pvscsi' },
    { id: 'sata0', type: 'sata' },
    { id: 'ide0', type: 'ide' },
  ];
  first.disks = [
    { id: 'system', capacityMiB: 1024, controller: 'scsi0', unit: 0 },
    { id: 'data', capacityMiB: 3, controller: 'sata0', unit: 0 },
  ];
  first.media = [{ id: 'cd', controller: 'ide0', unit: 0 }];
  first.nics = [
    { network: 'LAN', model: 'vmxnet3' },
    { network: 'WAN', model: 'virtio', mac: '00:50:56:01:02:03' },
  ];
  first.description = { 'en-US': 'The router', 'de-DE': 'Der Router' };
  first.coresPerSocket = 2;
  input.networks = [{ name: 'LAN', description: 'Inside' }, { name: 'WAN' }];
  input.properties = [
    { key: 'hostname', type: 'string', qualifiers: 'MinLen(1) MaxLen(63)', default: 'router', optionDefaults: { large: 'big-router', small: 'tiny' }, category: 'Network', label: { 'en-US': 'Host name', 'fr-FR': 'Nom' } },
    { key: 'admin_password', type: 'string', password: true, label: 'Password' },
    { key: 'debug', type: 'boolean', default: false, userConfigurable: false },
  ];
  input.deploymentOptions = [
    { id: 'small', label: 'Small', description: 'One CPU', default: true, systems: { router: { cpus: 1, memoryMiB: 512 } } },
    { id: 'large', label: 'Large', description: 'Four CPUs', systems: { router: { cpus: 4 } } },
  ];
  input.product = { ...input.product, fullVersion: '1.0.0 build 7', productUrl: 'https://example.com/router', vendorUrl: 'https://example.com' };
  input.systems = Array.from({ length: systems }, (_, i) => ({ ...first, id: i === 0 ? 'router' : `node${i}`, name: `Node ${i}` }));
  if (systems > 1) input.startup = input.systems.map((s, order) => ({ system: s.id, order }));
  return projectSchema.parse(input);
}

function inputFor(project: Project, profile: (typeof ovfTargets)[number]): DescriptorInput {
  if (profile.packaging.kind !== 'ovf') throw new Error('not an OVF target');
  const format = profile.diskFormat({ id: profile.id });
  let n = 0;
  const disks = new Map(
    project.systems.flatMap((system) =>
      system.disks.map((disk) => {
        n += 1;
        return [`${system.id}/${disk.id}`, { file: { id: `file${n}`, href: `router-${system.id}-${disk.id}.img`, size: 65536 * n }, capacityBytes: (disk.capacityMiB ?? 1) * 1048576, format }] as const;
      }),
    ),
  );
  return { project, profile, dialect: profile.packaging.dialect, entry: { id: profile.id }, disks, media: new Map(), extraFiles: [{ id: 'readme', href: 'README.txt', size: 10 }], eulas: [{ lang: 'en-US', text: 'Use it well.' }, { lang: 'de-DE', text: 'Gut benutzen.' }] };
}

const cases = ovfTargets.flatMap((profile) => [1, 2].map((systems) => ({ profile, systems })));

test('every OVF target writes a descriptor the DMTF schema accepts', { skip: xmllintMissing() }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'descriptor-'));
  for (const { profile, systems } of cases) {
    const file = join(dir, `${profile.id}-${systems}.ovf`);
    writeFileSync(file, descriptorXml(inputFor(richProject(systems), profile)));
    assert.equal(await xmllintOvf(file), '', `${profile.id} with ${systems} system(s)`);
  }
});

test('every descriptor passes the OVF engine rules without errors and reads back what the project says', () => {
  for (const { profile, systems } of cases) {
    const project = richProject(systems);
    const descriptor = parseDescriptor(descriptorXml(inputFor(project, profile)), `${profile.id}.ovf`);
    const errors = validateDescriptor(descriptor).filter((f) => f.severity === 'error');
    assert.deepEqual(errors, [], `${profile.id} with ${systems} system(s)`);
    const envelope = descriptor.envelope;
    assert.equal(virtualSystems(envelope.content).length, systems);
    assert.equal(envelope.diskSection?.disks.length, 2 * systems);
    const system = virtualSystems(envelope.content)[0];
    assert.equal(system?.hardware[0]?.system?.virtualSystemTypes[0], profile.packaging.kind === 'ovf' ? profile.packaging.dialect.systemType({ id: profile.id }) : '');
    assert.deepEqual(
      system?.products.flatMap((p) => p.properties.map((q) => q.key)),
      ['hostname', 'admin_password', 'debug'],
    );
    const hostname = system?.products.flatMap((p) => p.properties).find((p) => p.key === 'hostname');
    assert.deepEqual(hostname?.values.map((v) => [v.configuration, v.value]), [['large', 'big-router'], ['small', 'tiny']]);
  }
});

test('per-option defaults are written as Value children after the Label and Description of their Property', () => {
  const [profile] = ovfTargets;
  assert.ok(profile);
  const xml = descriptorXml(inputFor(richProject(1), profile));
  const property = xml.slice(xml.indexOf('<Property ovf:key="hostname"'), xml.indexOf('</Property>') + '</Property>'.length);
  assert.match(property, /<Label ovf:msgid="[^"]+">Host name<\/Label>\s*<Value ovf:value="big-router" ovf:configuration="large"\/>\s*<Value ovf:value="tiny" ovf:configuration="small"\/>\s*<\/Property>$/);
});

test('the same project gives the same descriptor bytes', () => {
  const [profile] = ovfTargets;
  assert.ok(profile);
  assert.equal(descriptorXml(inputFor(richProject(2), profile)), descriptorXml(inputFor(richProject(2), profile)));
});

test('govmomi parses every single-VM descriptor and counts the same systems, files, disks, networks, properties and items', { skip: govmomiMissing() ?? xmllintMissing() }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'descriptor-govmomi-'));
  const singles = ovfTargets.map((profile) => {
    const project = richProject(1);
    const file = join(dir, `${profile.id}.ovf`);
    writeFileSync(file, descriptorXml(inputFor(project, profile)));
    return { profile, project, file };
  });
  const counts = await govmomiCounts(singles.map((s) => s.file));
  singles.forEach(({ profile, file }, i) => {
    const ours = parseDescriptor(descriptorXml(inputFor(richProject(1), profile)), file).envelope;
    const system = virtualSystems(ours.content)[0];
    const theirs = counts[i];
    assert.ok(theirs && !theirs.error, theirs?.error);
    assert.deepEqual(
      {
        virtualSystems: theirs.virtualSystems,
        files: theirs.files,
        disks: theirs.disks,
        networks: theirs.networks,
        properties: theirs.properties,
        deploymentOptions: theirs.deploymentOptions,
        items: theirs.items,
        systemTypes: theirs.systemTypes,
      },
      {
        virtualSystems: 1,
        files: ours.references.length,
        disks: ours.diskSection?.disks.length,
        networks: ours.networkSection?.networks.length,
        properties: system?.products.reduce((sum, p) => sum + p.properties.length, 0),
        deploymentOptions: ours.deploymentOptions?.configurations.length,
        items: system?.hardware[0]?.items.length,
        systemTypes: system?.hardware[0]?.system?.virtualSystemTypes,
      },
      profile.id,
    );
    assert.equal(theirs.product, 'Acme Router');
  });
});
