// Import: our own OVAs come back as the project they were built from (the round trip), real
// third-party packages import with every dropped part reported, bare disks get a project around
// them, and hostile or unusable input is refused with a clear message.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { buildProject } from '../../../electron/engine/build/build.ts';
import { EngineError } from '../../../electron/engine/errors.ts';
import { openPackage } from '../../../electron/engine/package/package-source.ts';
import { loadProject } from '../../../electron/engine/project/file.ts';
import { measureDisks } from '../../../electron/engine/project/disk-size.ts';
import { importSource } from '../../../electron/engine/project/import.ts';
import { checkProject, selectTargets } from '../../../electron/engine/targets/index.ts';
import type { ProjectInput } from '../../../electron/engine/project/schema.ts';
import { applianceProject, writeAppliance, writePartitionedBootDisk } from '../build/appliance.ts';
import { corpusDir, hasCommand, run } from '../targets/oracles.ts';

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

async function member(ova: string, name: string): Promise<Buffer> {
  const source = await openPackage(ova);
  const file = await source.find(name);
  assert.ok(file, name);
  const opened = await source.open(file);
  const out = join(temp('member-'), name);
  try {
    await pipeline(createReadStream(opened.path, { start: opened.offset, end: opened.offset + opened.size - 1 }), createWriteStream(out));
  } finally {
    await opened.close();
  }
  return readFileSync(out);
}

function richAppliance(systems: number): ProjectInput {
  const project = applianceProject([{ id: 'vmware-esxi', esxi: '7.0' }, { id: 'virtualbox' }, { id: 'xenserver' }]);
  const first = project.systems[0]!;
  first.controllers = [
    { id: 'scsi0', type: 'scsi', model: 'pvscsi' },
    { id: 'ide0', type: 'ide' },
  ];
  first.disks = [
    { id: 'system', source: 'disks/system.raw', controller: 'scsi0', unit: 0 },
    { id: 'data', capacityMiB: 16, controller: 'scsi0', unit: 1 },
  ];
  first.media = [{ id: 'cd0', controller: 'ide0', unit: 0 }];
  first.nics = [
    { network: 'LAN', model: 'vmxnet3', mac: '00:50:56:0a:0b:0c' },
    { network: 'WAN', model: 'e1000' },
  ];
  first.cpus = 4;
  first.coresPerSocket = 2;
  first.firmware = 'efi';
  first.secureBoot = true;
  first.description = { 'en-US': 'Routes packets', 'de-DE': 'Leitet Pakete' };
  project.networks = [{ name: 'LAN', description: { 'en-US': 'Inside', 'fr-FR': 'Intérieur' } }, { name: 'WAN' }];
  project.product = { name: 'Acme Router', vendor: 'Acme', version: '2.1', fullVersion: '2.1.0-7', productUrl: 'https://example.com/router' };
  project.properties = [
    { key: 'hostname', type: 'string', qualifiers: 'MinLen(1)', default: 'router', optionDefaults: { large: 'big-router' }, category: 'Network', label: { 'en-US': 'Host name', 'de-DE': 'Rechnername' }, description: 'The name' },
    { key: 'admin_password', type: 'string', password: true, label: 'Password' },
    { key: 'port', type: 'uint16', default: 8443, optionDefaults: { small: 8080, medium: 8443 }, userConfigurable: false },
  ];
  project.deploymentOptions = [
    { id: 'small', label: 'Small', description: 'Two CPUs', default: true, systems: { router: { cpus: 2, memoryMiB: 32 } } },
    { id: 'medium', label: 'Medium', description: 'As declared' },
    { id: 'large', label: { 'en-US': 'Large', 'de-DE': 'Groß' }, description: 'Eight CPUs', systems: { router: { cpus: 8 } } },
  ];
  project.eulas = [];
  project.systems = Array.from({ length: systems }, (_, i) => ({ ...first, id: i === 0 ? 'router' : `node${i}`, name: i === 0 ? 'Acme Router' : `Node ${i}` }));
  if (systems > 1) {
    project.startup = project.systems.map((s, order) => ({ system: s.id, order, startDelay: 10 * order }));
    project.deploymentOptions = project.deploymentOptions?.map((o) => ({ ...o, systems: Object.fromEntries(project.systems.map((s) => [s.id, o.systems?.router ?? {}]).filter(([, v]) => Object.keys(v as object).length > 0)) }));
  }
  return project;
}

