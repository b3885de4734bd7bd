// Disks inside an OVA or OVF folder are read in place by the disk engine: formats, sizes,
// partitions and filesystems, the descriptor checked against the bytes, compressed and chunked
// members judged by their head, and hostile members that stay a finding inside their own range.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { InspectionReport } from '../../../../electron/common/inspection.ts';
import { encodeSparseExtentHeader, FLAG_NEWLINE_TEST } from '../../../../electron/engine/disk/vmdk-header.ts';
import { inspectPath } from '../../../../electron/engine/inspect/inspect.ts';
import { declaredFormat } from '../../../../electron/engine/inspect/disk-claims.ts';
import { packPackage } from '../../../../electron/engine/package/pack.ts';
import { isoImage } from '../../../fixtures/disks.ts';
import { descriptorText, fixtureDir, writeDiskImage, writePartitionedRaw } from '../../../e2e/appliance-fixtures.ts';

const MIB = 1024 * 1024;
const STREAM_URI = 'http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized';

let dir: string;
const images: Record<string, Buffer> = {};
before(async () => {
  dir = fixtureDir();
  for (const format of ['vmdk', 'vhd', 'vhdx', 'qcow2'] as const) images[format] = readFileSync(await writeDiskImage(dir, format));
  images.raw = readFileSync(writePartitionedRaw(join(dir, 'partitioned.raw')));
});

interface PackageSpec {
  readonly name: string;
  readonly disk: Buffer;
  readonly formatUri?: string;
  readonly capacity?: number;
  /** gzip compresses the disk; any other name is only written into the descriptor. */
  readonly compression?: string;
  readonly chunkSize?: number;
  /** A file packed after the disk, so bytes past the disk's member exist in the archive. */
  readonly trailer?: Buffer;
  readonly ova?: boolean;
}

/** Packs a one-disk appliance with the package engine; the descriptor says what the spec says. */
async function writePackage(spec: PackageSpec): Promise<string> {
  const folder = join(dir, `${spec.name}-src`);
  mkdirSync(folder, { recursive: true });
  const href = `${spec.name}-disk1.img`;
  const stored = spec.compression === 'gzip' ? gzipSync(spec.disk, { level: 1 }) : spec.disk;
  let xml = descriptorText({ diskHref: href, diskBytes: stored.length, capacityBytes: spec.capacity ?? 64 * MIB }).replace(STREAM_URI, spec.formatUri ?? STREAM_URI);
  const extra = `${spec.compression ? ` ovf:compression="${spec.compression}"` : ''}${spec.chunkSize ? ` ovf:chunkSize="${spec.chunkSize}"` : ''}`;
  xml = xml.replace(`ovf:size="${stored.length}"/>`, `ovf:size="${stored.length}"${extra}/>`);
  if (spec.trailer) {
    xml = xml.replace('</References>', `  <File ovf:id="notes" ovf:href="notes.bin" ovf:size="${spec.trailer.length}"/>\n  </References>`);
    writeFileSync(join(folder, 'notes.bin'), spec.trailer);
  }
  if (spec.chunkSize) {
    for (let at = 0, index = 0; at < stored.length; at += spec.chunkSize, index += 1) writeFileSync(join(folder, `${href}.${String(index).padStart(9, '0')}`), stored.subarray(at, at + spec.chunkSize));
  } else writeFileSync(join(folder, href), stored);
  const descriptor = join(folder, `${spec.name}.ovf`);
  writeFileSync(descriptor, xml);
  if (spec.ova === false) return folder;
  const output = join(dir, `${spec.name}.ova`);
  await packPackage(descriptor, { output });
  return output;
}

const diskFindings = (report: InspectionReport) => report.findings.filter((f) => f.code.startsWith('INSPECT_DISK'));

