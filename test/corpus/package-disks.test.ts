// Every disk of every real package in ../shared/corpus (ova/ and packages/) is read in place by the
// disk engine: each one's container format is detected, none fails to read, none crashes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspectPath } from '../../electron/engine/inspect/inspect.ts';
import { corpusDir, corpusMissing } from '../support/corpus.ts';

const folders = ['ova', 'packages'].map((name) => join(corpusDir, name));
const skip = folders.every((folder) => existsSync(folder)) ? false : corpusMissing;

test('every disk member of the corpus packages is detected in place, with its virtual size, and none is unreadable', { skip }, async (t) => {
  const packages = folders.flatMap((folder) => readdirSync(folder).map((name) => join(folder, name)));
  let disks = 0;
  let compressed = 0;
  for (const path of packages) {
    const report = await inspectPath(path);
    assert.equal(report.problem, undefined, path);
    assert.deepEqual(report.findings.filter((f) => f.code === 'INSPECT_DISK_UNREADABLE'), [], path);
    for (const disk of report.disks.filter((d) => d.file)) {
      disks += 1;
      if (disk.details.read?.startsWith('compressed')) compressed += 1;
      assert.match(disk.details.read ?? '', /^(in place|compressed \(gzip\)|chunked)/, `${path}: ${disk.file}`);
      // The corpus holds streamOptimized VMDKs only; each one's header names it so.
      assert.equal(disk.format, 'VMDK streamOptimized', `${path}: ${disk.file}`);
      assert.ok((disk.virtualBytes ?? 0) > 0, `${path}: ${disk.file}`);
    }
  }
  t.diagnostic(`${packages.length} packages, ${disks} disks read in place (${compressed} gzip-compressed)`);
  assert.ok(packages.length >= 12 && disks >= 12, `${packages.length} packages, ${disks} disks`);
});

test("govmomi's truncated ttylinux disk still shows its MBR and ext3 partition, read from the grains that are there", { skip }, async () => {
  const report = await inspectPath(join(corpusDir, 'packages', 'vmware__govmomi__ttylinux'));
  const [disk] = report.disks;
  assert.equal(disk?.partitionTable, 'MBR');
  assert.deepEqual(disk?.partitions.map((p) => p.filesystem), ['ext3']);
  assert.match(disk?.details.warnings ?? '', /truncated at 1048576 bytes/);
});
