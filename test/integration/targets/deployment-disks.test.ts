// Deployment options that change disks, built for real: the OVA for VMware holds one Disk per size
// and Items limited by ovf:configuration (xmllint, govmomi and virt-v2v read it), targets without
// options get the default option's disks (qemu-img measures them), and importing the OVA gives a
// project that rebuilds the same descriptor.
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { before, test } from 'node:test';
import { buildProject } from '../../../electron/engine/build/build.ts';
import { parseDescriptor, validateDescriptor, virtualSystems } from '../../../electron/engine/ovf/index.ts';
import { openPackage } from '../../../electron/engine/package/package-source.ts';
import { loadProject } from '../../../electron/engine/project/file.ts';
import { importSource } from '../../../electron/engine/project/import.ts';
import type { ProjectInput } from '../../../electron/engine/project/schema.ts';
import { applianceProject, writeAppliance } from '../build/appliance.ts';
import { govmomiCounts, govmomiMissing, hasCommand, run, xmllintMissing, xmllintOvf } from './oracles.ts';

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const base = 'acme-router-1.0';

/** small, medium (default), large: a data disk of 64/96/128 MiB and a log disk only in large. */
function project(): ProjectInput {
  const input = applianceProject([{ id: 'vmware-esxi' }, { id: 'aws' }, { id: 'kvm' }, { id: 'ovirt' }, { id: 'hyperv', generation: 1 }]);
  const system = input.systems[0];
  assert.ok(system);
  system.controllers = [
    { id: 'ide0', type: 'ide' },
    { id: 'scsi0', type: 'scsi' },
  ];
  system.disks = [
    { id: 'system', source: 'disks/system.raw', controller: 'ide0', unit: 0 },
    { id: 'data', capacityMiB: 64, optionCapacityMiB: { medium: 96, large: 128 }, controller: 'scsi0', unit: 0 },
    { id: 'logs', capacityMiB: 32, options: ['large'], controller: 'scsi0', unit: 1 },
  ];
  input.deploymentOptions = [
    { id: 'small', label: 'Small', description: 'One CPU' },
    { id: 'medium', label: 'Medium', description: 'Two CPUs', default: true, systems: { router: { cpus: 2, memoryMiB: 96 } } },
    { id: 'large', label: 'Large', description: 'Four CPUs', systems: { router: { cpus: 4, memoryMiB: 128 } } },
  ];
  return input;
}

async function member(ova: string, name: string): Promise<string> {
  const source = await openPackage(ova);
  const file = await source.find(name);
  assert.ok(file, `${name} in ${ova}`);
  const opened = await source.open(file);
  const path = join(temp('member-'), name);
  try {
    await pipeline(createReadStream(opened.path, { start: opened.offset, end: opened.offset + opened.size - 1 }), createWriteStream(path));
  } finally {
    await opened.close();
  }
  return path;
}

let out: string;
let descriptorFile: string;
before(async () => {
  out = temp('options-out-');
  const dir = await writeAppliance(project());
  await buildProject(await loadProject(dir), { output: out, sourceDateEpoch: 1 });
  descriptorFile = await member(join(out, 'vmware-esxi', `${base}.ova`), `${base}.ovf`);
});

test('the VMware descriptor has one Disk per size and disk Items limited to their options, sharing the device InstanceID', () => {
  const descriptor = parseDescriptor(readFileSync(descriptorFile, 'utf8'), descriptorFile);
  assert.deepEqual(validateDescriptor(descriptor).filter((f) => f.severity === 'error'), []);
  const { envelope } = descriptor;
  assert.deepEqual(
    envelope.diskSection?.disks.map((d) => [d.diskId, d.capacityBytes, d.fileRef !== undefined]),
    [
      ['system', 8388608, true],
      ['data', 64 * 1048576, false],
      ['data-medium', 96 * 1048576, false],
      ['data-large', 128 * 1048576, false],
      ['logs', 32 * 1048576, false],
    ],
  );
  const items = virtualSystems(envelope.content)[0]?.hardware[0]?.items.filter((i) => i.resourceType === 17) ?? [];
  assert.deepEqual(
    items.map((i) => [i.hostResources[0], i.configurations.join(' '), i.instanceId, i.addressOnParent]),
    [
      ['ovf:/disk/system', '', items[0]?.instanceId, '0'],
      ['ovf:/disk/data', 'small', items[1]?.instanceId, '0'],
      ['ovf:/disk/data-medium', 'medium', items[1]?.instanceId, '0'],
      ['ovf:/disk/data-large', 'large', items[1]?.instanceId, '0'],
      ['ovf:/disk/logs', 'large', items[4]?.instanceId, '1'],
    ],
  );
  assert.notEqual(items[0]?.instanceId, items[1]?.instanceId);
});

