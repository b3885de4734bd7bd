// A signed build of a small bootable appliance for every target, held against tools nobody here
// wrote: GNU tar, xmllint with the DMTF schema, virt-v2v, qemu-img, openssl, QEMU itself, and the
// package engine's verify.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { before, test } from 'node:test';
import { findBootDisk } from '../../../electron/engine/build/boot-disk.ts';
import { bootSmokeTest } from '../../../electron/engine/build/boot-smoke.ts';
import { buildProject, type BuildResult } from '../../../electron/engine/build/build.ts';
import { verifyPackage } from '../../../electron/engine/package/verify.ts';
import { openPackage } from '../../../electron/engine/package/package-source.ts';
import { loadProject } from '../../../electron/engine/project/file.ts';
import { targetIds, type ProjectInput } from '../../../electron/engine/project/schema.ts';
import { loadSigningIdentity } from '../../../electron/engine/trust/keys.ts';
import { testCa, type TestCa } from '../../fixtures/test-ca.ts';
import { hasCommand, run, xmllintMissing, xmllintOvf } from '../targets/oracles.ts';
import { applianceProject, writeAppliance } from './appliance.ts';

const epoch = 1700000000;
const ovaTargets = ['vmware-esxi', 'vmware-workstation', 'xenserver', 'xcp-ng', 'virtualbox', 'proxmox', 'ovirt', 'aws'] as const;
const allTargets: ProjectInput['targets'] = targetIds.map((id) => (id === 'hyperv' ? { id, generation: 1 as const } : { id }));

let ca: TestCa;
let projectDir: string;
let out: string;
let result: BuildResult;

async function build(project: ProjectInput, output: string, signed: boolean): Promise<{ dir: string; result: BuildResult }> {
  const dir = await writeAppliance(project);
  const signer = signed ? await loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath, chainPath: ca.rsaLeaf.chainPath }) : undefined;
  return { dir, result: await buildProject(await loadProject(dir), { output, sourceDateEpoch: epoch, ...(signer ? { signer } : {}) }) };
}

/** Copies a package member (or a folder file) out to a temporary file for tools that need a path. */
async function extractMember(ova: string, name: string): Promise<string> {
  const source = await openPackage(ova);
  const member = await source.find(name);
  assert.ok(member, `${name} in ${ova}`);
  const opened = await source.open(member);
  const file = join(mkdtempSync(join(tmpdir(), 'member-')), name);
  try {
    await pipeline(createReadStream(opened.path, { start: opened.offset, end: opened.offset + opened.size - 1 }), createWriteStream(file));
  } finally {
    await opened.handle.close();
  }
  return file;
}

const ovaOf = (target: string) => join(out, target, 'acme-router-1.0.ova');
const sataProject = () => {
  const project = applianceProject(allTargets);
  const system = project.systems[0]!;
  system.controllers = [{ id: 'sata0', type: 'sata' }];
  system.disks = [{ id: 'system', source: 'disks/system.raw', controller: 'sata0', unit: 0 }];
  return project;
};

before(async () => {
  ca = await testCa();
  out = mkdtempSync(join(tmpdir(), 'build-out-'));
  ({ dir: projectDir, result } = await build(sataProject(), out, true));
});

test('every target gets its own folder with what its platform imports, and a report lists them all', () => {
  const listing = Object.fromEntries(targetIds.map((id) => [id, readdirSync(join(out, id)).sort()]));
  for (const id of ovaTargets) assert.deepEqual(listing[id], ['acme-router-1.0.ova'], id);
  assert.deepEqual(listing.hyperv, ['acme-router-1.0-system.vhd', 'acme-router-1.0.cert', 'acme-router-1.0.mf', 'create-vm.ps1']);
  assert.deepEqual(listing.azure, ['acme-router-1.0-system.vhd', 'acme-router-1.0.cert', 'acme-router-1.0.mf']);
  assert.deepEqual(listing.gce, ['acme-router-1.0-system.tar.gz', 'acme-router-1.0.cert', 'acme-router-1.0.mf']);
  assert.deepEqual(listing.kvm, ['acme-router-1.0-system.qcow2', 'acme-router-1.0.cert', 'acme-router-1.0.mf', 'acme-router-1.0.xml']);
  const report = JSON.parse(readFileSync(join(out, 'build-report.json'), 'utf8')) as typeof result.report;
  assert.deepEqual(report.targets.map((t) => t.target), [...targetIds]);
  assert.ok(report.signer?.subject.includes(ca.rsaLeaf.commonName));
  for (const target of report.targets) {
    for (const file of target.files) {
      const actual = execFileSync('sha256sum', [join(out, target.folder, file.name)], { encoding: 'utf8' }).split(' ')[0];
      assert.equal(file.sha256, actual, `${target.target}/${file.name}`);
    }
  }
  const html = readFileSync(join(out, 'build-report.html'), 'utf8');
  for (const target of report.targets) assert.ok(html.includes(target.title), target.title);
  assert.equal(readdirSync(out).filter((n) => n.startsWith('.')).length, 0, 'no staging folder is left behind');
});

