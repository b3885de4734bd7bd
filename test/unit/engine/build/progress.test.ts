// Build progress per target: a real two-target build of a generated project (one disk converted
// once for both), and the progress model alone on a clock the test drives.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { progressSchema, type Progress, type TargetProgress } from '../../../../electron/common/progress.ts';
import { buildProject } from '../../../../electron/engine/build/build.ts';
import { BuildProgress } from '../../../../electron/engine/build/progress.ts';
import { loadSigningIdentity, type SigningIdentity } from '../../../../electron/engine/trust/keys.ts';
import { mixedSegments, writeDisk } from '../../../fixtures/disks.ts';
import { testCa } from '../../../fixtures/test-ca.ts';
import { baseProject, writeProject } from '../targets/projects.ts';

const diskSize = 24 * 1024 * 1024;
let signer: SigningIdentity;

async function twoTargetProject() {
  const input = baseProject();
  input.systems[0]!.disks = [{ id: 'system', source: 'disks/system.raw', controller: 'scsi0', unit: 0 }];
  input.targets = [{ id: 'vmware-esxi' }, { id: 'kvm' }];
  const loaded = await writeProject(input);
  mkdirSync(join(loaded.dir, 'disks'));
  await writeDisk(join(loaded.dir, 'disks', 'system.raw'), mixedSegments(diskSize));
  return loaded;
}

before(async () => {
  const ca = await testCa();
  signer = await loadSigningIdentity({ keyPath: ca.rsaLeaf.keyPath, certPath: ca.rsaLeaf.certPath, chainPath: ca.rsaLeaf.chainPath });
});

const rows = (reports: readonly Progress[], target: string): TargetProgress[] => reports.map((r) => r.targets?.find((t) => t.target === target)).filter((t): t is TargetProgress => t !== undefined);

/** Phases in the order they were first seen, repeats folded. */
const phases = (list: readonly TargetProgress[]) => list.map((t) => t.phase).filter((phase, i, all) => i === 0 || all[i - 1] !== phase);

test('a signed two-target build reports each target monotonically up to its own total, the shared conversion counted for both', async () => {
  const loaded = await twoTargetProject();
  const reports: Progress[] = [];
  const { report } = await buildProject(loaded, { output: mkdtempSync(join(tmpdir(), 'progress-out-')), signer, onProgress: (p) => reports.push(p) });
  assert.deepEqual(report.targets.map((t) => t.target), ['vmware-esxi', 'kvm']);
  for (const progress of reports) assert.ok(progressSchema.safeParse(progress).success, JSON.stringify(progress));
  for (const target of ['vmware-esxi', 'kvm']) {
    const list = rows(reports, target);
    assert.equal(list.length, reports.length, `${target} is in every report`);
    for (const [i, row] of list.entries()) if (i > 0) assert.ok(row.bytesDone >= list[i - 1]!.bytesDone, `${target}: ${row.bytesDone} after ${list[i - 1]!.bytesDone}`);
    const last = list.at(-1)!;
    assert.equal(last.phase, 'done');
    assert.equal(last.bytesDone, last.bytesTotal, `${target} ends at its total`);
    assert.ok(last.bytesTotal >= diskSize, `${target} counts the whole conversion`);
    assert.ok(list.some((row) => row.phase !== 'done' && row.bytesDone > 0 && row.bytesDone < row.bytesTotal && row.etaSeconds !== undefined && row.rate > 0), `${target} shows a rate and an ETA on the way`);
    // The folder target signs its manifest; the OVA is signed by the packer once its bytes are in.
    assert.deepEqual(phases(list).filter((p) => p !== 'waiting'), ['converting', 'packaging', 'signing', 'done'], target);
  }
  // While the disk converts, both rows count the same bytes: the one read serves both targets.
  const converting = reports.filter((r) => r.targets?.every((t) => t.phase === 'converting'));
  assert.ok(converting.length > 0);
  for (const r of converting) assert.equal(r.targets![0]!.bytesDone, r.targets![1]!.bytesDone);
  // Overall counts the conversion once: the targets' totals together exceed it by one disk.
  const last = reports.at(-1)!;
  assert.equal(last.bytesDone, last.bytesTotal);
  assert.equal(last.targets![0]!.bytesTotal + last.targets![1]!.bytesTotal - last.bytesTotal, diskSize);
});

