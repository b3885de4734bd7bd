// GNU tar is the oracle for our tar writing and reading: it must list every OVA we write in the
// right order and extract identical bytes, and our index must read what GNU tar writes in each of
// its formats.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { USTAR_MAX_SIZE } from '../../../electron/engine/package/tar-header.ts';
import { indexTar } from '../../../electron/engine/package/tar-index.ts';
import { layoutTar, memberHeader } from '../../../electron/engine/package/tar-writer.ts';
import { packPackage } from '../../../electron/engine/package/pack.ts';
import { verifyPackage } from '../../../electron/engine/package/verify.ts';
import { loadSigningIdentity } from '../../../electron/engine/trust/keys.ts';
import { testCa } from '../../fixtures/test-ca.ts';
import { makeApplianceFolder, pattern } from '../../unit/engine/package/appliance-folder.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'gnu-tar-'));
const tar = (...args: string[]) => execFileSync('tar', args, { encoding: 'utf8' });

test('GNU tar lists a signed OVA we wrote in the right order and extracts identical bytes', async () => {
  const ca = await testCa();
  const dir = fresh();
  const files = [
    { href: 'app-disk1.vmdk', data: pattern(100_000, 7) },
    { href: 'app-disk2.vmdk', data: pattern(1, 8) },
    { href: 'app.iso', data: pattern(1024, 9) },
  ];
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'app', files);
  const signer = await loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath, chainPath: ca.rsaLeaf.chainPath });
  const { output } = await packPackage(descriptor, { output: join(dir, 'app.ova'), signer, mtime: 1_700_000_000 });
  const listing = execFileSync('tar', ['tvf', output, '--utc'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } }).trim().split('\n');
  assert.deepEqual(listing.map((line) => line.split(/\s+/).at(-1)), ['app.ovf', 'app.mf', 'app.cert', 'app-disk1.vmdk', 'app-disk2.vmdk', 'app.iso']);
  for (const line of listing) assert.match(line, /^-rw-r--r-- root\/root +\d+ 2023-11-14 22:13 /);
  mkdirSync(join(dir, 'x'));
  tar('xf', output, '-C', join(dir, 'x'));
  for (const file of files) assert.ok(readFileSync(join(dir, 'x', file.href)).equals(file.data), file.href);
  assert.ok(readFileSync(join(dir, 'x', 'app.ovf')).equals(readFileSync(descriptor)));
});

test('GNU tar reads the base-256 size header we write for a member of 8 GiB', async () => {
  // The header alone decides this, so the archive is our headers around a sparse 8 GiB hole:
  // nothing is hashed or copied, and GNU tar still has to walk past the member to list the next.
  const dir = fresh();
  const size = USTAR_MAX_SIZE + 1;
  const layout = layoutTar([{ name: 'huge.ovf', size: 3 }, { name: 'huge-disk1.vmdk', size }, { name: 'after.txt', size: 2 }]);
  const fd = openSync(join(dir, 'huge.ova'), 'w');
  const [ovf, disk, after] = layout.entries;
  writeSync(fd, memberHeader(ovf!, { mtime: 0 }), 0, 512, ovf!.headerOffset);
  writeSync(fd, Buffer.from('xyz'), 0, 3, ovf!.dataOffset);
  writeSync(fd, memberHeader(disk!, { mtime: 0 }), 0, 512, disk!.headerOffset);
  writeSync(fd, memberHeader(after!, { mtime: 0 }), 0, 512, after!.headerOffset);
  writeSync(fd, Buffer.from('ok'), 0, 2, after!.dataOffset);
  ftruncateSync(fd, layout.totalSize);
  closeSync(fd);
  const listing = tar('tvf', join(dir, 'huge.ova')).trim().split('\n');
  assert.equal(listing.length, 3);
  assert.match(listing[1]!, new RegExp(`\\s${size}\\s.*huge-disk1\\.vmdk$`));
  assert.match(listing[2]!, /\s2\s.*after\.txt$/);
  assert.equal(tar('xOf', join(dir, 'huge.ova'), 'after.txt'), 'ok');
  const index = await indexTar(join(dir, 'huge.ova'));
  assert.deepEqual(index.members.map((m) => [m.name, m.size, m.magic]), [['huge.ovf', 3, 'ustar'], ['huge-disk1.vmdk', size, 'gnu'], ['after.txt', 2, 'ustar']]);
});

for (const format of ['ustar', 'gnu', 'pax', 'v7'] as const) {
  test(`our index reads what GNU tar writes in --format=${format}, long names included`, async () => {
    const dir = fresh();
    const longName = format === 'ustar' || format === 'v7' ? 'short-name.vmdk' : `${'long-'.repeat(30)}disk.vmdk`;
    writeFileSync(join(dir, 'a.ovf'), 'descriptor');
    writeFileSync(join(dir, longName), pattern(5000));
    tar('cf', join(dir, 'x.ova'), `--format=${format}`, '-C', dir, 'a.ovf', longName);
    const index = await indexTar(join(dir, 'x.ova'));
    assert.deepEqual(index.members.map((m) => [m.name, m.size]), [['a.ovf', 10], [longName, 5000]]);
    const bytes = readFileSync(join(dir, 'x.ova'));
    const member = index.members[1]!;
    assert.ok(bytes.subarray(member.offset, member.offset + member.size).equals(pattern(5000)));
  });
}

test('an OVA GNU tar builds from a folder package verifies like the folder', async () => {
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'g', [{ href: 'g.vmdk', data: pattern(4096) }]);
  await packPackage(descriptor, { output: join(dir, 'folder') });
  tar('cf', join(dir, 'g.ova'), '--format=gnu', '-C', join(dir, 'folder'), 'g.ovf', 'g.mf', 'g.vmdk');
  const result = await verifyPackage(join(dir, 'g.ova'), { trust: { system: false, home: dir } });
  assert.equal(result.ok, true);
  assert.deepEqual(result.files.map((f) => f.status), ['ok', 'ok']);
});
