import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openXva, readVirtual } from '../../../../electron/engine/xva/archive.ts';
import { mbrDiskHead, MiB, writeXvaFixture, type XvaSpec } from '../../../fixtures/xva.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'xva-archive-'));
const spec: XvaSpec = { vmName: 'vm', disks: [{ name: 'root', virtualSize: 6 * MiB, head: mbrDiskHead(3 * MiB) }] };

test('reads the virtual disk through the chunk map: chunk bytes, holes as zeros, across chunk boundaries', async () => {
  const fixture = writeXvaFixture(fresh(), 'r', { ...spec, keepAliveBefore: [1] });
  const archive = await openXva(fixture.path);
  const map = archive.chunkMaps.get('Ref:3')!;
  const raw = mbrDiskHead(3 * MiB);
  const handle = await open(fixture.path, 'r');
  try {
    assert.deepEqual(await readVirtual(handle, map, 0, 512), raw.subarray(0, 512));
    // 1 KiB either side of the 1 MiB boundary: the end of chunk 0 and the start of the chunk after the keep-alive.
    assert.deepEqual(await readVirtual(handle, map, MiB - 1024, 2048), raw.subarray(MiB - 1024, MiB + 1024));
    // From the data's end into the hole after it.
    const tail = await readVirtual(handle, map, 3 * MiB - 16, 32);
    assert.deepEqual(tail, Buffer.concat([raw.subarray(3 * MiB - 16), Buffer.alloc(16)]));
    assert.deepEqual(await readVirtual(handle, map, 4 * MiB, 4096), Buffer.alloc(4096));
  } finally {
    await handle.close();
  }
});

test('chunk folders no VDI names, root files other than ova.xml and an ova.xml that is not first are findings', async () => {
  const dir = fresh();
  const fixture = writeXvaFixture(dir, 'odd', {
    ...spec,
    extraMembers: [
      { name: 'Ref:77/00000000', data: Buffer.alloc(10, 1) },
      { name: 'notes.txt', data: Buffer.from('hello') },
    ],
  });
  const archive = await openXva(fixture.path);
  assert.deepEqual(archive.findings.map((f) => [f.code, f.severity, f.location.path]), [
    ['XVA_ORPHAN_CHUNKS', 'warning', 'Ref:77/'],
    ['XVA_EXTRA_MEMBER', 'warning', 'notes.txt'],
  ]);
});

test('a VDI a VM uses as a disk but whose chunks are absent is an error finding', async () => {
  const fixture = writeXvaFixture(fresh(), 'nodata', { ...spec, renameMembers: [['Ref:3/\\(.*\\)', 'Ref:4/\\1']] });
  const archive = await openXva(fixture.path);
  assert.deepEqual(archive.findings.map((f) => f.code).sort(), ['XVA_DISK_NO_DATA', 'XVA_ORPHAN_CHUNKS']);
  assert.match(archive.findings.find((f) => f.code === 'XVA_DISK_NO_DATA')!.message, /disk "root" \(Ref:3\) has no chunks in the archive/);
});

test('an ova.xml past the 16 MiB bound is refused before it is read', async () => {
  const fixture = writeXvaFixture(fresh(), 'big', { ...spec, ovaXml: `<value>${' '.repeat(16 * MiB)}</value>` });
  await assert.rejects(openXva(fixture.path), (error: Error & { code?: string }) => error.code === 'XVA_OVA_XML_TOO_LARGE' && /ova\.xml is 16777231 bytes, more than the 16777216-byte limit/.test(error.message));
});
