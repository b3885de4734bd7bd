// XenServer XVA exports through the CLI: inspect, verify and import, on archives GNU tar assembles
// with checksums from sha1sum and xxhsum; the imported disks are compared with qemu-img.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { indexTar } from '../../../electron/engine/package/tar-index.ts';
import { cli } from '../../support/cli.ts';
import { mbrDiskHead, MiB, ovaXmlText, writeXvaFixture, type XvaSpec } from '../../fixtures/xva.ts';
import { compareImages, hasQemuImg } from '../disk/qemu-img.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const hasXxhsum = spawnSync('xxhsum', ['--version']).status === 0;
const fresh = () => mkdtempSync(join(tmpdir(), 'xva-cli-'));

const web: XvaSpec = {
  vmName: 'web-01',
  description: 'front end',
  memoryBytes: 4 * 1024 * MiB,
  vcpus: 2,
  firmware: 'uefi',
  baseTemplate: 'Debian Bookworm 12',
  disks: [
    { name: 'system', virtualSize: 12 * MiB, head: mbrDiskHead(5 * MiB) },
    { name: 'logs', virtualSize: 3 * MiB + 4096, head: Buffer.from('log data') },
  ],
  nics: [{ mac: '2e:3a:01:02:03:04', network: 'Pool-wide network associated with eth0' }],
  cd: true,
};

/** Flips one byte in the middle of a member's data, in place. */
async function corrupt(path: string, member: string): Promise<number> {
  const found = (await indexTar(path)).members.find((m) => m.name === member);
  assert.ok(found, member);
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from([0xa5]), 0, 1, found.offset + Math.floor(found.size / 2));
  closeSync(fd);
  return found.offset;
}

test('inspect: the VM, its hardware, disks with partitions, networks and where it imports (text)', async () => {
  const fixture = writeXvaFixture(fresh(), 'web', web);
  const run = await cli(['inspect', fixture.path]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /\*\*Kind:\*\* XenServer XVA export\n[\s\S]*\*\*Systems:\*\* web-01\n- \*\*Total disk size:\*\* 15\.0 MiB/);
  assert.match(run.stdout, /\| Ref:0\/memory \| Memory \| Memory \| 4\.00 GiB \|/);
  assert.match(run.stdout, /\| Ref:0\/firmware \| Firmware \| Boot \| UEFI \|/);
  assert.match(run.stdout, /\| Ref:3 \| Ref:3\/ \| XVA chunks \| 12\.0 MiB \| 6\.00 MiB \| MBR: 1 Linux \|/);
  assert.match(run.stdout, /2e:3a:01:02:03:04 on "Pool-wide network associated with eth0"/);
  assert.match(run.stdout, /\| XCP-ng \| yes \|/);
  assert.match(run.stdout, /\| VMware ESXi \| after conversion \| does not import XVA: make a project with `appliance import`/);
});

