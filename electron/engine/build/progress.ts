// A build's progress, overall and per target. The build is a set of steps: each disk conversion
// (read once, shared by every target that needs that disk) and each target's packaging. Overall
// progress counts every step once; a target's progress counts the conversions it needs in full,
// shared or not, plus its own packaging, because that is the work it waits for.
import type { Progress, TargetPhase, TargetProgress } from '../../common/progress.ts';

export interface PlannedTarget {
  readonly id: string;
  readonly title: string;
  /**
   * Bytes its packaging is expected to move, until the packager states its own total: what keeps
   * a target from looking finished once its disks are converted.
   */
  readonly packagingEstimate: number;
}

interface Step {
  done: number;
  total: number;
  started: boolean;
  finished: boolean;
}

interface TargetState {
  readonly plan: PlannedTarget;
  readonly conversions: Step[];
  readonly packaging: Step;
  phase: 'packaging' | 'signing' | 'done' | 'failed' | undefined;
  /** When its first byte was counted: the rate is the target's average since then. */
  startedAt: number | undefined;
}

/** Reports more often than this only when a target changes phase. */
const INTERVAL_MS = 100;

export class BuildProgress {
  private readonly conversions = new Map<string, Step>();
  private readonly targets = new Map<string, TargetState>();
  private readonly started: number;
  private lastReport = Number.NEGATIVE_INFINITY;
  private lastPhases = '';

  constructor(
    targets: readonly PlannedTarget[],
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    for (const plan of targets) {
      this.targets.set(plan.id, { plan, conversions: [], packaging: { done: 0, total: plan.packagingEstimate, started: false, finished: false }, phase: undefined, startedAt: undefined });
    }
  }

  /** Declares a disk conversion of `bytes` that the targets `targetIds` need. */
  addConversion(step: string, bytes: number, targetIds: readonly string[]): void {
    const conversion: Step = { done: 0, total: bytes, started: false, finished: false };
    this.conversions.set(step, conversion);
    for (const id of targetIds) this.target(id).conversions.push(conversion);
  }

  /** The conversion `step` has reached `progress`. */
  converting(step: string, progress: Progress): void {
    const conversion = this.conversions.get(step);
    if (!conversion) throw new Error(`build progress: undeclared conversion ${step}`);
    advance(conversion, progress);
    this.touch(this.targetsOf(conversion));
    this.report(`converting ${step}`);
  }

  /** The conversion `step` is complete (its outputs are written). */
  converted(step: string): void {
    const conversion = this.conversions.get(step);
    if (!conversion) throw new Error(`build progress: undeclared conversion ${step}`);
    finish(conversion);
    this.report(`converted ${step}`);
  }

  /** A better estimate of what the packaging of `targetId` will move (once its disks are written). */
  expectPackaging(targetId: string, bytes: number): void {
    const target = this.target(targetId);
    if (!target.packaging.started) target.packaging.total = bytes;
  }

  /** The packaging of `targetId` has reached `progress` (its total replaces the estimate). */
  packaging(targetId: string, progress?: Progress): void {
    const target = this.target(targetId);
    target.phase ??= 'packaging';
    if (progress) advance(target.packaging, progress);
    target.packaging.started = true;
    this.touch([target]);
    this.report(`packaging ${targetId}`);
  }

  /** Its bytes are written; what remains is the manifest, its signature and the final digests. */
  signing(targetId: string): void {
    const target = this.target(targetId);
    finish(target.packaging);
    target.phase = 'signing';
    this.report(`signing ${targetId}`);
  }

  done(targetId: string): void {
    const target = this.target(targetId);
    for (const step of [...target.conversions, target.packaging]) finish(step);
    target.phase = 'done';
    this.report(`${targetId} done`);
  }

  /** The build stopped on an error: every target not done has failed. */
  fail(): void {
    for (const target of this.targets.values()) if (target.phase !== 'done') target.phase = 'failed';
    this.report('failed');
  }

  private target(id: string): TargetState {
    const target = this.targets.get(id);
    if (!target) throw new Error(`build progress: unknown target ${id}`);
    return target;
  }

  private targetsOf(conversion: Step): TargetState[] {
    return [...this.targets.values()].filter((t) => t.conversions.includes(conversion));
  }

  private touch(targets: readonly TargetState[]): void {
    const t = this.now();
    for (const target of targets) target.startedAt ??= t;
  }

  private report(label: string): void {
    if (!this.onProgress) return;
    const t = this.now();
    const perTarget = [...this.targets.values()].map((target) => this.targetProgress(target, t));
    const phases = perTarget.map((p) => p.phase).join();
    // Phase changes always go out, so the last report of each target shows it done.
    if (phases === this.lastPhases && t - this.lastReport < INTERVAL_MS) return;
    this.lastPhases = phases;
    this.lastReport = t;
    const steps = [...this.conversions.values(), ...[...this.targets.values()].map((target) => target.packaging)];
    const done = sum(steps.map((s) => s.done));
    const total = sum(steps.map((s) => s.total));
    this.onProgress({ label, targets: perTarget, ...rateAndEta(done, total, this.started, t) });
  }

  private targetProgress(target: TargetState, t: number): TargetProgress {
    const steps = [...target.conversions, target.packaging];
    const done = sum(steps.map((s) => s.done));
    const total = sum(steps.map((s) => s.total));
    const progress = target.startedAt === undefined ? { bytesDone: done, bytesTotal: total, rate: 0 } : rateAndEta(done, total, target.startedAt, t);
    return { target: target.plan.id, title: target.plan.title, phase: phaseOf(target), ...progress };
  }
}

function phaseOf(target: TargetState): TargetPhase {
  if (target.phase) return target.phase;
  return target.conversions.some((c) => c.started && !c.finished) ? 'converting' : 'waiting';
}

function advance(step: Step, progress: Progress): void {
  step.started = true;
  step.total = Math.max(progress.bytesTotal, progress.bytesDone);
  // A step's count never goes back, whatever order its reports arrive in.
  step.done = Math.min(step.total, Math.max(step.done, progress.bytesDone));
}

function finish(step: Step): void {
  step.done = step.total;
  step.finished = true;
}

/** The average rate since `since` and the time left at that rate. */
function rateAndEta(done: number, total: number, since: number, now: number): Pick<Progress, 'bytesDone' | 'bytesTotal' | 'rate' | 'etaSeconds'> {
  const seconds = (now - since) / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  return { bytesDone: done, bytesTotal: total, rate, ...(rate > 0 ? { etaSeconds: Math.max(0, total - done) / rate } : {}) };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