test('every disk format inside an OVA is read in place: container, virtual size, MBR with ext4', async () => {
  const uris: Record<string, string> = {
    vmdk: STREAM_URI,
    vhd: 'http://technet.microsoft.com/en-us/library/bb676673.aspx',
    vhdx: 'http://schemas.microsoft.com/vhdx',
    qcow2: 'http://www.gnome.org/~markmc/qcow-image-format.html',
    raw: 'http://www.raw.org',
  };
  const expected: Record<string, RegExp> = { vmdk: /^VMDK streamOptimized$/, vhd: /^VHD /, vhdx: /^VHDX /, qcow2: /^QCOW2 /, raw: /^raw$/ };
  for (const [format, disk] of Object.entries(images)) {
    const report = await inspectPath(await writePackage({ name: `ok-${format}`, disk, formatUri: uris[format]! }));
    const [facts] = report.disks;
    assert.match(facts?.format ?? '', expected[format]!, format);
    assert.equal(facts?.virtualBytes, 64 * MIB, format);
    assert.equal(facts?.details.read, 'in place', format);
    assert.equal(facts?.partitionTable, 'MBR', format);
    assert.deepEqual(facts?.partitions.map((p) => [p.type, p.offset, p.filesystem]), [['Linux', MIB, 'ext4']], format);
    assert.deepEqual(diskFindings(report), [], format);
  }
});

test('an ISO 9660 image packed as a disk is read in place with its volume facts', async () => {
  const iso = isoImage('APPLIANCE_TOOLS', 40);
  const report = await inspectPath(await writePackage({ name: 'iso', disk: iso, formatUri: 'http://www.raw.org', capacity: iso.length }));
  assert.equal(report.disks[0]?.format, 'ISO 9660');
  assert.equal(report.disks[0]?.details.volumeId, 'APPLIANCE_TOOLS');
  assert.equal(report.disks[0]?.virtualBytes, iso.length);
  assert.deepEqual(diskFindings(report), [], 'an ISO is raw data to a raw claim');
});

test('a descriptor that calls a QCOW2 member streamOptimized VMDK gets a format mismatch at the Disk line', async () => {
  const report = await inspectPath(await writePackage({ name: 'says-vmdk', disk: images.qcow2! }));
  const [finding] = diskFindings(report);
  assert.equal(finding?.code, 'INSPECT_DISK_FORMAT_MISMATCH');
  assert.equal(finding?.severity, 'error');
  assert.match(finding?.message ?? '', /ovf:format says VMDK but says-vmdk-disk1\.img is QCOW2 v3/);
  assert.match(report.descriptor?.text.split('\n')[(finding?.location.line ?? 1) - 1] ?? '', /<Disk ovf:diskId="vmdisk1"/);
  assert.deepEqual(report.disks[0]?.findings, [finding]);
});

test('a monolithicSparse claim over a streamOptimized member and a wrong capacity are both reported', async () => {
  const uri = STREAM_URI.replace('streamOptimized', 'monolithicSparse');
  const report = await inspectPath(await writePackage({ name: 'says-sparse', disk: images.vmdk!, formatUri: uri, capacity: 32 * MIB }));
  const findings = diskFindings(report);
  assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['INSPECT_DISK_FORMAT_MISMATCH', 'error'], ['INSPECT_DISK_CAPACITY_MISMATCH', 'error']]);
  assert.match(findings[0]!.message, /says VMDK monolithicSparse but .* is VMDK streamOptimized/);
  assert.match(findings[1]!.message, /ovf:capacity is 33554432 bytes \(32\.0 MiB\) but .* holds a 67108864-byte \(64\.0 MiB\) disk: the guest would lose its end/);
  const larger = diskFindings(await inspectPath(await writePackage({ name: 'says-larger', disk: images.vmdk!, capacity: 128 * MIB })));
  assert.deepEqual(larger.map((f) => [f.code, f.severity]), [['INSPECT_DISK_CAPACITY_MISMATCH', 'warning']]);
});

