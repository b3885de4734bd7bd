// Images qemu-img creates, in every format and subformat we read, come back byte-identical
// through our readers (converted to raw by our engine, compared by sha256 and by qemu-img).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertDisk, inspectDisk } from '../../../electron/engine/disk/index.ts';
import { variedSegments, writeDisk } from '../../fixtures/disks.ts';
import { hasQemuImg, qemuImg } from './qemu-img.ts';

const skip = hasQemuImg ? false : 'qemu-img is not installed';
const dir = mkdtempSync(join(tmpdir(), 'disk-read-'));

// qemu 7.2 counts a fixed VHD's footer as disk (it reports the file size); we report the CHS
// size its footer declares for a "qemu" creator, 512 bytes less.
const cases: { name: string; args: string[]; format: string; subformat?: string; footerCounted?: boolean }[] = [
  { name: 'vmdk monolithicSparse', args: ['-O', 'vmdk'], format: 'vmdk', subformat: 'monolithicSparse' },
  { name: 'vmdk streamOptimized', args: ['-O', 'vmdk', '-o', 'subformat=streamOptimized'], format: 'vmdk', subformat: 'streamOptimized' },
  { name: 'vmdk monolithicFlat', args: ['-O', 'vmdk', '-o', 'subformat=monolithicFlat'], format: 'vmdk', subformat: 'monolithicFlat' },
  { name: 'vmdk twoGbMaxExtentSparse', args: ['-O', 'vmdk', '-o', 'subformat=twoGbMaxExtentSparse'], format: 'vmdk', subformat: 'twoGbMaxExtentSparse' },
  { name: 'vpc dynamic', args: ['-O', 'vpc'], format: 'vhd', subformat: 'dynamic' },
  { name: 'vpc fixed', args: ['-O', 'vpc', '-o', 'subformat=fixed'], format: 'vhd', subformat: 'fixed', footerCounted: true },
  { name: 'vpc force_size', args: ['-O', 'vpc', '-o', 'force_size=on'], format: 'vhd', subformat: 'dynamic' },
  { name: 'vhdx', args: ['-O', 'vhdx'], format: 'vhdx', subformat: 'dynamic' },
  { name: 'vhdx fixed', args: ['-O', 'vhdx', '-o', 'subformat=fixed'], format: 'vhdx', subformat: 'fixed' },
  { name: 'qcow2 v2', args: ['-O', 'qcow2', '-o', 'compat=0.10'], format: 'qcow2' },
  { name: 'qcow2 v3', args: ['-O', 'qcow2'], format: 'qcow2' },
  { name: 'qcow2 compressed', args: ['-c', '-O', 'qcow2'], format: 'qcow2' },
  { name: 'qcow2 4 KiB clusters', args: ['-O', 'qcow2', '-o', 'cluster_size=4096'], format: 'qcow2' },
];

for (const [i, c] of cases.entries()) {
  test(`reads a ${c.name} image made by qemu-img byte for byte`, { skip }, async () => {
    const source = await writeDisk(join(dir, `source-${i}.img`), variedSegments(), i + 1);
    const image = join(dir, `image-${i}.${c.format}`);
    const made = qemuImg(['convert', '-f', 'raw', ...c.args, source.path, image]);
    assert.equal(made.status, 0, made.stderr);
    const info = await inspectDisk(image);
    assert.equal(info.format, c.format);
    if (c.subformat) assert.equal(info.details.subformat, c.subformat);
    const qemuSize = (JSON.parse(qemuImg(['info', '--output=json', image]).stdout) as { 'virtual-size': number })['virtual-size'];
    assert.equal(info.virtualSize, c.footerCounted ? qemuSize - 512 : qemuSize, 'virtual size as qemu reports it');
    const [back] = await convertDisk(image, [{ path: join(dir, `back-${i}.raw`), format: 'raw' }]);
    const bytes = readFileSync(back!.path);
    // qemu rounds up (to 512, or to whole CHS cylinders for plain vpc); the extra bytes are zeros.
    const expected = Buffer.concat([readFileSync(source.path), Buffer.alloc(bytes.length - source.size)]);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), createHash('sha256').update(expected).digest('hex'));
    if (!c.footerCounted) assert.equal(qemuImg(['compare', '-F', 'raw', image, back!.path]).status, 0);
  });
}
