import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { inspectPath } from '../../../../electron/engine/inspect/inspect.ts';
import { layoutTar, memberHeader } from '../../../../electron/engine/package/tar-writer.ts';
import { descriptorText, fixtureDir, PRODUCT, VENDOR, VERSION, writeApplianceFolder, writeOva } from '../../../e2e/appliance-fixtures.ts';

let dir: string;
let ova: string;
before(async () => {
  dir = fixtureDir();
  ova = await writeOva(dir);
});

test('an OVA made by the package engine gives the whole report: overview, hardware per option, form, EULA, structure', async () => {
  const report = await inspectPath(ova);
  assert.equal(report.kind, 'ova');
  assert.equal(report.problem, undefined);
  assert.equal(report.overview.summary, `${PRODUCT} ${VERSION} (${VENDOR})`);
  assert.deepEqual([report.overview.product, report.overview.vendor, report.overview.version], [PRODUCT, VENDOR, VERSION]);
  assert.deepEqual(report.overview.systems, ['edge-router']);
  assert.equal(report.overview.description, 'Routes and filters traffic between two networks.');
  assert.equal(report.overview.totalDiskBytes, 64 * 1024 * 1024);
  assert.equal(report.overview.signedBy, undefined);
  assert.equal(report.overview.importableWhere.find((v) => v.target === 'vmware-esxi')?.verdict, 'yes');
  assert.match(report.overview.importableWhere.find((v) => v.target === 'virtualbox')?.reasons.join() ?? '', /NIC model vmxnet3 becomes/);
  const tables = report.systems[0]?.tables ?? [];
  assert.deepEqual(tables.map((t) => [t.configurationLabel, t.rows.map((r) => r.quantity).filter(Boolean)]), [
    ['Small', ['2 vCPU', '2.00 GiB', '64.0 MiB']],
    ['Large', ['8 vCPU', '16.0 GiB', '64.0 MiB']],
  ]);
  assert.equal(report.systems[0]?.operatingSystem, 'Linux 5.x 64-bit');
  assert.deepEqual(report.deploymentOptions.map((o) => [o.id, o.isDefault]), [['small', true], ['large', false]]);
  assert.deepEqual(report.properties.map((p) => [p.key, p.choices, p.password]), [['hostname', [], false], ['mode', ['router', 'bridge'], false], ['admin_password', [], true]]);
  assert.match(report.eulas[0]?.text ?? '', /ACME END USER LICENCE AGREEMENT/);
  assert.deepEqual(report.networks.map((n) => n.name), ['VM Network', 'Management']);
  assert.deepEqual(report.package?.members.map((m) => m.role), ['descriptor', 'manifest', 'disk']);
  assert.equal(report.package?.dialect, 'ustar');
  assert.equal(report.disks[0]?.format, 'VMDK streamOptimized');
  assert.match(report.descriptor?.text ?? '', /^<\?xml/);
  assert.equal(report.verifiable, true);
  assert.ok(report.elapsedMs < 2000);
});

test('a 50 GiB OVA opens from its tar headers alone, in milliseconds', async () => {
  const big = 50 * 1024 ** 3;
  const text = Buffer.from(descriptorText({ diskHref: 'big-disk1.vmdk', diskBytes: big, capacityBytes: big }));
  const layout = layoutTar([
    { name: 'big.ovf', size: text.length },
    { name: 'big-disk1.vmdk', size: big },
  ]);
  const path = join(dir, 'big.ova');
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, layout.totalSize); // sparse: the 50 GiB member costs no disk space
    const [descriptor, disk] = layout.entries;
    if (!descriptor || !disk) throw new Error('layout');
    writeSync(fd, memberHeader(descriptor, { mtime: 0 }), 0, 512, descriptor.headerOffset);
    writeSync(fd, text, 0, text.length, descriptor.dataOffset);
    writeSync(fd, memberHeader(disk, { mtime: 0 }), 0, 512, disk.headerOffset);
  } finally {
    closeSync(fd);
  }
  const started = performance.now();
  const report = await inspectPath(path);
  const ms = performance.now() - started;
  assert.equal(report.problem, undefined);
  assert.equal(report.package?.members[1]?.size, big);
  assert.match(report.package?.dialect ?? '', /base-256/);
  assert.equal(report.overview.totalDiskBytes, big);
  // Milliseconds on an idle machine; the bound leaves room for a loaded shared one.
  assert.ok(ms < 3000, `opened in ${ms.toFixed(0)} ms`);
});

test('a truncated OVA still gets a report: its kind, size and the reason with the byte offset', async () => {
  const bytes = readFileSync(ova);
  const path = join(dir, 'cut.ova');
  writeFileSync(path, bytes.subarray(0, bytes.length - 40_000));
  const report = await inspectPath(path);
  assert.equal(report.kind, 'ova');
  assert.equal(report.problem?.code, 'TAR_TRUNCATED');
  assert.equal(typeof report.problem?.location?.offset, 'number');
  assert.match(report.overview.summary, /^OVA package: /);
});

test('malformed XML keeps the descriptor text and the line of the error; unknown files say what the studio reads', async () => {
  const path = join(dir, 'broken.ovf');
  writeFileSync(path, '<?xml version="1.0"?>\n<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1">\n  <References>\n</Envelope>\n');
  const report = await inspectPath(path);
  assert.equal(report.problem?.code, 'OVF_XML_MALFORMED');
  assert.ok((report.problem?.location?.line ?? 0) >= 3);
  assert.equal(report.descriptor?.text.split('\n').length, 5);
  const other = join(dir, 'notes.txt');
  writeFileSync(other, 'hello');
  const unknown = await inspectPath(other);
  assert.equal(unknown.kind, 'unknown');
  assert.equal(unknown.problem?.code, 'INSPECT_UNKNOWN_KIND');
  assert.match(unknown.problem?.message ?? '', /expected an \.ova, \.ovf/);
});

test("an OVF folder's disks are read by the disk engine: container facts, MBR partition, ext4", async () => {
  const appliance = await writeApplianceFolder(fixtureDir());
  const report = await inspectPath(appliance.dir);
  assert.equal(report.kind, 'ovf-folder');
  const disk = report.disks[0];
  assert.equal(disk?.file, 'edge-router-disk1.vmdk');
  assert.equal(disk?.format, 'VMDK streamOptimized');
  assert.equal(disk?.partitionTable, 'MBR');
  assert.deepEqual(disk?.partitions.map((p) => [p.type, p.offset, p.filesystem]), [['Linux', 1024 * 1024, 'ext4']]);
  assert.equal(disk?.details['format URI'], 'http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized');
});