test('a gzip-compressed member is judged by its inflated head: a VMDK keeps its header facts, a raw disk its partitions', async () => {
  const vmdk = (await inspectPath(await writePackage({ name: 'gz-vmdk', disk: images.vmdk!, compression: 'gzip' }))).disks[0];
  assert.equal(vmdk?.format, 'VMDK streamOptimized');
  assert.equal(vmdk?.virtualBytes, 64 * MIB);
  assert.match(vmdk?.details.read ?? '', /^compressed \(gzip\): inflated whole \(\d+(\.\d+)? KiB\)$/);
  assert.deepEqual(vmdk?.partitions.map((p) => p.filesystem), ['ext4']);
  const raw = await inspectPath(await writePackage({ name: 'gz-raw', disk: images.raw!, formatUri: 'http://www.raw.org', compression: 'gzip', capacity: 64 * MIB }));
  assert.equal(raw.disks[0]?.format, 'raw');
  assert.match(raw.disks[0]?.details.read ?? '', /^compressed \(gzip\): the first 4\.00 MiB inflated$/);
  assert.equal(raw.disks[0]?.virtualBytes, 64 * MIB, 'a head says nothing of the length: the descriptor capacity stays');
  assert.deepEqual(raw.disks[0]?.partitions.map((p) => [p.type, p.filesystem]), [['Linux', 'ext4']]);
  assert.deepEqual(diskFindings(raw), []);
});

test('a chunked disk is read from its first part, in an OVA and in a folder', async () => {
  for (const ova of [true, false]) {
    const report = await inspectPath(await writePackage({ name: `chunked-${ova}`, disk: images.vmdk!, chunkSize: 32 * 1024, ova }));
    const [disk] = report.disks;
    assert.equal(disk?.format, 'VMDK streamOptimized', String(ova));
    assert.equal(disk?.virtualBytes, 64 * MIB);
    assert.match(disk?.details.read ?? '', /^chunked: the first part \(32\.0 KiB\) read$/);
  }
});

test('a chunked head too short to open names its format from the header, keeps the descriptor facts and still checks the family', async () => {
  const qcow2 = await inspectPath(await writePackage({ name: 'chunked-qcow2', disk: images.qcow2!, chunkSize: 256 * 1024 }));
  const [disk] = qcow2.disks;
  assert.equal(disk?.format, 'QCOW2');
  assert.equal(disk?.details.detected, 'QCOW2, from its header');
  assert.match(disk?.details['not read further'] ?? '', /lies past the end of the file \(262144 bytes\)/);
  assert.equal(disk?.virtualBytes, 64 * MIB, 'the capacity the descriptor declares');
  assert.deepEqual(diskFindings(qcow2).map((f) => f.code), ['INSPECT_DISK_FORMAT_MISMATCH']);
  // A fixed VHD is raw data with its footer at the end: its first part looks raw, which is no disagreement.
  const fixed = readFileSync(await writeDiskImage(dir, 'vhd-fixed', 'fixed.vhd'));
  const vhd = await inspectPath(await writePackage({ name: 'chunked-vhd', disk: fixed, formatUri: 'http://go.microsoft.com/fwlink/?LinkId=137171', chunkSize: MIB }));
  assert.equal(vhd.disks[0]?.details.read, 'chunked: the first part (1.00 MiB) read');
  assert.deepEqual(diskFindings(vhd), []);
});

test('hostile tables inside a member stay findings: a QCOW2 claiming an exabyte with its L1 table past the end, partitions past the end', async () => {
  const patches = [
    { name: 'exabyte', offset: 24, value: 2n ** 60n, reason: /virtual size 1152921504606846976 is out of range \[QCOW2_TOO_LARGE\]/ },
    // The L1 table one cluster past the end would be the next member's bytes if reads escaped.
    { name: 'l1-past-end', offset: 40, value: BigInt(images.qcow2!.length + 65536), reason: /past the end of the file \(\d+ bytes\).*\[DISK_TRUNCATED\]/ },
  ];
  for (const patch of patches) {
    const qcow2 = Buffer.from(images.qcow2!);
    qcow2.writeBigUInt64BE(patch.value, patch.offset);
    const report = await inspectPath(await writePackage({ name: `hostile-${patch.name}`, disk: qcow2, formatUri: 'http://www.gnome.org/~markmc/qcow-image-format.html', trailer: Buffer.alloc(64 * 1024, 0xee) }));
    assert.equal(report.problem, undefined);
    const [finding] = diskFindings(report);
    assert.equal(finding?.code, 'INSPECT_DISK_UNREADABLE', patch.name);
    assert.match(finding?.message ?? '', patch.reason, patch.name);
  }
  // An MBR whose one partition starts past the disk: listed as the table says, nothing read there.
  const raw = Buffer.alloc(MIB);
  raw[446 + 4] = 0x83;
  raw.writeUInt32LE(1_000_000, 446 + 8);
  raw.writeUInt32LE(2048, 446 + 12);
  raw[510] = 0x55;
  raw[511] = 0xaa;
  const mbr = await inspectPath(await writePackage({ name: 'hostile-mbr', disk: raw, formatUri: 'http://www.raw.org', capacity: MIB, trailer: Buffer.alloc(64 * 1024, 0xee) }));
  assert.deepEqual(mbr.disks[0]?.partitions.map((p) => [p.type, p.offset, p.filesystem]), [['Linux', 512_000_000, undefined]]);
  assert.deepEqual(diskFindings(mbr), []);
});

