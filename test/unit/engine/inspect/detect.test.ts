import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectKind, kindOfBytes } from '../../../../electron/engine/inspect/detect.ts';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { encodeFileHeader } from '../../../../electron/engine/package/tar-header.ts';

const head = (bytes: Record<number, string | Buffer>, length = 34 * 1024) => {
  const buffer = Buffer.alloc(length);
  for (const [at, value] of Object.entries(bytes)) (typeof value === 'string' ? Buffer.from(value, 'latin1') : value).copy(buffer, Number(at));
  return buffer;
};
const none = Buffer.alloc(0);
const tarHeader = (name: string) => encodeFileHeader({ name, size: 10, mode: 0o644, mtime: 0, uid: 0, gid: 0, uname: 'root', gname: 'root' });

test('a ustar archive is an OVA, and one whose first member is ova.xml is a XenServer XVA', () => {
  assert.equal(kindOfBytes(head({ 0: tarHeader('appliance.ovf') }), none, 'x.bin'), 'ova');
  assert.equal(kindOfBytes(head({ 0: tarHeader('ova.xml') }), none, 'x.ova'), 'xva');
});

test('a gzip- or zstd-compressed .xva is an XVA (its reader says to decompress it); other compressed files are not', () => {
  const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0x00]);
  const zstd = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
  assert.equal(kindOfBytes(head({ 0: gzip }), none, 'vm.xva'), 'xva');
  assert.equal(kindOfBytes(head({ 0: zstd }), none, 'VM.XVA'), 'xva');
  assert.equal(kindOfBytes(head({ 0: gzip }), none, 'vm.tar.gz'), 'unknown');
});

test('an old v7 tar header without magic is still recognised by its checksum', () => {
  const block = Buffer.from(tarHeader('appliance.ovf'));
  block.fill(0, 257, 265); // no "ustar" magic, no version
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  assert.equal(kindOfBytes(head({ 0: block }), none, 'old.tar'), 'ova');
});

test('disk containers are told apart by their magic, whatever the name says', () => {
  assert.equal(kindOfBytes(head({ 0: 'KDMV' }), none, 'disk.iso'), 'vmdk');
  assert.equal(kindOfBytes(head({ 0: '# Disk DescriptorFile\nversion=1' }), none, 'disk.txt'), 'vmdk');
  assert.equal(kindOfBytes(head({ 0: 'vhdxfile' }), none, 'disk.vhd'), 'vhdx');
  assert.equal(kindOfBytes(head({ 0: 'QFI\xfb' }), none, 'disk.img'), 'qcow2');
  assert.equal(kindOfBytes(head({ 0: 'conectix' }), none, 'dynamic.vhd'), 'vhd');
  const footer = Buffer.alloc(512);
  footer.write('conectix', 0, 'latin1');
  assert.equal(kindOfBytes(head({}), footer, 'fixed.bin'), 'vhd', 'a fixed VHD has its footer in the last sector only');
  assert.equal(kindOfBytes(head({ 0x8001: 'CD001' }), none, 'image.bin'), 'iso');
});

test('an XML document whose root is an Envelope is an OVF descriptor, with or without prolog, prefix or comment', () => {
  assert.equal(kindOfBytes(head({ 0: '<?xml version="1.0"?>\n<!-- exported -->\n<ovf:Envelope xmlns:ovf="x">' }), none, 'a'), 'ovf');
  assert.equal(kindOfBytes(head({ 0: Buffer.from('\uFEFF<Envelope>', 'utf8') }), none, 'a'), 'ovf');
  assert.equal(kindOfBytes(Buffer.from('\uFEFF<?xml version="1.0" encoding="UTF-16"?><Envelope xmlns="x">', 'utf16le'), none, 'a'), 'ovf');
  assert.equal(kindOfBytes(head({ 0: '<?xml version="1.0"?><project/>' }), none, 'pom.xml'), 'unknown');
});

test('only the name decides for raw images and anything else is unknown', () => {
  assert.equal(kindOfBytes(head({}), none, 'disk.img'), 'raw');
  assert.equal(kindOfBytes(head({}), none, 'disk.raw'), 'raw');
  assert.equal(kindOfBytes(Buffer.from('shopping list'), none, 'notes.txt'), 'unknown');
  assert.equal(kindOfBytes(Buffer.alloc(0), none, 'empty.ova'), 'unknown');
});

test('detectKind reads files and folders: an OVF folder needs a descriptor; a missing path is a FILE_ENOENT error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-'));
  const folder = join(dir, 'package');
  mkdirSync(folder);
  assert.equal((await detectKind(folder)).kind, 'unknown');
  writeFileSync(join(folder, 'a.ovf'), '<Envelope/>');
  const detected = await detectKind(folder);
  assert.equal(detected.kind, 'ovf-folder');
  assert.equal(detected.isFolder, true);
  const tiny = join(dir, 'tiny.ova');
  writeFileSync(tiny, 'x');
  assert.deepEqual({ ...(await detectKind(tiny)), mtimeMs: 0 }, { kind: 'unknown', size: 1, mtimeMs: 0, isFolder: false });
  await assert.rejects(detectKind(join(dir, 'nope.ova')), (error: unknown) => error instanceof EngineError && error.code === 'FILE_ENOENT' && error.location?.file === join(dir, 'nope.ova'));
});