test('every OVA verifies (digests and signature) with the package engine', async () => {
  for (const id of ovaTargets) {
    const verification = await verifyPackage(ovaOf(id), { trust: { system: false, home: mkdtempSync(join(tmpdir(), 'home-')), extra: [ca.root.certPath] } });
    assert.ok(verification.ok, `${id}: ${JSON.stringify(verification.files.filter((f) => f.status !== 'ok'))}`);
    assert.notEqual(verification.signature.status, 'unsigned', id);
  }
});

test('GNU tar lists each OVA as descriptor, manifest, certificate, disk, all stamped with SOURCE_DATE_EPOCH', () => {
  for (const id of ovaTargets) {
    const listing = execFileSync('tar', ['--list', '--verbose', '--full-time', '--utc', '--file', ovaOf(id)], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } }).trim().split('\n');
    const names = listing.map((line) => line.split(/\s+/).at(-1));
    const disk = id === 'xenserver' ? 'acme-router-1.0-system.vhd' : 'acme-router-1.0-system.vmdk';
    assert.deepEqual(names, ['acme-router-1.0.ovf', 'acme-router-1.0.mf', 'acme-router-1.0.cert', disk], id);
    for (const line of listing) assert.match(line, /^-rw-r--r-- root\/root .* 2023-11-14 22:13:20 /, id);
  }
});

test('GNU tar reads the GCE archive as one gzip-compressed member named disk.raw holding the source disk', () => {
  const archive = join(out, 'gce', 'acme-router-1.0-system.tar.gz');
  const listing = execFileSync('tar', ['--list', '--verbose', '--gzip', '--file', archive], { encoding: 'utf8' }).trim().split('\n');
  assert.equal(listing.length, 1);
  assert.match(listing[0] ?? '', / disk\.raw$/);
  const extracted = mkdtempSync(join(tmpdir(), 'gce-'));
  execFileSync('tar', ['--extract', '--gzip', '--file', archive, '--directory', extracted]);
  assert.ok(readFileSync(join(extracted, 'disk.raw')).equals(readFileSync(join(projectDir, 'disks', 'system.raw'))));
});

test('every descriptor inside the OVAs is valid against the DMTF OVF schema', { skip: xmllintMissing() }, async () => {
  for (const id of ovaTargets) {
    const descriptor = await extractMember(ovaOf(id), 'acme-router-1.0.ovf');
    assert.equal(await xmllintOvf(descriptor), '', id);
  }
});

test('every manifest signature checks out with openssl against the signing certificate', async () => {
  const publicKey = join(mkdtempSync(join(tmpdir(), 'pub-')), 'pub.pem');
  writeFileSync(publicKey, execFileSync('openssl', ['x509', '-pubkey', '-noout', '-in', ca.rsaLeaf.certPath]));
  const check = (manifest: string, cert: string, label: string) => {
    const line = readFileSync(cert, 'utf8').split('\n')[0] ?? '';
    const match = /^SHA256\((.+\.mf)\)= ([0-9a-f]+)$/.exec(line);
    assert.ok(match, `${label}: ${line}`);
    const signature = join(mkdtempSync(join(tmpdir(), 'sig-')), 'sig.bin');
    writeFileSync(signature, Buffer.from(match[2] ?? '', 'hex'));
    const verdict = execFileSync('openssl', ['dgst', '-sha256', '-verify', publicKey, '-signature', signature, manifest], { encoding: 'utf8' });
    assert.match(verdict, /Verified OK/, label);
  };
  for (const id of ['hyperv', 'azure', 'gce', 'kvm']) check(join(out, id, 'acme-router-1.0.mf'), join(out, id, 'acme-router-1.0.cert'), id);
  for (const id of ovaTargets) check(await extractMember(ovaOf(id), 'acme-router-1.0.mf'), await extractMember(ovaOf(id), 'acme-router-1.0.cert'), id);
});

