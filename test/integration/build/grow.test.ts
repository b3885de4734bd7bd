// A disk declared larger than its image: every target's output carries the declared capacity (the
// OVF DiskSection, the disk files' own headers as qemu-img reads them), the image's bytes come
// first and the new space reads as zeros; shrinking below the image stays an error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { BuildCheckFailed, buildProject, type BuildResult } from '../../../electron/engine/build/build.ts';
import { openPackage } from '../../../electron/engine/package/package-source.ts';
import { loadProject } from '../../../electron/engine/project/file.ts';
import { hasCommand, run } from '../targets/oracles.ts';
import { applianceProject, diskBytes, writeAppliance } from './appliance.ts';

const skip = hasCommand('qemu-img') ? undefined : 'qemu-img is not installed';
const capacityMiB = 40;
const capacity = capacityMiB * 1048576;
let dir: string;
let out: string;
let result: BuildResult;

before(async () => {
  const project = applianceProject([{ id: 'vmware-esxi' }, { id: 'xenserver' }, { id: 'hyperv', generation: 1 }, { id: 'azure' }, { id: 'kvm' }, { id: 'gce' }]);
  project.systems[0]!.disks = [{ id: 'system', source: 'disks/system.raw', controller: 'ide0', unit: 0, capacityMiB }];
  dir = await writeAppliance(project);
  out = mkdtempSync(join(tmpdir(), 'build-grow-'));
  result = await buildProject(await loadProject(dir), { output: out, sourceDateEpoch: 0 });
});

/** The bytes of one OVA member, written out for qemu-img. */
async function member(ova: string, name: string): Promise<string> {
  const source = await openPackage(ova);
  const found = await source.find(name);
  assert.ok(found, `${name} in ${ova}`);
  const opened = await source.open(found);
  try {
    const bytes = Buffer.alloc(opened.size);
    await opened.handle.read(bytes, 0, opened.size, opened.offset);
    const file = join(mkdtempSync(join(tmpdir(), 'grow-member-')), name);
    writeFileSync(file, bytes);
    return file;
  } finally {
    await opened.close();
  }
}

async function qemuInfo(file: string, format: string): Promise<number> {
  const { stdout } = await run('qemu-img', ['info', '--output=json', '-f', format, file]);
  return (JSON.parse(stdout) as { 'virtual-size': number })['virtual-size'];
}

test('the build warns about nothing: every format now carries the declared capacity', () => {
  assert.deepEqual(result.report.findings.filter((f) => f.severity !== 'info' && f.target !== 'gce').map((f) => f.code), []);
  assert.ok(diskBytes < capacity);
});

test('every OVA declares the capacity in its DiskSection and its disk file has it too (qemu-img info, compare, check)', { skip }, async () => {
  for (const [target, disk, format] of [
    ['vmware-esxi', 'acme-router-1.0-system.vmdk', 'vmdk'],
    ['xenserver', 'acme-router-1.0-system.vhd', 'vpc'],
  ] as const) {
    const ova = join(out, target, 'acme-router-1.0.ova');
    const descriptor = readFileSync(await member(ova, 'acme-router-1.0.ovf'), 'utf8');
    assert.match(descriptor, new RegExp(`<Disk ovf:capacity="${capacityMiB}" ovf:capacityAllocationUnits="byte \\* 2\\^20"`), target);
    const file = await member(ova, disk);
    assert.equal(await qemuInfo(file, format), capacity, `${target} virtual size`);
    await run('qemu-img', ['compare', '-f', 'raw', '-F', format, join(dir, 'disks', 'system.raw'), file]);
    if (format === 'vmdk') await run('qemu-img', ['check', '-f', format, file]);
  }
});

test('the Hyper-V, Azure, KVM and GCE disks have the capacity and the image contents', { skip }, async () => {
  const source = join(dir, 'disks', 'system.raw');
  for (const [file, format] of [
    [join(out, 'hyperv', 'acme-router-1.0-system.vhd'), 'vpc'],
    [join(out, 'azure', 'acme-router-1.0-system.vhd'), 'vpc'],
    [join(out, 'kvm', 'acme-router-1.0-system.qcow2'), 'qcow2'],
  ] as const) {
    assert.equal(await qemuInfo(file, format), capacity, file);
    await run('qemu-img', ['compare', '-f', 'raw', '-F', format, source, file]);
    if (format === 'qcow2') await run('qemu-img', ['check', '-f', format, file]);
  }
  const gce = mkdtempSync(join(tmpdir(), 'grow-gce-'));
  execFileSync('tar', ['-xzf', join(out, 'gce', 'acme-router-1.0-system.tar.gz'), '-C', gce]);
  assert.equal(await qemuInfo(join(gce, 'disk.raw'), 'raw'), capacity);
  await run('qemu-img', ['compare', '-f', 'raw', '-F', 'raw', source, join(gce, 'disk.raw')]);
  assert.equal(result.report.disks[0]?.virtualSize, capacity, 'the report gives the size the outputs declare');
});

test('a capacity below the image is refused before anything is built, with the size that would fit', async () => {
  const project = applianceProject([{ id: 'kvm' }]);
  project.systems[0]!.disks = [{ id: 'system', source: 'disks/system.raw', controller: 'ide0', unit: 0, capacityMiB: 4 }];
  const small = await writeAppliance(project);
  const output = mkdtempSync(join(tmpdir(), 'build-shrink-'));
  await assert.rejects(buildProject(await loadProject(small), { output }), (error: unknown) => {
    assert.ok(error instanceof BuildCheckFailed);
    assert.equal(error.findings[0]?.code, 'PROJECT_DISK_TOO_SMALL');
    assert.match(error.findings[0]?.message ?? '', /declares 4 MiB but its image holds 8 MiB/);
    return true;
  });
  assert.deepEqual(readdirSync(output), []);
});
