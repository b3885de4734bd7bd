// The terminal progress line of `appliance build`: what each target is doing, short enough for one line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TargetProgress } from '../../../../electron/common/progress.ts';
import { targetsLine } from '../../../../electron/cli/commands/build.ts';

const row = (target: string, phase: TargetProgress['phase'], bytesDone = 0, bytesTotal = 100, etaSeconds?: number): TargetProgress => ({ target, title: target, phase, bytesDone, bytesTotal, rate: 1, ...(etaSeconds !== undefined ? { etaSeconds } : {}) });
const line = (...targets: TargetProgress[]) => targetsLine({ bytesDone: 0, bytesTotal: 1, rate: 0, targets });

test('targets converting one shared disk are named together, or counted when there are many', () => {
  assert.equal(line(row('kvm', 'converting'), row('aws', 'converting')), 'build [converting for kvm, aws]');
  assert.equal(line(row('kvm', 'converting'), row('aws', 'converting'), row('gce', 'converting'), row('azure', 'waiting')), 'build [converting for 3 targets · 1 waiting]');
});

test('targets packaging show their own percentage and time left; signing, done, waiting and failed ones are summed up', () => {
  assert.equal(line(row('kvm', 'done', 100), row('aws', 'packaging', 42, 100, 75), row('gce', 'signing', 100), row('azure', 'waiting')), 'build [aws packaging 42% 1m15s · gce signing · 1 done · 1 waiting]');
  assert.equal(line(row('kvm', 'failed'), row('aws', 'done', 100)), 'build [1 done · 1 failed]');
  assert.equal(targetsLine({ bytesDone: 0, bytesTotal: 1, rate: 0 }), 'build');
});
