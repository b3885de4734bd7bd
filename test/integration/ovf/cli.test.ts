// `appliance inspect` and `appliance validate` on descriptors our tests write: in process through
// runCli, and once through the built binary, as a user runs it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cli } from '../../support/cli.ts';
import { sampleDescriptor, variant } from '../../unit/engine/ovf/fixture.ts';
import { corpusDir, corpusMissing, corpusPresent } from '../../support/corpus.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ovf-cli-'));
const write = (name: string, text: string | Buffer) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const good = write('good.ovf', sampleDescriptor);
const broken = write('broken.ovf', variant(['ovf:fileRef="file1"', 'ovf:fileRef="file9"']));

test('inspect prints product, hardware table, disks, networks, properties, options, EULA and findings', async () => {
  const run = await cli(['inspect', good], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  for (const expected of [
    'good.ovf: OVF 1.x descriptor (ovf:version 1.0), VirtualSystem',
    'Product: Acme Router 2.1 by Acme & Sons',
    'System acme-router "Acme Router": 2 CPU, 2.00 GiB, OS otherLinux64Guest / Linux 64-bit / CIM 101, hardware vmx-13',
    '4   Disk Drive',
    'vmdisk1  8.00 GiB  VMDK streamOptimized  acme-disk1.vmdk (1.00 MiB)',
    'Networks: VM Network',
    'com.acme.hostname.1  string  "router1"  configurable',
    'Deployment options: small (default), large',
    'EULA: 1 license to accept',
    'Findings: 0 error(s), 0 warning(s), 0 note(s)',
  ]) {
    assert.ok(run.stdout.includes(expected), `missing: ${expected}\n${run.stdout}`);
  }
});

test('inspect --json gives the summary and the findings', async () => {
  const run = await cli(['inspect', broken, '--json'], { cwd: dir });
  assert.equal(run.code, 0);
  const json = JSON.parse(run.stdout);
  assert.equal(json.kind, 'ovf');
  assert.equal(json.summary.systems[0].memoryBytes, 2 * 2 ** 30);
  assert.deepEqual(json.counts, { error: 1, warning: 1, info: 0 });
  assert.equal(json.findings[0].code, 'OVF_DISK_FILEREF_MISSING');
});

test('validate exits 0 on a clean descriptor and 1 with the findings on a broken one', async () => {
  const clean = await cli(['validate', good], { cwd: dir });
  assert.deepEqual([clean.code, clean.stdout], [0, 'good.ovf: 0 error(s), 0 warning(s), 0 note(s)\n']);
  const bad = await cli(['validate', broken], { cwd: dir });
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^error: broken\.ovf, line 10, \/Envelope\/DiskSection\/Disk: Disk "vmdisk1" refers to File "file9", which References does not list \[OVF_DISK_FILEREF_MISSING\]$/m);
  const json = JSON.parse((await cli(['validate', broken, '--json'], { cwd: dir })).stdout);
  assert.equal(json.valid, false);
});

test('unreadable input exits 3 with a message naming the file and the reason', async () => {
  const dtd = write('dtd.ovf', `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "/etc/passwd">]>\n<Envelope>&e;</Envelope>`);
  const run = await cli(['validate', dtd], { cwd: dir });
  assert.equal(run.code, 3);
  assert.match(run.stderr, /dtd\.ovf, line 2: the descriptor contains a DOCTYPE declaration.*\[OVF_XML_DTD_REFUSED\]/);
  const missing = await cli(['inspect', 'nothing.ovf'], { cwd: dir });
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /nothing\.ovf: no such file or folder/);
  const big = await cli(['validate', good, '--max-bytes', '1000'], { cwd: dir });
  assert.equal(big.code, 3);
  assert.match(big.stderr, /more than the limit of 1000 bytes; .*\[OVF_TOO_LARGE\]/);
  const usage = await cli(['validate', good, '--max-bytes', 'lots'], { cwd: dir });
  assert.equal(usage.code, 2);
});

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

test('validate --schema runs the DMTF schema through xmllint', { skip: !corpusPresent ? corpusMissing : !hasXmllint ? 'xmllint is not installed' : false }, async () => {
  const schema = join(corpusDir, 'xsd-sets');
  const clean = await cli(['validate', good, '--schema', schema], { cwd: dir });
  assert.deepEqual([clean.code, clean.stdout], [0, 'good.ovf: 0 error(s), 0 warning(s), 0 note(s), DMTF schema checked\n']);
  const invalid = write('colour.ovf', variant(['<Version>2.1</Version>', '<Version>2.1</Version><Colour>red</Colour>']));
  const run = await cli(['validate', invalid, '--schema', schema, '--json'], { cwd: dir });
  assert.equal(run.code, 1);
  assert.ok(JSON.parse(run.stdout).findings.some((f: { code: string }) => f.code === 'OVF_SCHEMA_INVALID'));
});

test('the built binary validates and inspects with the same exit codes', () => {
  execFileSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
  const binary = join(root, 'dist/cli/appliance.js');
  const ok = spawnSync(process.execPath, [binary, 'validate', good], { cwd: dir, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const bad = spawnSync(process.execPath, [binary, 'validate', broken], { cwd: dir, encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /OVF_DISK_FILEREF_MISSING/);
  const inspect = spawnSync(process.execPath, [binary, 'inspect', good, '--json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(inspect.status, 0, inspect.stderr);
  assert.equal(JSON.parse(inspect.stdout).summary.product.name, 'Acme Router');
});