test('xmllint accepts the descriptor against the DMTF OVF schema', { skip: xmllintMissing() }, async () => {
  assert.equal(await xmllintOvf(descriptorFile), '');
});

test('govmomi parses the descriptor and counts five Disks, three options and every Item', { skip: govmomiMissing() ?? xmllintMissing() }, async () => {
  const [counts] = await govmomiCounts([descriptorFile]);
  assert.ok(counts && !counts.error, counts?.error);
  const items = virtualSystems(parseDescriptor(readFileSync(descriptorFile, 'utf8'), descriptorFile).envelope.content)[0]?.hardware[0]?.items.length;
  assert.deepEqual([counts.disks, counts.deploymentOptions, counts.items], [5, 3, items]);
});

test('AWS gets the default option only: no DeploymentOptionSection, the medium data size, no log disk', async () => {
  const file = await member(join(out, 'aws', `${base}.ova`), `${base}.ovf`);
  const { envelope } = parseDescriptor(readFileSync(file, 'utf8'), file);
  assert.equal(envelope.deploymentOptions, undefined);
  assert.deepEqual(envelope.diskSection?.disks.map((d) => [d.diskId, d.capacityBytes]), [
    ['system', 8388608],
    ['data', 96 * 1048576],
  ]);
  const items = virtualSystems(envelope.content)[0]?.hardware[0]?.items ?? [];
  assert.deepEqual(items.filter((i) => i.configurations.length > 0), []);
  assert.deepEqual(items.filter((i) => i.resourceType === 3 || i.resourceType === 4).map((i) => i.virtualQuantity), ['2', '96']);
});

test('KVM gets the default option: a 96 MiB blank data disk (qemu-img), no log disk, medium CPUs and memory in the domain', { skip: hasCommand('qemu-img') ? undefined : 'qemu-img is not installed' }, async () => {
  const files = readdirSync(join(out, 'kvm')).sort();
  assert.deepEqual(files.filter((f) => f.endsWith('.qcow2')), [`${base}-data.qcow2`, `${base}-system.qcow2`]);
  const { stdout } = await run('qemu-img', ['info', '--output=json', join(out, 'kvm', `${base}-data.qcow2`)]);
  assert.equal((JSON.parse(stdout) as { 'virtual-size': number })['virtual-size'], 96 * 1048576);
  await run('qemu-img', ['check', join(out, 'kvm', `${base}-data.qcow2`)]);
  const domain = readFileSync(join(out, 'kvm', `${base}.xml`), 'utf8');
  assert.match(domain, /<vcpu>2<\/vcpu>/);
  assert.match(domain, /<memory unit='MiB'>96<\/memory>/);
  assert.equal(domain.match(/<disk type='file' device='disk'>/g)?.length, 2);
});

test('the Hyper-V script creates the default option: medium memory and CPUs, the system disk and the 96 MiB data disk only (qemu-img)', { skip: hasCommand('qemu-img') ? undefined : 'qemu-img is not installed' }, async () => {
  const script = readFileSync(join(out, 'hyperv', 'create-vm.ps1'), 'utf8');
  assert.match(script, /-MemoryStartupBytes 96MB /);
  assert.match(script, /Set-VMProcessor -VM \$vm -Count 2\r\n/);
  assert.deepEqual(script.match(/Add-VMHardDiskDrive .*/g)?.map((line) => /'([^']+)'\)/.exec(line)?.[1]), [`${base}-system.vhd`, `${base}-data.vhd`]);
  const { stdout } = await run('qemu-img', ['info', '--output=json', join(out, 'hyperv', `${base}-data.vhd`)]);
  assert.equal((JSON.parse(stdout) as { 'virtual-size': number })['virtual-size'], 96 * 1048576);
});

