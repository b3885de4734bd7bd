// The conversion job: progress, cancellation and failure leave no output and never touch the source.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Progress } from '../../../../electron/common/progress.ts';
import { convertDisk } from '../../../../electron/engine/disk/index.ts';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { mixedSegments, writeDisk } from '../../../fixtures/disks.ts';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'disk-job-'));
  const source = await writeDisk(join(dir, 'source.img'), mixedSegments(48 * 1024 * 1024));
  return { dir, source };
}

test('progress counts every byte of the source once and ends at the total', async () => {
  const { dir, source } = await fixture();
  const reports: Progress[] = [];
  const [result] = await convertDisk(source.path, [{ path: join(dir, 'out.qcow2'), format: 'qcow2' }], { onProgress: (p) => reports.push(p) });
  assert.equal(reports.at(-1)?.bytesDone, source.size);
  assert.equal(reports.at(-1)?.bytesTotal, source.size);
  assert.ok(reports.every((p, i) => i === 0 || p.bytesDone >= reports[i - 1]!.bytesDone));
  assert.equal(result!.sha256, sha256(result!.path));
});

test('cancelling mid-way removes every output, partial or not, and leaves the source as it was', async () => {
  const { dir, source } = await fixture();
  const controller = new AbortController();
  const outputs = (['vmdk', 'vhd', 'vhdx', 'qcow2', 'raw'] as const).map((format) => ({ path: join(dir, `out.${format}`), format }));
  await assert.rejects(
    convertDisk(source.path, outputs, { signal: controller.signal, onProgress: (p) => p.bytesDone > 8 * 1024 * 1024 && controller.abort() }),
    (e: unknown) => e instanceof EngineError && e.code === 'CANCELLED' && e.kind === 'cancelled',
  );
  assert.deepEqual(readdirSync(dir), ['source.img']);
  assert.equal(sha256(source.path), source.sha256);
});

test('a failing output (its folder does not exist) fails the job and leaves no other output behind', async () => {
  const { dir, source } = await fixture();
  await assert.rejects(
    convertDisk(source.path, [
      { path: join(dir, 'good.vmdk'), format: 'vmdk' },
      { path: join(dir, 'missing', 'bad.vhd'), format: 'vhd' },
    ]),
    (e: unknown) => e instanceof EngineError && e.code === 'FILE_ENOENT',
  );
  assert.deepEqual(readdirSync(dir), ['source.img']);
});

test('an output that is the source, or one named twice, is a usage error before anything is written', async () => {
  const { dir, source } = await fixture();
  await assert.rejects(convertDisk(source.path, [{ path: source.path, format: 'raw' }]), (e: unknown) => e instanceof EngineError && e.kind === 'usage' && /source itself/.test(e.message));
  const twice = join(dir, 'x.vmdk');
  await assert.rejects(convertDisk(source.path, [{ path: twice, format: 'vmdk' }, { path: twice, format: 'vmdk' }]), (e: unknown) => e instanceof EngineError && /named twice/.test(e.message));
  await assert.rejects(convertDisk(source.path, []), (e: unknown) => e instanceof EngineError && e.kind === 'usage');
  assert.deepEqual(readdirSync(dir), ['source.img']);
});

test('a missing source is an input error naming the file', async () => {
  const { dir } = await fixture();
  await assert.rejects(convertDisk(join(dir, 'nope.img'), [{ path: join(dir, 'o.raw'), format: 'raw' }]), (e: unknown) => e instanceof EngineError && e.code === 'FILE_ENOENT' && e.location?.file === join(dir, 'nope.img'));
});

test('a capacity below the source is refused before anything is written, naming both sizes', async () => {
  const { dir, source } = await fixture();
  await assert.rejects(
    convertDisk(source.path, [{ path: join(dir, 'small.qcow2'), format: 'qcow2', capacity: source.size - 65536 }]),
    (e: unknown) => e instanceof EngineError && e.kind === 'usage' && e.message.includes(`${source.size - 65536} bytes is smaller than the ${source.size} bytes`) && e.message.includes('cannot shrink'),
  );
  assert.deepEqual(readdirSync(dir), ['source.img']);
});
