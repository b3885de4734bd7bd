// Every long operation (verify, convert, build) is a job: it takes an AbortSignal and reports
// Progress through a callback. ProgressMeter turns byte counts into a smoothed rate and an ETA and
// throttles reports so a fast loop does not flood the IPC channel or the terminal.
import type { Progress } from '../common/progress.ts';
import { cancelledError } from './errors.ts';

export interface JobContext {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelledError(what);
}

export class ProgressMeter {
  private bytesDone = 0;
  private rate = 0;
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private lastSampleAt: number;
  private lastSampleBytes = 0;
  private label: string | undefined;

  constructor(
    private readonly bytesTotal: number,
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastSampleAt = now();
  }

  setLabel(label: string): void {
    this.label = label;
  }

  /** Count `bytes` more as done; reports at most once per interval. */
  add(bytes: number): void {
    this.bytesDone += bytes;
    const t = this.now();
    if (t - this.lastReportAt >= this.intervalMs) this.report(t);
  }

  /** Report now, whatever the interval (call at the end of each file or job). */
  flush(): void {
    this.report(this.now());
  }

  snapshot(): Progress {
    const remaining = Math.max(0, this.bytesTotal - this.bytesDone);
    const progress: Progress = {
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      rate: this.rate,
      ...(this.rate > 0 ? { etaSeconds: remaining / this.rate } : {}),
      ...(this.label ? { label: this.label } : {}),
    };
    return progress;
  }

  private report(t: number): void {
    const elapsed = (t - this.lastSampleAt) / 1000;
    if (elapsed > 0.05) {
      const instant = (this.bytesDone - this.lastSampleBytes) / elapsed;
      // Exponential smoothing keeps the ETA from jumping with every buffer.
      this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant;
      this.lastSampleAt = t;
      this.lastSampleBytes = this.bytesDone;
    }
    this.lastReportAt = t;
    this.onProgress?.(this.snapshot());
  }
}
