import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { indexTar } from '../../../../electron/engine/package/tar-index.ts';
import { paxData, rawHeader, rawTar } from './tar-builder.ts';

const dir = mkdtempSync(join(tmpdir(), 'tar-index-'));
let counter = 0;
function archive(bytes: Buffer): string {
  const path = join(dir, `a${(counter += 1)}.ova`);
  writeFileSync(path, bytes);
  return path;
}

async function refused(bytes: Buffer, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(indexTar(archive(bytes)), (error: unknown) => {
    assert.ok(error instanceof EngineError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.kind, 'input');
    assert.match(error.message, pattern);
    assert.ok(error.location?.file?.endsWith('.ova'));
    return true;
  });
}

test('indexes ustar members in order with their data offsets and sizes', async () => {
  const path = archive(rawTar([{ name: 'a.ovf', data: Buffer.from('<Envelope/>') }, { name: 'a.mf', data: Buffer.alloc(700, 1) }]));
  const index = await indexTar(path);
  assert.deepEqual(
    index.members.map((m) => [m.name, m.offset, m.size]),
    [
      ['a.ovf', 512, 11],
      ['a.mf', 1536, 700],
    ],
  );
  assert.equal(index.dialect, 'ustar');
  assert.equal(index.endMarker, true);
});

test('reads GNU long names, pax paths and sizes, and base-256 sizes', async () => {
  const longName = `${'n'.repeat(150)}.vmdk`;
  const path = archive(
    Buffer.concat([
      rawHeader({ name: '././@LongLink', typeflag: 'L', data: Buffer.from(`${longName}\0`), magic: 'gnu' }),
      Buffer.concat([Buffer.from(`${longName}\0`), Buffer.alloc(512 - longName.length - 1)]),
      rawHeader({ name: longName.slice(0, 100), data: Buffer.alloc(3), magic: 'gnu' }),
      Buffer.alloc(512),
      rawHeader({ name: 'PaxHeader', typeflag: 'x', data: paxData({ path: 'pax-name.ovf', size: '5' }) }),
      Buffer.concat([paxData({ path: 'pax-name.ovf', size: '5' }), Buffer.alloc(512 - paxData({ path: 'pax-name.ovf', size: '5' }).length)]),
      rawHeader({ name: 'truncated-nam', claimedSize: 0 }),
      Buffer.concat([Buffer.from('hello'), Buffer.alloc(507)]),
      rawHeader({ name: 'big.bin', data: Buffer.alloc(2), base256: true, magic: 'gnu' }),
      Buffer.alloc(512),
      Buffer.alloc(1024),
    ]),
  );
  const index = await indexTar(path);
  assert.deepEqual(
    index.members.map((m) => [m.name, m.size, m.extensions.join(',')]),
    [
      [longName, 3, 'gnu-long-name'],
      ['pax-name.ovf', 5, 'pax'],
      ['big.bin', 2, 'base-256'],
    ],
  );
  assert.equal(index.members[0]!.headerOffset, 0);
  assert.equal(index.members[0]!.offset, 1536);
  assert.match(index.dialect, /gnu-long-name/);
});

test('indexes a 50 GiB sparse member in milliseconds without reading its data', async () => {
  const path = join(dir, 'huge.ova');
  const size = 50 * 1024 ** 3;
  const fd = openSync(path, 'w');
  writeSync(fd, rawHeader({ name: 'huge.ovf', data: Buffer.from('x') }));
  writeSync(fd, Buffer.concat([Buffer.from('x'), Buffer.alloc(511)]));
  writeSync(fd, rawHeader({ name: 'huge-disk1.vmdk', claimedSize: size, base256: true, magic: 'gnu' }));
  writeSync(fd, Buffer.alloc(1024), 0, 1024, 1024 + 512 + size);
  closeSync(fd);
  const started = performance.now();
  const index = await indexTar(path);
  const elapsed = performance.now() - started;
  assert.equal(index.members[1]!.size, size);
  // Milliseconds when idle; 1 s bounds a loaded machine and is still far from reading 50 GiB.
  assert.ok(elapsed < 1000, `indexing took ${elapsed} ms`);
});

test('refuses a tar member whose name climbs out with ..', () => refused(rawTar([{ name: '../evil.ovf', data: Buffer.from('x') }]), 'TAR_PATH_TRAVERSAL', /outside the package/));
test('refuses an absolute member name', () => refused(rawTar([{ name: '/etc/passwd', data: Buffer.from('x') }]), 'TAR_PATH_TRAVERSAL', /\/etc\/passwd/));
test('refuses a member name with a Windows drive or backslash', () => refused(rawTar([{ name: 'C:\\x.ovf', data: Buffer.from('x') }]), 'TAR_PATH_TRAVERSAL', /outside/));
test('refuses symbolic links', () => refused(rawTar([{ name: 'disk.vmdk', typeflag: '2', linkname: '/dev/sda' }]), 'TAR_LINK_MEMBER', /symbolic link to "\/dev\/sda"/));
test('refuses hard links', () => refused(rawTar([{ name: 'a', data: Buffer.from('x') }, { name: 'b', typeflag: '1', linkname: 'a' }]), 'TAR_LINK_MEMBER', /hard link/));
test('refuses device nodes', () => refused(rawTar([{ name: 'null', typeflag: '3' }]), 'TAR_UNSUPPORTED_MEMBER', /type '3'/));
test('refuses duplicate member names', () => refused(rawTar([{ name: 'a.ovf', data: Buffer.from('1') }, { name: 'a.ovf', data: Buffer.from('2') }]), 'TAR_DUPLICATE_MEMBER', /appears twice/));
test('refuses a member whose size runs past the end of the file', () => refused(rawTar([{ name: 'a.ovf', data: Buffer.from('x'), claimedSize: 1e9 }], { end: false }), 'TAR_TRUNCATED', /claims 1000000000 bytes/));
test('refuses an archive cut inside a header', () => refused(rawTar([{ name: 'a.ovf', data: Buffer.from('x') }]).subarray(0, 1024 + 100), 'TAR_TRUNCATED', /inside a header block/));
test('refuses a block with a bad checksum as not a tar archive', () => refused(Buffer.alloc(2048, 0x41), 'TAR_BAD_HEADER', /not a tar archive/));
test('refuses a gzip-compressed tar with a clear reason', () => refused(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(600)]), 'TAR_COMPRESSED', /gzip-compressed/));
test('refuses an archive with no files', () => refused(Buffer.alloc(10240), 'TAR_EMPTY', /no files/));
test('refuses an absurdly large pax header', () => refused(Buffer.concat([rawHeader({ name: 'p', typeflag: 'x', claimedSize: 64 * 1024 * 1024 }), Buffer.alloc(64 * 1024 * 1024)]), 'TAR_BAD_HEADER', /implausibly large/));

test('accepts an archive that ends without the two zero blocks, as GNU tar does', async () => {
  const index = await indexTar(archive(rawTar([{ name: 'a.ovf', data: Buffer.from('x') }], { end: false })));
  assert.equal(index.members.length, 1);
  assert.equal(index.endMarker, false);
});

test('skips directory entries and strips a leading ./', async () => {
  const index = await indexTar(archive(rawTar([{ name: './', typeflag: '5' }, { name: './a.ovf', data: Buffer.from('x') }])));
  assert.deepEqual(index.members.map((m) => m.name), ['a.ovf']);
});