test('folder manifests list every file with its SHA-256, as sha256sum computes it', () => {
  for (const id of ['hyperv', 'azure', 'gce', 'kvm']) {
    const lines = readFileSync(join(out, id, 'acme-router-1.0.mf'), 'utf8').trim().split('\n');
    const listed = lines.map((line) => /^SHA256\((.+)\)= ([0-9a-f]{64})$/.exec(line)).map((m) => [m?.[1], m?.[2]]);
    const files = readdirSync(join(out, id)).filter((n) => !n.endsWith('.mf') && !n.endsWith('.cert')).sort();
    assert.deepEqual(listed.map(([name]) => name), files, id);
    for (const [name, digest] of listed) assert.equal(execFileSync('sha256sum', [join(out, id, name ?? '')], { encoding: 'utf8' }).split(' ')[0], digest, `${id}/${name}`);
  }
});

test('every produced disk has the source contents (qemu-img compare) and a sound structure (qemu-img check)', { skip: hasCommand('qemu-img') ? undefined : 'qemu-img is not installed' }, async () => {
  const source = join(projectDir, 'disks', 'system.raw');
  const disks: [string, string][] = [
    ...(await Promise.all(ovaTargets.map(async (id) => [id, await extractMember(ovaOf(id), id === 'xenserver' ? 'acme-router-1.0-system.vhd' : 'acme-router-1.0-system.vmdk')] as [string, string]))),
    ['hyperv', join(out, 'hyperv', 'acme-router-1.0-system.vhd')],
    ['azure', join(out, 'azure', 'acme-router-1.0-system.vhd')],
    ['kvm', join(out, 'kvm', 'acme-router-1.0-system.qcow2')],
  ];
  for (const [id, disk] of disks) {
    const format = disk.endsWith('.vmdk') ? 'vmdk' : disk.endsWith('.vhd') ? 'vpc' : 'qcow2';
    await run('qemu-img', ['compare', '-f', 'raw', '-F', format, source, disk]).catch((error: unknown) => assert.fail(`${id}: ${String((error as { stdout?: string }).stdout ?? error)}`));
    if (format !== 'vpc') await run('qemu-img', ['check', '-f', format, disk]).catch((error: unknown) => assert.fail(`${id}: ${String((error as { stdout?: string }).stdout ?? error)}`));
  }
  // qemu derives a VHD's size from its CHS geometry for most creators, so read the footer itself:
  // "current size" is the big-endian u64 at offset 48 of the last 512 bytes (disk-formats.md §2).
  const azure = readFileSync(join(out, 'azure', 'acme-router-1.0-system.vhd'));
  const current = Number(azure.readBigUInt64BE(azure.length - 512 + 48));
  assert.equal(current % 1048576, 0, 'the Azure VHD is a whole number of MiB');
  assert.equal(azure.length, current + 512, 'a fixed VHD is its data plus the footer');
});

test('virt-v2v reads every OVA and reports the name, memory, vCPUs, firmware, disk bus and NIC we declared', { skip: hasCommand('virt-v2v') ? undefined : 'virt-v2v is not installed (Debian virt-v2v libguestfs-tools linux-image-amd64 nbdkit libnbd-bin)' }, async () => {
  for (const id of ovaTargets) {
    const { stdout } = await run('virt-v2v', ['-i', 'ova', ovaOf(id), '-o', 'null', '--print-source'], { env: { ...process.env, LIBGUESTFS_BACKEND: 'direct', LIBGUESTFS_BACKEND_SETTINGS: 'force_tcg' } });
    assert.match(stdout, /source name: Acme Router/, id);
    assert.match(stdout, /memory: 67108864 \(bytes\)/, id);
    assert.match(stdout, /nr vCPUs: 1/, id);
    assert.match(stdout, /firmware: bios/, id);
    assert.match(stdout, /0 \[sata\]/, id);
    assert.match(stdout, /Bridge "VM Network" \[e1000\]/, id);
  }
});

const bootSkip = hasCommand('qemu-system-x86_64') ? undefined : 'qemu-system-x86_64 is not installed (Debian qemu-system-x86)';

test('QEMU boots the disk of every target on the bus its output declares and the guest writes to the serial port', { skip: bootSkip }, async () => {
  for (const id of targetIds) {
    const disk = await findBootDisk(join(out, id));
    try {
      const boot = await bootSmokeTest(disk, { timeoutSeconds: 30 });
      assert.match(boot.serial, /APPLIANCE-STUDIO-BOOT-OK/, `${id} on ${disk.bus}: ${JSON.stringify(boot.serial)}`);
      assert.ok(boot.exited, id);
    } finally {
      await disk.dispose();
    }
  }
});

