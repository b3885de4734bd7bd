// Walks the real packages in ../shared/corpus: every OVA and package folder must inspect and
// verify with the result its INDEX.tsv notes describe, every manifest must parse to the entry
// count and algorithms the index lists, and the signed VirtualBox t4 packages must verify as
// valid-but-untrusted until their self-signed certificate is trusted.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseManifest } from '../../electron/engine/package/manifest.ts';
import { inspectPackage } from '../../electron/engine/package/inspect-package.ts';
import { verifyPackage, type FileStatus } from '../../electron/engine/package/verify.ts';
import { parseCertFile } from '../../electron/engine/trust/cert-file.ts';
import { makeStore } from '../../electron/engine/trust/trust-store.ts';
import { corpusDir as corpus, corpusMissing } from '../support/corpus.ts';

const present = existsSync(join(corpus, 'INDEX.tsv'));
const skip = present ? false : corpusMissing;

interface IndexRow {
  readonly category: string;
  readonly file: string;
  readonly notes: string;
}

function indexRows(): IndexRow[] {
  return readFileSync(join(corpus, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .map((cells) => ({ category: cells[0]!, file: cells[1]!, notes: cells[8] ?? '' }));
}

/**
 * What each package must give. ovftool 4.0 manifests leave the descriptor out (INDEX: "no .ovf
 * entry"). govmomi's ttylinux disk is the corpus README's known truncated file: 1 MiB where the
 * descriptor declares ovf:size="10595840" (its manifest digest was made after the cut), so it
 * fails as wrong-size although every digest matches.
 */
const expected: Record<string, { files: Record<string, FileStatus>; signature: string; ok?: false }> = {
  't1.ova': { files: { 'tdAppliance1-t1.ovf': 'unlisted' }, signature: 'absent' },
  't2-ovftool-4.1.0.ova': { files: { 'tdAppliance1-t2-ovftool-4.1.0.ovf': 'ok', 'tdAppliance1-t2-ovftool-4.1.0-disk1.vmdk': 'ok' }, signature: 'absent' },
  't2.ova': { files: { 'tdAppliance1-t2.ovf': 'unlisted', 'tdAppliance1-t2-disk1.vmdk': 'ok' }, signature: 'absent' },
  't3-ovftool-4.1.0.ova': { files: { 'tdAppliance1-t3-ovftool-4.1.0.ovf': 'ok', 'tdAppliance1-t3-ovftool-4.1.0-disk1.vmdk.gz': 'ok' }, signature: 'absent' },
  't3.ova': { files: { 'tdAppliance1-t3.ovf': 'unlisted', 'tdAppliance1-t3-disk1.vmdk.gz': 'ok' }, signature: 'absent' },
  't4-ovftool-4.1.0.ova': { files: { 'tdAppliance1-t4-ovftool-4.1.0.ovf': 'ok', 'tdAppliance1-t4-ovftool-4.1.0-disk1.vmdk.gz': 'ok', 'tdAppliance1-t4-ovftool-4.1.0-disk2.vmdk.gz': 'ok' }, signature: 'untrusted' },
  't4.ova': { files: { 'tdAppliance1-t4.ovf': 'unlisted', 'tdAppliance1-t4-disk1.vmdk.gz': 'ok', 'tdAppliance1-t4-disk2.vmdk.gz': 'ok' }, signature: 'untrusted' },
  't7-bad-instance.ova': { files: { 'tdAppliance1-t7-bad-instance.ovf': 'ok', 'tdAppliance1-t7-bad-instance-disk1.vmdk': 'ok', 'readme.txt': 'ok' }, signature: 'absent' },
  'ttylinux-pc_i486-16.1.ova': { files: { 'ttylinux-pc_i486-16.1.ovf': 'ok', 'ttylinux-pc_i486-16.1-disk1.vmdk': 'wrong-size' }, signature: 'absent', ok: false },
  glennmatthews__cot__input: { files: { 'input.ovf': 'ok', 'input.vmdk': 'ok', 'input.iso': 'ok', 'sample_cfg.txt': 'ok' }, signature: 'absent' },
  'glennmatthews__cot__ubuntu.2.0': { files: { 'ubuntu.2.0.ovf': 'ok', 'ubuntu.2.0-disk1.vmdk': 'ok' }, signature: 'absent' },
  vmware__govmomi__ttylinux: { files: { 'ttylinux-pc_i486-16.1.ovf': 'ok', 'ttylinux-pc_i486-16.1-disk1.vmdk': 'wrong-size' }, signature: 'absent', ok: false },
};

function expectationFor(path: string) {
  const name = path.split('/').at(-1)!;
  const key = Object.keys(expected).find((k) => name === k || name.endsWith(`-${k}`) || name.endsWith(`_${k}`));
  return key ? expected[key] : undefined;
}

test('every corpus OVA and package folder inspects and verifies with the expected result', { skip }, async (t) => {
  const packages = [...readdirSync(join(corpus, 'ova')).map((n) => join(corpus, 'ova', n)), ...readdirSync(join(corpus, 'packages')).map((n) => join(corpus, 'packages', n))];
  const store = makeStore([]);
  let checked = 0;
  for (const path of packages) {
    const want = expectationFor(path);
    assert.ok(want, `no expectation written for ${path}: add one from its INDEX.tsv notes`);
    const structure = await inspectPackage(path, { trustStore: store });
    assert.equal(structure.signature.status, want.signature, path);
    assert.deepEqual(structure.missing, [], path);
    if (structure.kind === 'ova') assert.deepEqual(structure.orderNotes, [], path);
    const result = await verifyPackage(path, { trustStore: store });
    assert.deepEqual(Object.fromEntries(result.files.map((f) => [f.name, f.status])), want.files, path);
    assert.equal(result.signature.status, want.signature, path);
    assert.equal(result.ok, want.ok ?? true, path);
    for (const file of result.files) if (file.expected) assert.equal(file.actual, file.expected, `${path}: ${file.name}`);
    checked += 1;
  }
  assert.equal(checked, packages.length);
  t.diagnostic(`${checked} corpus packages inspected and verified`);
});

test('the signed VirtualBox t4 packages verify as trusted once their self-signed certificate is trusted', { skip }, async () => {
  const pem = join(corpus, 'cert', 'cyberus-technology__virtualbox-kvm__src__VBox__ValidationKit__tests__api__tdAppliance1-t4.pem');
  for (const name of readdirSync(join(corpus, 'ova')).filter((n) => n.includes('-t4'))) {
    const result = await verifyPackage(join(corpus, 'ova', name), { trust: { system: false, home: mkdtempSync(join(tmpdir(), 'corpus-home-')), extra: [pem] } });
    assert.equal(result.signature.status, 'trusted', result.signature.message);
    assert.equal(result.signature.algorithm, 'sha1');
    assert.match(result.signature.signer?.subject ?? '', /^CN=beispiel\.example\.org/);
    assert.ok(result.signature.signer?.selfSigned);
  }
});

test('every corpus manifest parses to the entries and algorithms INDEX.tsv lists', { skip }, () => {
  const rows = indexRows().filter((r) => r.category === 'mf');
  assert.ok(rows.length >= 10);
  for (const row of rows) {
    const manifest = parseManifest(readFileSync(join(corpus, row.file)), row.file);
    const count = /(\d+) entries, algs=([A-Z0-9,]*)/.exec(row.notes);
    assert.ok(count, `INDEX notes of ${row.file} give no entry count`);
    assert.equal(manifest.entries.length, Number(count[1]), row.file);
    assert.deepEqual(manifest.algorithms.map((a) => a.toUpperCase()).join(','), count[2], row.file);
    if (/space before "\("/.test(row.notes)) assert.equal(manifest.dialect, 'lenient', row.file);
  }
});

test('every corpus .cert parses: signature algorithm and length, and the subject INDEX.tsv lists', { skip }, () => {
  const rows = indexRows().filter((r) => r.category === 'cert' && r.file.endsWith('.cert'));
  assert.ok(rows.length >= 2);
  for (const row of rows) {
    const cert = parseCertFile(readFileSync(join(corpus, row.file)), row.file);
    const line = /signature line (SHA\d+)\(([^)]+)\), (\d+)-byte sig/.exec(row.notes)!;
    assert.equal(cert.signature.algorithm.toUpperCase(), line[1]);
    assert.equal(cert.signature.manifestName, line[2]);
    assert.equal(cert.signature.signature.length, Number(line[3]));
    assert.match(cert.certificates[0]!.subject, /CN=beispiel\.example\.org/);
  }
});

test('VirtualBox\'s t4 key (certificate and key in one PEM) re-signs a corpus OVA that then verifies as trusted', { skip }, async () => {
  const { copyFileSync } = await import('node:fs');
  const { loadSigningIdentity } = await import('../../electron/engine/trust/keys.ts');
  const { signPackage } = await import('../../electron/engine/package/resign.ts');
  const pem = join(corpus, 'cert', 'cyberus-technology__virtualbox-kvm__src__VBox__ValidationKit__tests__api__tdAppliance1-t4.pem');
  const dir = mkdtempSync(join(tmpdir(), 'corpus-sign-'));
  const copy = join(dir, 't2.ova');
  copyFileSync(join(corpus, 'ova', 'cyberus-technology__virtualbox-kvm__src__VBox__ValidationKit__tests__api__tdAppliance1-t2-ovftool-4.1.0.ova'), copy);
  const result = await signPackage(copy, await loadSigningIdentity({ keyPath: pem }), { algorithm: 'sha256' });
  assert.equal(result.placement, 'appended');
  const verified = await verifyPackage(copy, { trust: { system: false, home: dir, extra: [pem] } });
  assert.equal(verified.signature.status, 'trusted', verified.signature.message);
  assert.equal(verified.ok, true);
});

test('our tar index lists every corpus OVA exactly as GNU tar does (names, sizes, order)', { skip }, async () => {
  const { execFileSync } = await import('node:child_process');
  const { indexTar } = await import('../../electron/engine/package/tar-index.ts');
  for (const name of readdirSync(join(corpus, 'ova'))) {
    const path = join(corpus, 'ova', name);
    const gnu = execFileSync('tar', ['tvf', path], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/))
      .map((cells) => [cells.at(-1), Number(cells[2])]);
    const ours = (await indexTar(path)).members.map((m) => [m.name, m.size]);
    assert.deepEqual(ours, gnu, name);
  }
});