test('virt-v2v ignores ovf:configuration, so oVirt gets the default option: two disks where VMware offers an image per option', { skip: hasCommand('virt-v2v') ? undefined : 'virt-v2v is not installed' }, async () => {
  const input = applianceProject([{ id: 'ovirt' }, { id: 'vmware-esxi' }]);
  const system = input.systems[0];
  assert.ok(system);
  system.disks = [
    { id: 'system', source: 'disks/system.raw', controller: 'ide0', unit: 0 },
    { id: 'tools-small', source: 'disks/system.raw', controller: 'ide0', unit: 1, options: ['small'] },
    { id: 'tools-large', source: 'disks/system.raw', controller: 'ide0', unit: 1, options: ['large'] },
  ];
  input.deploymentOptions = [
    { id: 'small', label: 'Small', description: 'Small', default: true },
    { id: 'large', label: 'Large', description: 'Large' },
  ];
  const output = temp('options-v2v-');
  await buildProject(await loadProject(await writeAppliance(input)), { output, sourceDateEpoch: 1 });
  const env = { ...process.env, LIBGUESTFS_BACKEND: 'direct', LIBGUESTFS_BACKEND_SETTINGS: 'force_tcg' };
  const disksOf = async (target: string) => {
    const { stdout } = await run('virt-v2v', ['-i', 'ova', join(output, target, `${base}.ova`), '-o', 'null', '--print-source'], { env });
    return stdout.slice(stdout.indexOf('disks:'), stdout.indexOf('removable media:')).trim().split('\n').length - 1;
  };
  assert.equal(await disksOf('ovirt'), 2);
  // The VMware package keeps both per-option images; virt-v2v, reading it anyway, attaches all three.
  assert.equal(await disksOf('vmware-esxi'), 3);
});

test('oVirt gets the default option with its blank disk as an empty image, since virt-v2v reads a file for every Disk (qemu-img, virt-v2v)', { skip: hasCommand('qemu-img') ? undefined : 'qemu-img is not installed' }, async () => {
  const ova = join(out, 'ovirt', `${base}.ova`);
  const file = await member(ova, `${base}.ovf`);
  const { envelope } = parseDescriptor(readFileSync(file, 'utf8'), file);
  assert.equal(envelope.deploymentOptions, undefined);
  assert.deepEqual(envelope.diskSection?.disks.map((d) => [d.diskId, d.capacityBytes, d.fileRef !== undefined]), [
    ['system', 8388608, true],
    ['data', 96 * 1048576, true],
  ]);
  const data = await member(ova, `${base}-data.vmdk`);
  const { stdout } = await run('qemu-img', ['info', '--output=json', data]);
  assert.equal((JSON.parse(stdout) as { 'virtual-size': number })['virtual-size'], 96 * 1048576);
  if (!hasCommand('virt-v2v')) return;
  const printed = await run('virt-v2v', ['-i', 'ova', ova, '-o', 'null', '--print-source'], { env: { ...process.env, LIBGUESTFS_BACKEND: 'direct', LIBGUESTFS_BACKEND_SETTINGS: 'force_tcg' } });
  assert.match(printed.stdout, /memory: 100663296 \(bytes\)/);
  assert.match(printed.stdout, /nr vCPUs: 2/);
  assert.match(printed.stdout, /disks:\n\s+0 \[ide\]\n\s+1 \[scsi\]\n/);
});

test('importing the VMware OVA gives a disk sized per option and a disk limited to an option, and rebuilds the same descriptor', async () => {
  const imported = await importSource(join(out, 'vmware-esxi', `${base}.ova`), join(temp('options-import-'), 'p'));
  assert.deepEqual(imported.notes, []);
  const disks = imported.project.project.systems[0]?.disks ?? [];
  assert.deepEqual(
    disks.map((d) => [d.id, d.capacityMiB, d.optionCapacityMiB, d.options]),
    [
      ['system', undefined, undefined, undefined],
      ['data', 64, { medium: 96, large: 128 }, undefined],
      ['logs', 32, undefined, ['large']],
    ],
  );
  const second = temp('options-second-');
  await buildProject(imported.project, { output: second, targets: ['vmware-esxi'], sourceDateEpoch: 1 });
  const rebuilt = await member(join(second, 'vmware-esxi', `${base}.ova`), `${base}.ovf`);
  assert.equal(readFileSync(rebuilt, 'utf8'), readFileSync(descriptorFile, 'utf8'));
});
