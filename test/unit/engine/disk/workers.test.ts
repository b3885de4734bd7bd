// The deflate pool stops cleanly: closing it while grains are being deflated (a cancelled
// conversion) waits for the workers to answer, rejects the waiting callers, and never aborts the
// process (terminating a worker inside deflateSync does, in Node's zlib cleanup).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeflatePool } from '../../../../electron/engine/disk/workers.ts';
import { randomBytesFor, textBytesFor } from '../../../fixtures/disks.ts';

test('closing the pool in the middle of deflating, again and again, rejects the callers and leaves the process alive', async () => {
  // Tiny grains: the time goes into making zlib handles, the moment a terminate used to abort on.
  const grains = Array.from({ length: 1000 }, (_, i) => randomBytesFor(i, 64));
  for (let round = 0; round < 12; round++) {
    const pool = new DeflatePool(2);
    const work = Array.from({ length: 4 }, () => pool.deflate(grains, 1));
    // Let the first requests reach the workers, so some are inside zlib when close() comes.
    await work[0];
    const results = Promise.allSettled(work);
    await pool.close();
    const settled = await results;
    assert.ok(settled.every((r) => r.status === 'fulfilled' || /the job ended/.test(String((r.reason as Error).message))), `round ${round}`);
    assert.ok(settled.some((r) => r.status === 'rejected'), `round ${round}: some requests were still waiting`);
  }
});

test('a deflated grain inflates back to the grain', async () => {
  const pool = new DeflatePool(1);
  try {
    const grain = textBytesFor(4, 65536);
    const [deflated] = await pool.deflate([grain], 1);
    const { inflateSync } = await import('node:zlib');
    assert.ok(inflateSync(deflated!).equals(grain));
  } finally {
    await pool.close();
  }
});