test('QEMU boots the VMware, VirtualBox, Proxmox and KVM outputs on SCSI, PVSCSI, virtio-scsi and NVMe controllers too', { skip: bootSkip }, async () => {
  const cases: { controller: ProjectInput['systems'][number]['controllers'][number]; targets: string[]; bus: string }[] = [
    { controller: { id: 'c0', type: 'scsi' }, targets: ['vmware-esxi', 'virtualbox', 'proxmox', 'kvm'], bus: 'lsilogic' },
    { controller: { id: 'c0', type: 'scsi', model: 'pvscsi' }, targets: ['vmware-esxi'], bus: 'pvscsi' },
    { controller: { id: 'c0', type: 'virtio-scsi' }, targets: ['kvm'], bus: 'virtio-scsi' },
    { controller: { id: 'c0', type: 'nvme' }, targets: ['vmware-esxi'], bus: 'nvme' },
  ];
  for (const { controller, targets, bus } of cases) {
    const project = applianceProject(targets.map((id) => ({ id })) as ProjectInput['targets']);
    project.systems[0]!.controllers = [controller];
    project.systems[0]!.disks = [{ id: 'system', source: 'disks/system.raw', controller: 'c0', unit: 0 }];
    const output = mkdtempSync(join(tmpdir(), 'build-bus-'));
    await build(project, output, false);
    for (const id of targets) {
      const disk = await findBootDisk(join(output, id));
      try {
        assert.equal(disk.bus, bus, id);
        const boot = await bootSmokeTest(disk, { timeoutSeconds: 30 });
        assert.match(boot.serial, /APPLIANCE-STUDIO-BOOT-OK/, `${id} on ${bus}`);
      } finally {
        await disk.dispose();
      }
    }
  }
});

test('a second build of the same project and key gives byte-identical KVM and GCE outputs and identical descriptors', async () => {
  const again = mkdtempSync(join(tmpdir(), 'build-again-'));
  await buildProject(await loadProject(projectDir), { output: again, sourceDateEpoch: epoch, signer: await loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath, chainPath: ca.rsaLeaf.chainPath }) });
  for (const id of ['kvm', 'gce']) {
    for (const name of readdirSync(join(out, id))) assert.ok(readFileSync(join(out, id, name)).equals(readFileSync(join(again, id, name))), `${id}/${name}`);
  }
  for (const id of ovaTargets) {
    const first = readFileSync(await extractMember(ovaOf(id), 'acme-router-1.0.ovf'));
    const second = readFileSync(await extractMember(join(again, id, 'acme-router-1.0.ova'), 'acme-router-1.0.ovf'));
    assert.ok(first.equals(second), id);
  }
});

test('a second build gives byte-identical OVAs and VHDs too', async () => {
  const targets = ['vmware-esxi', 'azure'];
  const [first, second] = [mkdtempSync(join(tmpdir(), 'build-again-')), mkdtempSync(join(tmpdir(), 'build-again-'))];
  for (const output of [first, second]) await buildProject(await loadProject(projectDir), { output, targets, sourceDateEpoch: epoch });
  for (const id of targets) for (const name of readdirSync(join(first, id))) assert.ok(readFileSync(join(first, id, name)).equals(readFileSync(join(second, id, name))), `${id}/${name}`);
});

test('cancelling a build leaves no output and no staging folder', async () => {
  const output = mkdtempSync(join(tmpdir(), 'build-cancel-'));
  const controller = new AbortController();
  const loaded = await loadProject(projectDir);
  const building = buildProject(loaded, { output, signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(building, (error: unknown) => (error as { code?: string }).code === 'CANCELLED');
  assert.deepEqual(readdirSync(output), []);
  assert.ok(!existsSync(join(output, 'kvm')));
});

test('Hyper-V generation 2 gets a VHDX with the source contents (qemu-img compare and check)', { skip: hasCommand('qemu-img') ? undefined : 'qemu-img is not installed' }, async () => {
  const project = applianceProject([{ id: 'hyperv' }]);
  project.systems[0]!.firmware = 'efi';
  project.systems[0]!.controllers = [{ id: 'scsi0', type: 'scsi' }];
  project.systems[0]!.disks = [{ id: 'system', source: 'disks/system.raw', controller: 'scsi0', unit: 0 }];
  const output = mkdtempSync(join(tmpdir(), 'build-gen2-'));
  const { dir } = await build(project, output, false);
  assert.deepEqual(readdirSync(join(output, 'hyperv')).sort(), ['acme-router-1.0-system.vhdx', 'acme-router-1.0.mf', 'create-vm.ps1']);
  const vhdx = join(output, 'hyperv', 'acme-router-1.0-system.vhdx');
  await run('qemu-img', ['compare', '-f', 'raw', '-F', 'vhdx', join(dir, 'disks', 'system.raw'), vhdx]);
  await run('qemu-img', ['check', '-f', 'vhdx', vhdx]);
  assert.match(readFileSync(join(output, 'hyperv', 'create-vm.ps1'), 'utf8'), /-Generation 2 [\s\S]*-ControllerType SCSI/);
});
