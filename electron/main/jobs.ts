// Runs long engine jobs for the renderer: each gets an id and an AbortController, reports
// progress (throttled by the engine's ProgressMeter) and ends with exactly one terminal event.
import { randomUUID } from 'node:crypto';
import type { JobEvent } from '../common/ipc.ts';
import type { Progress } from '../common/progress.ts';
import { isEngineError } from '../engine/errors.ts';

export type JobBody<R> = (context: { signal: AbortSignal; onProgress: (progress: Progress) => void }) => Promise<R>;

export class JobRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly emit: (event: JobEvent) => void) {}

  start<R>(body: JobBody<R>): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const onProgress = (progress: Progress) => this.emit({ jobId, type: 'progress', progress });
    // Deferred so the caller receives the id before the first event.
    setImmediate(() => {
      body({ signal: controller.signal, onProgress })
        .then((result) => this.emit({ jobId, type: 'done', result }))
        .catch((error: unknown) => {
          if (controller.signal.aborted) this.emit({ jobId, type: 'cancelled' });
          else if (isEngineError(error)) this.emit({ jobId, type: 'failed', problem: error.toProblem() });
          else this.emit({ jobId, type: 'failed', problem: { code: 'INTERNAL', kind: 'internal', message: error instanceof Error ? error.message : String(error) } });
        })
        .finally(() => this.running.delete(jobId));
    });
    return jobId;
  }

  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