for (const systems of [1, 2]) {
  test(`round trip (${systems} system${systems > 1 ? 's' : ''}): import an OVA we built, rebuild it, and get the same descriptor and the same disk contents`, async () => {
    const dir = await writeAppliance(richAppliance(systems));
    writeFileSync(join(dir, 'EULA.txt'), 'Use it well.\n');
    const first = temp('roundtrip-first-');
    await buildProject(await loadProject(dir), { output: first, sourceDateEpoch: 1 });
    for (const target of ['vmware-esxi', 'virtualbox', 'xenserver']) {
      const ova = join(first, target, 'acme-router-2.1.ova');
      const imported = await importSource(ova, join(temp('roundtrip-project-'), 'p'));
      assert.deepEqual(imported.notes, [], target);
      assert.deepEqual(imported.project.project.properties.map((p) => p.optionDefaults), [{ large: 'big-router' }, undefined, { small: '8080', medium: '8443' }], target);
      const second = temp('roundtrip-second-');
      await buildProject(imported.project, { output: second, targets: [target], sourceDateEpoch: 1 });
      const rebuilt = join(second, target, 'acme-router-2.1.ova');
      const descriptor = await member(ova, 'acme-router-2.1.ovf');
      assert.equal((await member(rebuilt, 'acme-router-2.1.ovf')).toString('utf8'), descriptor.toString('utf8'), target);
      assert.deepEqual(
        (await openPackage(rebuilt)).files.map((f) => f.name),
        (await openPackage(ova)).files.map((f) => f.name),
      );
      if (hasCommand('qemu-img')) {
        const disk = target === 'xenserver' ? (systems > 1 ? 'acme-router-2.1-router-system.vhd' : 'acme-router-2.1-system.vhd') : systems > 1 ? 'acme-router-2.1-router-system.vmdk' : 'acme-router-2.1-system.vmdk';
        const a = join(temp('rt-a-'), disk);
        const b = join(temp('rt-b-'), disk);
        writeFileSync(a, await member(ova, disk));
        writeFileSync(b, await member(rebuilt, disk));
        await run('qemu-img', ['compare', a, b]);
      }
    }
  });
}

test('round trip: the rebuilt OVA is byte-identical to the first', async () => {
  const dir = await writeAppliance(richAppliance(1));
  const first = temp('roundtrip-first-');
  await buildProject(await loadProject(dir), { output: first, targets: ['vmware-esxi'], sourceDateEpoch: 1 });
  const imported = await importSource(join(first, 'vmware-esxi', 'acme-router-2.1.ova'), join(temp('rt-'), 'p'));
  const second = temp('roundtrip-second-');
  await buildProject(imported.project, { output: second, targets: ['vmware-esxi'], sourceDateEpoch: 1 });
  assert.ok(readFileSync(join(first, 'vmware-esxi', 'acme-router-2.1.ova')).equals(readFileSync(join(second, 'vmware-esxi', 'acme-router-2.1.ova'))));
});