test('inspect --json: systems, disks with virtual and stored sizes, verdicts per target, the chunk members', async () => {
  const fixture = writeXvaFixture(fresh(), 'web', web);
  const run = await cli(['inspect', fixture.path, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as {
    kind: string;
    overview: { systems: string[]; totalDiskBytes: number; importableWhere: { target: string; verdict: string }[] };
    disks: { id: string; virtualBytes: number; allocatedBytes: number; details: Record<string, string> }[];
    networks: { name: string }[];
    package: { members: { name: string; role: string }[] };
    verifiable: boolean;
  };
  assert.equal(report.kind, 'xva');
  assert.deepEqual(report.overview.systems, ['web-01']);
  assert.equal(report.overview.totalDiskBytes, 15 * MiB + 4096);
  assert.deepEqual(
    report.overview.importableWhere.filter((v) => v.verdict === 'yes').map((v) => v.target),
    ['xenserver', 'xcp-ng'],
  );
  assert.ok(report.overview.importableWhere.filter((v) => v.verdict !== 'yes').every((v) => v.verdict === 'convert'));
  // The system disk: chunks 0..4 hold the MBR and pattern, the rest is zeros but the last chunk.
  assert.deepEqual(report.disks.map((d) => [d.id, d.virtualBytes, d.allocatedBytes, d.details.chunks, d.details.checksums]), [
    ['Ref:3', 12 * MiB, 6 * MiB, '6', 'SHA-1'],
    ['Ref:5', 3 * MiB + 4096, MiB + 4096, '2', 'SHA-1'],
  ]);
  assert.deepEqual(report.networks.map((n) => n.name), ['Pool-wide network associated with eth0']);
  assert.equal(report.package.members[0]?.name, 'ova.xml');
  assert.equal(report.package.members.filter((m) => m.role === 'disk').length, 8);
  assert.equal(report.verifiable, true);
});

test('verify: every chunk checked against its SHA-1, exit 0; a flipped byte gives exit 1 naming disk, chunk and offset', async () => {
  const dir = fresh();
  const fixture = writeXvaFixture(dir, 'web', web);
  const ok = await cli(['verify', fixture.path]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /ok +system \(Ref:3\) +6 of 6 chunks checked \(SHA-1\), 6\.00 MiB/);
  assert.match(ok.stdout, /Result: +intact, not signed/);
  await corrupt(fixture.path, 'Ref:3/00000002');
  const bad = await cli(['verify', fixture.path]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /mismatch +system \(Ref:3\)/);
  assert.match(bad.stdout, /chunk 2 \(Ref:3\/00000002, disk offset 2097152\): SHA-1 expected [0-9a-f]{40}, actual [0-9a-f]{40}/);
  assert.match(bad.stdout, /Result: +FAILED/);
  const json = await cli(['verify', fixture.path, '--json']);
  assert.equal(json.code, 1);
  const parsed = JSON.parse(json.stdout) as { ok: boolean; disks: { name: string; mismatches: { member: string; diskOffset: number }[] }[] };
  assert.equal(parsed.ok, false);
  assert.deepEqual(parsed.disks.map((d) => [d.name, d.mismatches.map((m) => [m.member, m.diskOffset])]), [
    ['system', [['Ref:3/00000002', 2 * MiB]]],
    ['logs', []],
  ]);
});

test('verify checks .xxhash checksums as XXH64 (values written by xxhsum), and finds a damaged chunk', { skip: hasXxhsum ? false : 'xxhsum is not installed (apt-get install xxhash)' }, async () => {
  const fixture = writeXvaFixture(fresh(), 'xx', { ...web, checksum: 'xxhash', keepAliveBefore: [3] });
  const ok = await cli(['verify', fixture.path]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /6 of 6 chunks checked \(XXH64\)/);
  await corrupt(fixture.path, 'Ref:3/00000000');
  const bad = await cli(['verify', fixture.path]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /chunk 0 \(Ref:3\/00000000, disk offset 0\): XXH64 expected [0-9A-F]{16}, actual [0-9A-F]{16}/);
});

test('verify reports progress and stops when cancelled', async () => {
  const fixture = writeXvaFixture(fresh(), 'web', web);
  const controller = new AbortController();
  controller.abort();
  const run = await cli(['verify', fixture.path], { signal: controller.signal });
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /cancelled/);
});

test('import: a project with the VM facts; the raw disks equal the source disks (qemu-img compare) and keep holes', { skip: hasQemuImg ? false : 'qemu-img is not installed' }, async () => {
  const dir = fresh();
  const fixture = writeXvaFixture(dir, 'web', { ...web, keepAliveBefore: [1] });
  const out = join(dir, 'project');
  const run = await cli(['import', fixture.path, '-o', out, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { kind: string; systems: string[]; disks: string[]; notes: { code: string }[] };
  assert.equal(result.kind, 'package');
  assert.deepEqual(result.systems, ['web-01']);
  assert.deepEqual(result.disks, ['disks/web-01-system.raw', 'disks/web-01-logs.raw']);
  assert.deepEqual(result.notes.map((n) => n.code).sort(), ['IMPORT_XVA_BOOT_ORDER', 'IMPORT_XVA_PLATFORM']);
  result.disks.forEach((disk, i) => {
    const comparison = compareImages(fixture.rawImages[i]!, 'raw', join(out, disk), 'raw');
    assert.ok(comparison.identical, comparison.output);
    assert.equal(statSync(join(out, disk)).size, web.disks[i]!.virtualSize);
  });
  // 12 MiB virtual, 5 MiB of data (the first MiB holds the MBR): the zero chunks were never written.
  assert.ok(statSync(join(out, result.disks[0]!)).blocks * 512 <= 6 * MiB, 'the image is sparse');
  const yaml = (await import('node:fs')).readFileSync(join(out, 'appliance.yaml'), 'utf8');
  assert.match(yaml, /os: debian-64\n\s+firmware: efi\n\s+cpus: 2\n\s+memoryMiB: 4096/);
  assert.match(yaml, /mac: 2e:3a:01:02:03:04/);
  assert.match(yaml, /- id: cd0\n\s+controller: ide0/);
  const check = await cli(['check', out]);
  assert.notEqual(check.code, 3, check.stderr);
});

test('import reports progress per disk, and a cancelled import leaves no project behind', async () => {
  const dir = fresh();
  const fixture = writeXvaFixture(dir, 'web', web);
  const labels = new Set<string>();
  const { importSource } = await import('../../../electron/engine/project/import.ts');
  await importSource(fixture.path, join(dir, 'done'), { onProgress: (p) => p.label && labels.add(p.label) });
  assert.deepEqual([...labels].sort(), ['web-01/logs', 'web-01/system']);
  const controller = new AbortController();
  controller.abort();
  const run = await cli(['import', fixture.path, '-o', join(dir, 'cancelled')], { signal: controller.signal });
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /Import was cancelled/);
  assert.equal(existsSync(join(dir, 'cancelled')), false);
});

test('import notes every value the project cannot hold: the OS, a template, vCPUs past 768, a NIC whose network is missing', async () => {
  const dir = fresh();
  const text = ovaXmlText({ ...web, baseTemplate: undefined, template: true, vcpus: 1000 }).replace('<member><name>network</name><value>Ref:8</value></member>', '<member><name>network</name><value>OpaqueRef:NULL</value></member>');
  const fixture = writeXvaFixture(dir, 'odd', { ...web, ovaXml: text });
  const { importSource } = await import('../../../electron/engine/project/import.ts');
  const result = await importSource(fixture.path, join(dir, 'p'));
  const messages = new Map(result.notes.map((n) => [n.code, n.message]));
  assert.match(messages.get('IMPORT_XVA_OS') ?? '', /does not name the guest OS; imported as other-64/);
  assert.match(messages.get('IMPORT_XVA_TEMPLATE') ?? '', /a XenServer template/);
  assert.match(messages.get('IMPORT_XVA_CPUS') ?? '', /VCPUs_max is 1000; imported as 768 vCPUs/);
  assert.match(messages.get('IMPORT_XVA_NIC_NETWORK') ?? '', /NIC 0 names no network the export holds; it is put on "VM Network"/);
  const system = result.project.project.systems[0]!;
  assert.deepEqual([system.cpus, system.os, system.nics[0]?.network], [768, 'other-64', 'VM Network']);
  assert.deepEqual(result.project.project.networks.map((n) => n.name), ['VM Network']);
});

test('import refuses a damaged chunk, naming it, and leaves no folder behind', async () => {
  const dir = fresh();
  const fixture = writeXvaFixture(dir, 'web', web);
  await corrupt(fixture.path, 'Ref:5/00000003');
  const run = await cli(['import', fixture.path, '-o', join(dir, 'project')]);
  assert.equal(run.code, 3);
  assert.match(run.stderr, /disk "web-01\/logs": chunk 3 \(Ref:5\/00000003, disk offset 3145728\) does not match its checksum checksum/);
  assert.equal(existsSync(join(dir, 'project')), false);
});

test('a gzip- or zstd-compressed export is named as such, with the command that undoes it', async () => {
  for (const compress of ['gzip', 'zstd'] as const) {
    const fixture = writeXvaFixture(fresh(), `c-${compress}`, { ...web, compress });
    const run = await cli(['verify', fixture.path]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, new RegExp(`this is a ${compress}-compressed XVA .*decompress it first \\(${compress === 'gzip' ? 'gunzip -k' : 'zstd -d'} FILE\\) \\[XVA_COMPRESSED\\]`));
    const imported = await cli(['import', fixture.path, '-o', join(fresh(), 'p')]);
    assert.equal(imported.code, 3);
    assert.match(imported.stderr, /XVA_COMPRESSED/);
  }
});

test('hostile archives: climbing and absolute member names are refused naming the member, nothing is written outside', async () => {
  for (const [bad, code] of [
    ['../escape', 'TAR_PATH_TRAVERSAL'],
    ['/etc/evil', 'TAR_PATH_TRAVERSAL'],
    ['Ref:3/../../escape', 'TAR_PATH_TRAVERSAL'],
  ] as const) {
    const dir = fresh();
    const fixture = writeXvaFixture(dir, 'evil', { ...web, extraMembers: [{ name: 'evil', data: Buffer.from('x') }], renameMembers: [['evil', bad]] });
    for (const args of [['verify', fixture.path], ['import', fixture.path, '-o', join(dir, 'out', 'project')], ['inspect', fixture.path]]) {
      const run = await cli(args);
      assert.equal(run.code, 3, `${args[0]} ${bad}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, new RegExp(`member name "${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" points outside the package.*\\[${code}\\]`));
    }
    // The import's half-made project was removed; nothing named "escape" or "evil" appeared anywhere.
    assert.deepEqual(readdirSync(join(dir, 'out')), []);
    assert.deepEqual(readdirSync(dir).sort(), ['evil-disk0.raw', 'evil-disk1.raw', 'evil.stage', 'evil.xva', 'out']);
    assert.equal(existsSync(join(dir, '..', 'escape')), false);
  }
});

test('hostile chunks: larger than 1 MiB, or numbered past the disk, are errors naming the member; verify fails and import refuses', async () => {
  const dir = fresh();
  const fixture = writeXvaFixture(dir, 'chunks', {
    ...web,
    extraMembers: [
      { name: 'Ref:5/00000009', data: Buffer.alloc(MiB + 1, 1) },
      { name: 'Ref:3/00099999', data: Buffer.alloc(512, 1) },
    ],
  });
  const inspected = await cli(['inspect', fixture.path, '--json']);
  assert.equal(inspected.code, 0, inspected.stderr);
  const findings = (JSON.parse(inspected.stdout) as { findings: { code: string; message: string; location: { path?: string } }[] }).findings;
  assert.deepEqual(findings.filter((f) => f.code.startsWith('XVA_CHUNK')).map((f) => [f.code, f.location.path]).sort(), [
    ['XVA_CHUNK_BEYOND_END', 'Ref:3/00099999'],
    ['XVA_CHUNK_TOO_LARGE', 'Ref:5/00000009'],
  ]);
  const verified = await cli(['verify', fixture.path]);
  assert.equal(verified.code, 1);
  assert.match(verified.stdout, /error: .*Ref:3\/00099999.*would hold bytes 104856551424 to 104856551936 of a 12582912-byte disk: past its end \[XVA_CHUNK_BEYOND_END\]/);
  const imported = await cli(['import', fixture.path, '-o', join(dir, 'project')]);
  assert.equal(imported.code, 3);
  assert.match(imported.stderr, /cannot be imported as it is: chunk "Ref:[35]\/\d+" .*\[IMPORT_XVA_DAMAGED\]/);
});

test('an absurd virtual size is a finding, not a crash; the importer refuses to size that disk', async () => {
  const dir = fresh();
  const text = ovaXmlText(web).replace(`<value>${12 * MiB}</value>`, '<value>99999999999999999999</value>');
  const fixture = writeXvaFixture(dir, 'huge', { ...web, ovaXml: text });
  const inspected = await cli(['inspect', fixture.path, '--json']);
  assert.equal(inspected.code, 0, inspected.stderr);
  assert.match(inspected.stdout, /virtual_size \\"99999999999999999999\\" is not a usable number/);
  const imported = await cli(['import', fixture.path, '-o', join(dir, 'project')]);
  assert.equal(imported.code, 3);
  assert.match(imported.stderr, /ova\.xml: disk "system" \(Ref:3\) has no usable virtual_size, so its image cannot be made \[IMPORT_XVA_DISK_SIZE\]/);
});

test('a missing ova.xml, entities in ova.xml and a truncated archive are clear errors', async () => {
  const dir = fresh();
  const missing = writeXvaFixture(dir, 'missing', { ...web, noOvaXml: true });
  const noXml = await cli(['verify', missing.path]);
  assert.equal(noXml.code, 3);
  assert.match(noXml.stderr, /the archive holds no ova\.xml.*\[XVA_NO_OVA_XML\]/);

  const entity = writeXvaFixture(dir, 'xxe', { ...web, ovaXml: `<?xml version="1.0"?>\n<!DOCTYPE v [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<value>&e;</value>\n` });
  for (const args of [['inspect', entity.path], ['verify', entity.path], ['import', entity.path, '-o', join(dir, 'p')]]) {
    const run = await cli(args);
    assert.equal(run.code, 3, args[0]);
    assert.match(run.stderr, /xxe\.xva(\/ova\.xml)?, line 2: the descriptor contains a DOCTYPE declaration.*\[OVF_XML_DTD_REFUSED\]/);
  }

  const truncated = writeXvaFixture(dir, 'cut', web);
  truncateSync(truncated.path, statSync(truncated.path).size - 5 * MiB);
  const cut = await cli(['verify', truncated.path]);
  assert.equal(cut.code, 3);
  assert.match(cut.stderr, /member "Ref:\d\/\d+(\.checksum)?" claims \d+ bytes but the archive ends .*\[TAR_TRUNCATED\]/);
});

test('the built binary verifies an XVA', { skip: existsSync(join(root, 'dist/cli/appliance.js')) ? false : 'dist is not built (npm test builds it)' }, () => {
  const fixture = writeXvaFixture(fresh(), 'bin', web);
  const run = spawnSync(process.execPath, [join(root, 'dist/cli/appliance.js'), 'verify', fixture.path, '--json'], { encoding: 'utf8', env: { ...process.env, APPLIANCE_STUDIO_HOME: fresh() } });
  assert.equal(run.status, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as { ok: boolean }).ok, true);
});
