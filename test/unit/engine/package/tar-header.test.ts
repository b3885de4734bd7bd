import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTarHeader, encodeFileHeader, USTAR_MAX_SIZE } from '../../../../electron/engine/package/tar-header.ts';
import { checkMemberName, layoutTar } from '../../../../electron/engine/package/tar-writer.ts';

const fields = { name: 'a.ovf', size: 1234, mode: 0o644, mtime: 0, uid: 0, gid: 0, uname: 'root', gname: 'root' };

test('a regular member header is strict ustar and decodes to what was encoded', () => {
  const block = encodeFileHeader(fields);
  assert.equal(block.length, 512);
  assert.equal(block.subarray(257, 265).toString('latin1'), 'ustar\x0000');
  assert.equal(block.subarray(124, 136).toString('latin1'), '00000002322\0');
  const header = decodeTarHeader(block);
  assert.deepEqual([header.name, header.size, header.mode, header.magic, header.base256, header.typeflag], ['a.ovf', 1234, 0o644, 'ustar', false, '0']);
});

test('a member of 8 GiB or more gets a GNU base-256 size', () => {
  const size = USTAR_MAX_SIZE + 1;
  const block = encodeFileHeader({ ...fields, size });
  assert.equal(block[124], 0x80);
  assert.equal(block.subarray(257, 265).toString('latin1'), 'ustar  \0');
  const header = decodeTarHeader(block);
  assert.equal(header.size, size);
  assert.equal(header.base256, true);
  assert.equal(decodeTarHeader(encodeFileHeader({ ...fields, size: USTAR_MAX_SIZE })).base256, false);
});

test('a header with a damaged checksum is refused', () => {
  const block = encodeFileHeader(fields);
  block[0] = 0x62;
  assert.throws(() => decodeTarHeader(block), /checksum/);
});

test('layout pads members to blocks and the archive to a 10 KiB record', () => {
  const layout = layoutTar([{ name: 'a', size: 1 }, { name: 'b', size: 512 }]);
  assert.deepEqual(layout.entries.map((e) => [e.headerOffset, e.dataOffset]), [[0, 512], [1024, 1536]]);
  assert.equal(layout.endOffset, 2048);
  assert.equal(layout.totalSize, 10240);
});

test('member names must fit tar and importer limits', () => {
  for (const bad of ['', 'x'.repeat(101), 'disks/a.vmdk', 'a\\b', 'é.vmdk', 'a:b', '..']) assert.throws(() => checkMemberName(bad, 'x.ovf'), /cannot go into a package/, bad);
  checkMemberName('appliance-disk1.vmdk', 'x.ovf');
});

test('an unreadable mode or a negative base-256 time does not make the header unreadable; a bad size does', () => {
  const block = encodeFileHeader(fields);
  block.write('zzzzzzz\0', 100, 'latin1');
  block.fill(0xff, 136, 148);
  const fix = () => {
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (const byte of block) sum += byte;
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  };
  fix();
  const header = decodeTarHeader(block);
  assert.deepEqual([header.mode, header.mtime, header.size], [0, 0, 1234]);
  block.write('9999999999\0', 124, 'latin1');
  fix();
  assert.throws(() => decodeTarHeader(block), /size field is not an octal number/);
});

test('pax records parse, and malformed ones are refused', async () => {
  const { parsePaxRecords } = await import('../../../../electron/engine/package/tar-header.ts');
  assert.deepEqual([...parsePaxRecords(Buffer.from('18 path=disk.vmdk\n16 size=1234567\n'))!], [['path', 'disk.vmdk'], ['size', '1234567']]);
  assert.equal(parsePaxRecords(Buffer.from('99 path=x\n')), undefined);
  assert.equal(parsePaxRecords(Buffer.from('10 pathx\n')), undefined);
});