test('cancelling mid-conversion still leaves nothing in the output folder', async () => {
  const loaded = await twoTargetProject();
  const output = mkdtempSync(join(tmpdir(), 'progress-cancel-'));
  const controller = new AbortController();
  const seen: Progress[] = [];
  const building = buildProject(loaded, {
    output,
    signal: controller.signal,
    onProgress: (p) => {
      seen.push(p);
      if (p.targets?.some((t) => t.phase === 'converting' && t.bytesDone > 0)) controller.abort();
    },
  });
  await assert.rejects(building, (error: unknown) => (error as { code?: string }).code === 'CANCELLED');
  assert.deepEqual(readdirSync(output), []);
  assert.ok(seen.every((p) => p.targets?.every((t) => t.phase !== 'failed')), 'a cancel is not a failure');
});

test('the model: rate and ETA per target from its own start, phases in order, a failure marks unfinished targets', () => {
  let now = 0;
  const reports: Progress[] = [];
  const progress = new BuildProgress(
    [
      { id: 'a', title: 'A', packagingEstimate: 100 },
      { id: 'b', title: 'B', packagingEstimate: 0 },
    ],
    (p) => reports.push(p),
    () => now,
  );
  progress.addConversion('vm/disk', 1000, ['a', 'b']);
  now = 1000;
  progress.converting('vm/disk', { bytesDone: 0, bytesTotal: 1000, rate: 0 });
  now = 2000;
  progress.converting('vm/disk', { bytesDone: 500, bytesTotal: 1000, rate: 0 });
  const half = reports.at(-1)!;
  assert.deepEqual(
    half.targets!.map(({ target, phase, bytesDone, bytesTotal, rate, etaSeconds }) => ({ target, phase, bytesDone, bytesTotal, rate, etaSeconds })),
    [
      { target: 'a', phase: 'converting', bytesDone: 500, bytesTotal: 1100, rate: 500, etaSeconds: 1.2 },
      { target: 'b', phase: 'converting', bytesDone: 500, bytesTotal: 1000, rate: 500, etaSeconds: 1 },
    ],
  );
  // Overall: the conversion once plus A's expected packaging, over two seconds since the start.
  assert.deepEqual([half.bytesDone, half.bytesTotal, half.rate], [500, 1100, 250]);
  // Reports within 100 ms that change no phase are dropped.
  now = 2050;
  progress.converting('vm/disk', { bytesDone: 600, bytesTotal: 1000, rate: 0 });
  assert.equal(reports.at(-1), half);
  now = 3000;
  progress.converting('vm/disk', { bytesDone: 1000, bytesTotal: 1000, rate: 0 });
  progress.converted('vm/disk');
  assert.deepEqual(reports.at(-1)!.targets!.map((t) => t.phase), ['waiting', 'waiting']);
  progress.packaging('b');
  progress.done('b');
  // A's packager states its real total: it replaces the estimate.
  progress.packaging('a', { bytesDone: 10, bytesTotal: 40, rate: 0 });
  assert.deepEqual(reports.at(-1)!.targets!.map((t) => [t.phase, t.bytesDone, t.bytesTotal]), [
    ['packaging', 1010, 1040],
    ['done', 1000, 1000],
  ]);
  progress.fail();
  assert.deepEqual(reports.at(-1)!.targets!.map((t) => t.phase), ['failed', 'done']);
});

test('cancelling while both targets package leaves nothing, also once both packagers have stopped', async () => {
  const loaded = await twoTargetProject();
  const output = mkdtempSync(join(tmpdir(), 'progress-cancel-packaging-'));
  const controller = new AbortController();
  const building = buildProject(loaded, {
    output,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.targets?.every((t) => t.phase === 'packaging' || t.phase === 'signing' || t.phase === 'done')) controller.abort();
    },
  });
  await assert.rejects(building, (error: unknown) => (error as { code?: string }).code === 'CANCELLED');
  assert.deepEqual(readdirSync(output), []);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(readdirSync(output), [], 'no packager wrote after the cleanup');
});