test('a member whose header claims an absurd disk or tables past its end is a finding, and nothing past the member is read', async () => {
  const cases = [
    { capacity: 2n ** 50n, reason: /the capacity \(1125899906842624 sectors\) is out of range \[VMDK_OUT_OF_RANGE\]/ },
    // A sane 1 GiB disk whose grain directory "at sector 2" would be the next member's bytes if reads escaped.
    { capacity: 2n ** 21n, reason: /past the end of the file \(512 bytes\).*\[DISK_TRUNCATED\]/ },
  ];
  for (const [index, { capacity, reason }] of cases.entries()) {
    const header = encodeSparseExtentHeader({
      version: 1,
      flags: FLAG_NEWLINE_TEST,
      capacity,
      grainSize: 128n,
      descriptorOffset: 0n,
      descriptorSize: 0n,
      numGTEsPerGT: 512,
      rgdOffset: 0n,
      gdOffset: 2n,
      overHead: 8n,
      uncleanShutdown: false,
      compressAlgorithm: 0,
    });
    const report = await inspectPath(await writePackage({ name: `hostile${index}`, disk: header, formatUri: STREAM_URI.replace('streamOptimized', 'monolithicSparse'), trailer: Buffer.alloc(64 * 1024, 0xee) }));
    const [finding] = diskFindings(report);
    assert.equal(finding?.code, 'INSPECT_DISK_UNREADABLE');
    assert.match(finding?.message ?? '', new RegExp(`disk vmdisk1 \\(hostile${index}-disk1\\.img\\) could not be read: `));
    assert.match(finding?.message ?? '', reason);
    assert.match(report.disks[0]?.details.problem ?? '', /^the disk could not be read: /);
  }
});

test('a descriptor-only VMDK is opened in a folder when its extent stays inside, never in an OVA nor when the extent climbs out', async () => {
  const descriptorVmdk = (extent: string) => Buffer.from(`# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType="monolithicFlat"\n\n# Extent description\nRW 131072 FLAT "${extent}" 0\n\n# The Disk Data Base\nddb.adapterType = "lsilogic"\n`);
  const flatUri = STREAM_URI.replace('streamOptimized', 'monolithicFlat');
  const inside = await writePackage({ name: 'flat-in', disk: descriptorVmdk('flat-in-flat.vmdk'), formatUri: flatUri, ova: false });
  writeFileSync(join(inside, 'flat-in-flat.vmdk'), images.raw!);
  const opened = (await inspectPath(inside)).disks[0];
  assert.equal(opened?.format, 'VMDK monolithicFlat');
  assert.equal(opened?.details.read, 'in place');
  assert.deepEqual(opened?.partitions.map((p) => p.filesystem), ['ext4'], 'the extent beside it was read');

  // The same descriptor pointing out of the folder, at a file that does exist there.
  const escaping = await writePackage({ name: 'flat-out', disk: descriptorVmdk('../partitioned.raw'), formatUri: flatUri, ova: false });
  const refused = await inspectPath(escaping);
  assert.deepEqual(refused.disks[0]?.partitions, []);
  assert.equal(refused.disks[0]?.details.read, 'descriptor only: its extents (../partitioned.raw) were not opened');
  assert.deepEqual(diskFindings(refused).map((f) => [f.code, f.message]), [['INSPECT_DISK_EXTENT_OUTSIDE', 'disk vmdisk1: flat-out-disk1.img names the extent "../partitioned.raw", which lies outside the package; it was not opened']]);

  const ova = await inspectPath(await writePackage({ name: 'flat-ova', disk: descriptorVmdk('/etc/hostname'), formatUri: flatUri, capacity: 32 * MIB }));
  assert.equal(ova.disks[0]?.format, 'VMDK monolithicFlat');
  assert.equal(ova.disks[0]?.virtualBytes, 64 * MIB, 'the size its extent lines declare');
  assert.match(ova.disks[0]?.details.read ?? '', /^descriptor only: its extents \(\/etc\/hostname\) are not read from the archive$/);
  assert.deepEqual(diskFindings(ova).map((f) => f.code), ['INSPECT_DISK_EXTENT_OUTSIDE', 'INSPECT_DISK_CAPACITY_MISMATCH']);
});