test('a bare raw disk becomes a one-system project that checks clean', async () => {
  const folder = temp('import-disk-');
  await writePartitionedBootDisk(join(folder, 'appliance disk.raw'));
  const imported = await importSource(join(folder, 'appliance disk.raw'), join(folder, 'project'));
  assert.equal(imported.kind, 'disk');
  assert.deepEqual(imported.project.project.systems[0]?.disks[0]?.source, 'disks/appliance_disk.raw');
  assert.deepEqual(imported.notes.map((n) => n.code), ['IMPORT_DISK_HARDWARE']);
  assert.match(readFileSync(imported.project.file, 'utf8'), /^# Imported from appliance disk\.raw/);
});

test('import refuses a non-empty output folder and leaves no half-made project on failure', async () => {
  const folder = temp('import-refuse-');
  writeFileSync(join(folder, 'x.txt'), 'keep');
  await assert.rejects(importSource(join(folder, 'x.txt'), folder), (e: unknown) => e instanceof EngineError && e.code === 'IMPORT_OUTPUT_NOT_EMPTY');
  const bad = join(folder, 'bad.ova');
  writeFileSync(bad, Buffer.alloc(2048, 0x41));
  await assert.rejects(importSource(bad, join(folder, 'out')), (e: unknown) => e instanceof EngineError);
  assert.equal(existsSync(join(folder, 'out')), false);
});

test('import refuses an OVA whose file reference climbs out of the package', async () => {
  const folder = temp('import-hostile-');
  const descriptor = `<?xml version="1.0"?><Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"><References><File ovf:id="f" ovf:href="../../etc/passwd"/></References><DiskSection><Info>d</Info><Disk ovf:diskId="d" ovf:fileRef="f" ovf:capacity="1"/></DiskSection><VirtualSystem ovf:id="v"><Info>v</Info><VirtualHardwareSection><Info>h</Info><Item><rasd:ElementName>c</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>5</rasd:ResourceType></Item><Item><rasd:ElementName>d</rasd:ElementName><rasd:HostResource>ovf:/disk/d</rasd:HostResource><rasd:InstanceID>2</rasd:InstanceID><rasd:Parent>1</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item></VirtualHardwareSection></VirtualSystem></Envelope>`;
  writeFileSync(join(folder, 'evil.ovf'), descriptor);
  execFileSync('tar', ['--format=ustar', '-cf', join(folder, 'evil.ova'), '-C', folder, 'evil.ovf']);
  await assert.rejects(importSource(join(folder, 'evil.ova'), join(folder, 'out')), (e: unknown) => e instanceof EngineError);
  assert.equal(existsSync(join(folder, 'out')), false);
  assert.equal(existsSync(join(folder, 'etc')), false);
});

/** Every OVA in corpus/ova and every package folder in corpus/packages (real third-party files). */
function corpusCandidates(): string[] {
  const ovas = join(corpusDir, 'ova');
  const packages = join(corpusDir, 'packages');
  return [
    ...(existsSync(ovas) ? readdirSync(ovas).filter((n) => n.endsWith('.ova')).map((n) => join(ovas, n)) : []),
    ...(existsSync(packages) ? readdirSync(packages, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(packages, e.name)) : []),
  ];
}

test('real third-party packages from the corpus import into projects that load, with every dropped part reported', { skip: existsSync(corpusDir) ? undefined : `the corpus is absent (${corpusDir})` }, async () => {
  let imported = 0;
  let refused = 0;
  const crashes: string[] = [];
  for (const candidate of corpusCandidates()) {
    try {
      const result = await importSource(candidate, join(temp('corpus-import-'), 'p'));
      const loaded = await loadProject(result.project.dir);
      // Every rule of every target runs on what came in, without throwing.
      checkProject(loaded, selectTargets(loaded, ['all']), await measureDisks(loaded));
      imported += 1;
    } catch (error) {
      // A package our engines refuse must say why in an EngineError, never crash.
      if (error instanceof EngineError) refused += 1;
      else crashes.push(`${candidate}: ${String(error)}`);
    }
  }
  assert.deepEqual(crashes, []);
  assert.ok(imported >= 8, `${imported} imported, ${refused} refused`);
});

test('a sparse VMDK made by qemu-img imports; a flat VMDK with a separate extent is refused with the way out', { skip: hasCommand('qemu-img') ? undefined : 'qemu-img is not installed' }, async () => {
  const folder = temp('import-vmdk-');
  await run('qemu-img', ['create', '-q', '-f', 'vmdk', join(folder, 'sparse.vmdk'), '16M']);
  const sparse = await importSource(join(folder, 'sparse.vmdk'), join(folder, 'a'));
  assert.equal(sparse.project.project.systems[0]?.disks[0]?.source, 'disks/sparse.vmdk');
  await run('qemu-img', ['create', '-q', '-f', 'vmdk', '-o', 'subformat=monolithicFlat', join(folder, 'flat.vmdk'), '16M']);
  await assert.rejects(importSource(join(folder, 'flat.vmdk'), join(folder, 'b')), (e: unknown) => e instanceof EngineError && e.code === 'IMPORT_VMDK_EXTENTS' && /convert it to one file first/.test(e.message));
  assert.equal(existsSync(join(folder, 'b')), false);
});
