import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TarMember } from '../../../../electron/engine/package/tar-index.ts';
import { CHUNK_SIZE, chunkFolders, chunkMap } from '../../../../electron/engine/xva/chunks.ts';

const MiB = CHUNK_SIZE;

/** Members as the tar index lists them, laid out one after another. */
function members(list: readonly [name: string, size: number][]): TarMember[] {
  let at = 0;
  return list.map(([name, size]) => {
    const member: TarMember = { name, headerOffset: at, offset: at + 512, size, mode: 0o644, mtime: 0, magic: 'gnu', extensions: [] };
    at += 512 + Math.ceil(size / 512) * 512;
    return member;
  });
}

const placed = (map: ReturnType<typeof chunkMap>) => map.chunks.map((c) => [c.number, c.offset, c.member.size]);

test('a gap in the numbering is that many MiB of zeros; the last chunk may be short', () => {
  const map = chunkMap('Ref:9', members([['Ref:9/00000000', MiB], ['Ref:9/00000000.checksum', 40], ['Ref:9/00000003', MiB], ['Ref:9/00000003.checksum', 40], ['Ref:9/00000007', 512], ['Ref:9/00000007.checksum', 40]]), 7 * MiB + 512, 'x.xva');
  assert.deepEqual(placed(map), [[0, 0, MiB], [3, 3 * MiB, MiB], [7, 7 * MiB, 512]]);
  assert.equal(map.storedBytes, 2 * MiB + 512);
  assert.equal(map.end, 7 * MiB + 512);
  assert.deepEqual(map.findings, []);
  assert.deepEqual(map.chunks.map((c) => c.checksum?.kind), ['sha1', 'sha1', 'sha1']);
});

test("an empty member (the exporter's keep-alive) takes a number but no space: the next chunk lands where it would have", () => {
  const map = chunkMap('Ref:9', members([['Ref:9/00000000', MiB], ['Ref:9/00000001', 0], ['Ref:9/00000002', MiB], ['Ref:9/00000004', MiB]]), 4 * MiB, 'x.xva');
  assert.deepEqual(placed(map), [[0, 0, MiB], [2, MiB, MiB], [4, 3 * MiB, MiB]]);
});

test('an empty member after the last chunk is accepted as the end of the stream', () => {
  const map = chunkMap('Ref:9', members([['Ref:9/00000000', MiB], ['Ref:9/00000001', 0]]), MiB, 'x.xva');
  assert.deepEqual(map.findings.filter((f) => f.severity === 'error'), []);
  assert.equal(map.end, MiB);
});

test('.xxhash members pair with their chunk as XXH64; a chunk without any checksum is a warning', () => {
  const map = chunkMap('Ref:2', members([['Ref:2/00000000', 100], ['Ref:2/00000000.xxhash', 16], ['Ref:2/00000001', 100]]), 2 * MiB, 'x.xva');
  assert.deepEqual(map.chunks.map((c) => c.checksum?.kind), ['xxh64', undefined]);
  assert.deepEqual(map.findings.map((f) => [f.code, f.severity, f.location.path]), [['XVA_CHECKSUM_MISSING', 'warning', 'Ref:2/00000001']]);
  assert.match(map.findings[0]!.message, /^1 of 2 chunks of Ref:2 have no \.checksum or \.xxhash member/);
});

test('a chunk larger than 1 MiB is refused by name and left out', () => {
  const map = chunkMap('Ref:9', members([['Ref:9/00000000', MiB + 1]]), 4 * MiB, 'x.xva');
  assert.deepEqual(map.chunks, []);
  assert.deepEqual(map.findings.map((f) => [f.code, f.location.path]), [['XVA_CHUNK_TOO_LARGE', 'Ref:9/00000000']]);
  assert.match(map.findings[0]!.message, /1048577 bytes, more than the 1 MiB/);
});

test('a chunk numbered past the virtual size is refused naming the member and the range', () => {
  const map = chunkMap('Ref:9', members([['Ref:9/00000000', MiB], ['Ref:9/99999999', MiB]]), 2 * MiB, 'x.xva');
  assert.deepEqual(placed(map), [[0, 0, MiB]]);
  assert.deepEqual(map.findings.map((f) => f.code), ['XVA_CHUNK_BEYOND_END', 'XVA_CHECKSUM_MISSING']);
  assert.match(map.findings[0]!.message, /"Ref:9\/99999999" would hold bytes 104857598951424 to 104857600000000 of a 2097152-byte disk: past its end/);
});

test('chunks out of order or badly named are findings; the rest still place', () => {
  const map = chunkMap('Ref:9', members([['Ref:9/00000002', MiB], ['Ref:9/00000001', MiB], ['Ref:9/notes.txt', 5], ['Ref:9/00000003', MiB]]), 4 * MiB, 'x.xva');
  assert.deepEqual(placed(map), [[2, 2 * MiB, MiB], [3, 3 * MiB, MiB]]);
  assert.deepEqual(map.findings.map((f) => [f.code, f.location.path]), [
    ['XVA_CHUNK_NAME', 'Ref:9/notes.txt'],
    ['XVA_CHUNK_ORDER', 'Ref:9/00000001'],
    ['XVA_CHECKSUM_MISSING', 'Ref:9/00000002'],
  ]);
});

test('with an unknown virtual size chunks are placed but none is judged past the end', () => {
  const map = chunkMap('Ref:9', members([['Ref:9/00000005', 10]]), undefined, 'x.xva');
  assert.deepEqual(placed(map), [[5, 5 * MiB, 10]]);
});

test('members are grouped by their folder; ova.xml and other root files belong to none', () => {
  const folders = chunkFolders(members([['ova.xml', 10], ['Ref:3/00000000', 1], ['Ref:5/00000000', 1], ['Ref:3/00000001', 1]]));
  assert.deepEqual([...folders].map(([ref, list]) => [ref, list.map((m) => m.name)]), [['Ref:3', ['Ref:3/00000000', 'Ref:3/00000001']], ['Ref:5', ['Ref:5/00000000']]]);
});
