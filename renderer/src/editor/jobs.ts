// Runs one main-process job to its end as a promise, reporting progress on the way: for editor
// flows that wait for a result before they go on (bring in a disk, then put it in the form).
import type { Progress } from '../../../electron/common/progress.ts';
import { BridgeError, onJobEvent } from '../bridge.ts';

export function runJob<R>(start: Promise<{ jobId: string }>, onProgress?: (progress: Progress) => void): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let jobId: string | undefined;
    const early: Parameters<Parameters<typeof onJobEvent>[0]>[0][] = [];
    const handle = (event: (typeof early)[number]) => {
      if (event.type === 'progress') onProgress?.(event.progress);
      else {
        unsubscribe();
        if (event.type === 'done') resolve(event.result as R);
        else if (event.type === 'failed') reject(new BridgeError(event.problem));
        else reject(new BridgeError({ code: 'CANCELLED', kind: 'cancelled', message: 'cancelled' }));
      }
    };
    const unsubscribe = onJobEvent((event) => {
      if (jobId === undefined) early.push(event);
      else if (event.jobId === jobId) handle(event);
    });
    start.then(
      (started) => {
        jobId = started.jobId;
        for (const event of early) if (event.jobId === jobId) handle(event);
      },
      (error: unknown) => {
        unsubscribe();
        reject(error);
      },
    );
  });
}
