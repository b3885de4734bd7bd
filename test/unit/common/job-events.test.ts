// The schema the page parses every job event with: a build's per-target progress passes whole,
// fields other jobs add pass through, and malformed or hostile events are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobEventSchema } from '../../../electron/common/ipc.ts';

const row = { target: 'kvm', title: 'KVM/libvirt', phase: 'packaging', bytesDone: 10, bytesTotal: 40, rate: 5, etaSeconds: 6 };
const progress = (changes: Record<string, unknown> = {}) => ({ jobId: 'j1', type: 'progress', progress: { label: 'packaging kvm', bytesDone: 10, bytesTotal: 40, rate: 5, targets: [row], ...changes } });

test('a build progress event with its target rows parses unchanged, and fields another job adds pass through', () => {
  const event = progress({ lanes: 2 });
  // Compared as JSON, the form it crossed the bridge in (the parsed objects' prototypes differ).
  assert.equal(JSON.stringify(jobEventSchema.parse(event)), JSON.stringify(event));
});

test('every way a job ends parses: done with any result, failed with a problem of every kind, cancelled', () => {
  assert.ok(jobEventSchema.safeParse({ jobId: 'j1', type: 'done', result: { outDir: '/tmp/x' } }).success);
  for (const kind of ['check', 'usage', 'input', 'cancelled', 'internal']) {
    assert.ok(jobEventSchema.safeParse({ jobId: 'j1', type: 'failed', problem: { code: 'X', kind, message: 'm', location: { file: 'f', line: 3 } } }).success, kind);
  }
  assert.ok(jobEventSchema.safeParse({ jobId: 'j1', type: 'cancelled' }).success);
});

test('malformed events are refused: an unknown phase, negative or non-finite bytes, a missing total, an unknown type, a huge id', () => {
  const refused = [
    progress({ targets: [{ ...row, phase: 'exploding' }] }),
    progress({ targets: [{ ...row, bytesDone: -1 }] }),
    progress({ bytesDone: Number.POSITIVE_INFINITY }),
    progress({ rate: Number.NaN }),
    { jobId: 'j1', type: 'progress', progress: { bytesDone: 1, rate: 0 } },
    progress({ targets: Array.from({ length: 65 }, () => row) }),
    { jobId: 'j1', type: 'explode' },
    { jobId: 'x'.repeat(65), type: 'cancelled' },
    { jobId: 'j1', type: 'failed', problem: { code: 'X', kind: 'fatal', message: 'm' } },
  ];
  for (const event of refused) assert.equal(jobEventSchema.safeParse(event).success, false, JSON.stringify(event).slice(0, 120));
});
