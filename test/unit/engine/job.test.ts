import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Progress } from '../../../electron/common/progress.ts';
import { formatBytes, formatDuration, formatProgress } from '../../../electron/common/progress.ts';
import { ProgressMeter } from '../../../electron/engine/job.ts';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

test('the meter reports at most once per interval and always on flush', () => {
  const time = clock();
  const reports: Progress[] = [];
  const meter = new ProgressMeter(1000, (p) => reports.push(p), 100, time.now);
  meter.add(10);
  time.advance(10);
  meter.add(10);
  time.advance(10);
  meter.add(10);
  assert.equal(reports.length, 1);
  meter.flush();
  assert.equal(reports.length, 2);
  assert.equal(reports.at(-1)?.bytesDone, 30);
});

test('rate and ETA follow the bytes over time', () => {
  const time = clock();
  const reports: Progress[] = [];
  const meter = new ProgressMeter(10_000_000, (p) => reports.push(p), 100, time.now);
  for (let i = 0; i < 10; i += 1) {
    time.advance(200);
    meter.add(200_000); // 1 MB/s
  }
  const last = reports.at(-1);
  assert.ok(last && Math.abs(last.rate - 1_000_000) < 1, `rate ${last?.rate}`);
  assert.ok(last?.etaSeconds !== undefined && Math.abs(last.etaSeconds - 8) < 0.01, `eta ${last?.etaSeconds}`);
});

test('the first report has no ETA while the rate is unknown', () => {
  const reports: Progress[] = [];
  new ProgressMeter(100, (p) => reports.push(p), 100, () => 0).flush();
  assert.equal(reports[0]?.etaSeconds, undefined);
  assert.equal(reports[0]?.rate, 0);
});

test('sizes, durations and progress read like a person would write them', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.50 KiB');
  assert.equal(formatBytes(50 * 1024 ** 3), '50.0 GiB');
  assert.equal(formatBytes(8 * 1024 ** 4), '8.00 TiB');
  assert.equal(formatDuration(59.6), '1m00s');
  assert.equal(formatDuration(3725), '1h02m');
  assert.equal(formatProgress({ label: 'disk1.vmdk', bytesDone: 512 * 1024 ** 2, bytesTotal: 1024 ** 3, rate: 100 * 1024 ** 2, etaSeconds: 5.1 }), 'disk1.vmdk: 50% (512 MiB of 1.00 GiB, 100 MiB/s, 5s left)');
});
