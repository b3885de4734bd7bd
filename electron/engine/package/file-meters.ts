// Progress per file of a verification: each file being hashed has its own meter (bytes, rate, ETA),
// so the two lanes hashing in parallel each show their own file; a finished file is reported once
// more with its verdict, then dropped, so a report stays a few rows long whatever the package holds.
import type { FileProgress } from '../../common/progress.ts';
import { ProgressMeter } from '../job.ts';
import type { PackageFile } from './package-source.ts';

/** Finished files carried by one report at most (many tiny files can end between two reports). */
const MAX_FINISHED_PER_REPORT = 32;

interface Hashing {
  readonly name: string;
  readonly meter: ProgressMeter;
}

export class FileMeters {
  private readonly active = new Map<number, Hashing>();
  private finished: FileProgress[] = [];

  constructor(
    private readonly jobs: readonly { readonly file: PackageFile; readonly name: string }[],
    private readonly verdictOf: (index: number, digest: string) => FileProgress['verdict'],
  ) {}

  /** Counts `bytes` of job `index` (the first call starts its meter). */
  add(index: number, bytes: number): void {
    const current = this.active.get(index);
    if (current) return current.meter.add(bytes);
    const job = this.jobs[index]!;
    const meter = new ProgressMeter(job.file.size, undefined);
    meter.add(bytes);
    this.active.set(index, { name: job.name, meter });
  }

  finish(index: number, digest: string): void {
    const hashing = this.active.get(index);
    if (!hashing) return;
    this.active.delete(index);
    const verdict = this.verdictOf(index, digest);
    this.finished.push({ ...row(hashing), bytesDone: this.jobs[index]!.file.size, ...(verdict ? { verdict } : {}) });
  }

  /** Names of the files being hashed now. */
  hashing(): string[] {
    return [...this.active.values()].map((file) => file.name);
  }

  /** The rows of the next report: files finished since the last one, then the files in progress. */
  report(): FileProgress[] {
    const rows = [...this.finished.slice(-MAX_FINISHED_PER_REPORT), ...[...this.active.values()].map(row)];
    this.finished = [];
    return rows;
  }
}

function row({ name, meter }: Hashing): FileProgress {
  const { bytesDone, bytesTotal, rate, etaSeconds } = meter.snapshot();
  return { name, bytesDone, bytesTotal, rate, ...(etaSeconds !== undefined ? { etaSeconds } : {}) };
}
