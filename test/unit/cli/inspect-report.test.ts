import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeBootableDisk } from '../../fixtures/disks.ts';
import { cli } from '../../support/cli.ts';
import { corpusDir, corpusMissing, corpusPresent } from '../../support/corpus.ts';

async function qcow2Disk(): Promise<{ dir: string; disk: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'inspect-cli-'));
  const raw = join(dir, 'boot.raw');
  await writeBootableDisk(raw, 4 * 1024 * 1024);
  const disk = join(dir, 'boot.qcow2');
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, disk]);
  return { dir, disk };
}

test('inspect reads a disk image with the studio report: kind, virtual size and where it imports', async () => {
  const { disk } = await qcow2Disk();
  const run = await cli(['inspect', disk]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /\*\*Kind:\*\* QCOW2 disk image/);
  assert.match(run.stdout, /\*\*Total disk size:\*\* 4\.00 MiB/);
  assert.match(run.stdout, /\| KVM\/libvirt \|/);
  const json = await cli(['inspect', disk, '--json']);
  const report = JSON.parse(json.stdout) as { kind: string; disks: { virtualSize?: number }[] };
  assert.equal(report.kind, 'qcow2');
});

test('inspect --report html -o writes a self-contained report and nothing else', async () => {
  const { dir, disk } = await qcow2Disk();
  const before = readdirSync(dir).sort();
  const run = await cli(['inspect', disk, '--report', 'html', '-o', 'report.html'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'wrote report.html\n');
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /^<!doctype html>/i);
  assert.match(html, /boot\.qcow2/);
  assert.deepEqual(readdirSync(dir).sort(), [...before, 'report.html'].sort());
});

test('inspect rejects a bad report format and -o without --report as usage errors', async () => {
  const { disk } = await qcow2Disk();
  assert.equal((await cli(['inspect', disk, '--report', 'pdf'])).code, 2);
  assert.equal((await cli(['inspect', disk, '-o', 'x.html'])).code, 2);
});

test('inspect of an unreadable kind exits 3 naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'inspect-cli-'));
  const run = await cli(['inspect', join(dir, 'missing.vhd')]);
  assert.equal(run.code, 3);
  assert.match(run.stderr, /missing\.vhd/);
  assert.equal(existsSync(join(dir, 'missing.vhd')), false);
});

test('inspect of a signed OVA shows its members and signature, then what its descriptor describes', { skip: corpusPresent ? false : corpusMissing }, async () => {
  const ova = join(corpusDir, 'ova', 'cyberus-technology__virtualbox-kvm__src__VBox__ValidationKit__tests__api__tdAppliance1-t4.ova');
  const run = await cli(['inspect', ova]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /1 +512 +7\.89 KiB +descriptor +tdAppliance1-t4\.ovf/);
  assert.match(run.stdout, /Signature: valid, but NOT TRUSTED/);
  assert.match(run.stdout, /System vm "tdAppliance1-t4": 1 CPU, 1\.00 GiB/);
  assert.match(run.stdout, /vmdisk1 +60\.0 GiB +VMDK streamOptimized/);
});
