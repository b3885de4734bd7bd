import { useEffect, useRef, useState } from 'react';
import { jobEventSchema, type JobEvent } from '../../electron/common/ipc.ts';
import type { Problem } from '../../electron/common/problem.ts';
import type { Progress } from '../../electron/common/progress.ts';
import { invoke, onJobEvent } from './bridge.ts';

export type JobState<R> =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly progress?: Progress }
  | { readonly status: 'done'; readonly result: R }
  /** `progress`: the last one reported, showing where the job stopped. */
  | { readonly status: 'failed'; readonly problem: Problem; readonly progress?: Progress }
  | { readonly status: 'cancelled' };

/**
 * Follows one job's events; `start` resolves to the job id (undefined: stay idle), `cancel` asks
 * the main process to stop it. A new `start` function starts a new job; unmounting cancels.
 */
export function useJob<R>(start: (() => Promise<{ jobId: string }>) | undefined): { state: JobState<R>; cancel: () => void } {
  const [state, setState] = useState<JobState<R>>({ status: 'idle' });
  const jobId = useRef<string>(undefined);

  useEffect(() => {
    if (!start) {
      setState({ status: 'idle' });
      return undefined;
    }
    let active = true;
    let finished = false;
    jobId.current = undefined;
    const buffered: JobEvent[] = [];
    const apply = (event: JobEvent) => {
      if (event.type === 'progress') setState({ status: 'running', progress: event.progress });
      else {
        finished = true;
        if (event.type === 'done') setState({ status: 'done', result: event.result as R });
        else if (event.type === 'failed') setState((last) => ({ status: 'failed', problem: event.problem, ...(last.status === 'running' && last.progress ? { progress: last.progress } : {}) }));
        else setState({ status: 'cancelled' });
      }
    };
    const unsubscribe = onJobEvent((received) => {
      const parsed = jobEventSchema.safeParse(received);
      if (!active || !parsed.success) return;
      const event: JobEvent = parsed.data;
      if (jobId.current === undefined) buffered.push(event);
      else if (event.jobId === jobId.current) apply(event);
    });
    setState({ status: 'running' });
    start()
      .then(({ jobId: id }) => {
        jobId.current = id;
        for (const event of buffered) if (event.jobId === id) apply(event);
      })
      .catch((error: unknown) => setState({ status: 'failed', problem: { code: 'START_FAILED', kind: 'internal', message: String(error) } }));
    return () => {
      active = false;
      unsubscribe();
      if (jobId.current && !finished) void invoke('job:cancel', { jobId: jobId.current });
    };
  }, [start]);

  return { state, cancel: () => void (jobId.current && invoke('job:cancel', { jobId: jobId.current })) };
}