test('a compressed member that is not gzip or names an unknown compression, and a disk missing from the package, leave notes instead of failing the report', async () => {
  const ova = await writePackage({ name: 'not-gzip', disk: images.vmdk!, compression: 'gzip' });
  // Overwrite the gzip magic inside the archive: the member is no longer a gzip stream.
  const bytes = readFileSync(ova);
  const at = bytes.indexOf(Buffer.from([0x1f, 0x8b, 0x08]));
  bytes[at] = 0;
  writeFileSync(ova, bytes);
  const report = await inspectPath(ova);
  assert.equal(report.problem, undefined);
  assert.equal(diskFindings(report)[0]?.code, 'INSPECT_DISK_UNREADABLE');
  assert.match(diskFindings(report)[0]?.message ?? '', /incorrect header check|unknown compression|not .*gzip/i);
  const bzip = diskFindings(await inspectPath(await writePackage({ name: 'bzip', disk: images.vmdk!, compression: 'bzip2' })));
  assert.match(bzip[0]?.message ?? '', /ovf:compression="bzip2" is not a compression the studio reads \(only gzip is defined by DSP0243\) \[INSPECT_COMPRESSION_UNKNOWN\]/);
  const folder = await writePackage({ name: 'no-disk', disk: images.vmdk!, ova: false });
  rmSync(join(folder, 'no-disk-disk1.img'));
  const missing = await inspectPath(folder);
  assert.equal(missing.problem, undefined);
  assert.equal(missing.disks[0]?.details.problem, 'no-disk-disk1.img is not in the package');
  assert.equal(missing.disks[0]?.format, 'VMDK streamOptimized', 'the descriptor still says what it declares');
});

test('ovf:format URIs name their family and subformat', () => {
  assert.deepEqual(declaredFormat(STREAM_URI), { family: 'vmdk', subformat: 'streamOptimized' });
  assert.deepEqual(declaredFormat('http://schemas.microsoft.com/vhdx'), { family: 'vhdx' });
  assert.deepEqual(declaredFormat('http://technet.microsoft.com/en-us/library/bb676673.aspx'), {});
  assert.deepEqual(declaredFormat('http://www.gnome.org/~markmc/qcow-image-format.html'), { family: 'qcow2' });
  assert.deepEqual(declaredFormat(undefined), {});
});

test('reading the disks of packages, broken ones included, leaves no file open', { skip: existsSync('/proc/self/fd') ? false : 'needs /proc/self/fd' }, async () => {
  const broken = Buffer.from('# Disk DescriptorFile\nversion=1\ncreateType="monolithicFlat"\nRW nonsense\n');
  const packages = [
    await writePackage({ name: 'fd-ok', disk: images.vmdk! }),
    await writePackage({ name: 'fd-text', disk: broken, formatUri: STREAM_URI.replace('streamOptimized', 'monolithicFlat') }),
    await writePackage({ name: 'fd-chunked', disk: images.qcow2!, chunkSize: 256 * 1024 }),
    await writePackage({ name: 'fd-gzip', disk: images.raw!, compression: 'gzip' }),
  ];
  for (const path of packages) await inspectPath(path);
  const before = readdirSync('/proc/self/fd').length;
  for (const path of packages) await inspectPath(path);
  assert.equal(readdirSync('/proc/self/fd').length, before);
});
