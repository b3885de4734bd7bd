// Progress of a long job (verify, convert, build), as it crosses the IPC boundary. The schema
// checks what arrives over IPC; the interface is what the engine produces.
import { z } from 'zod';

/** Where one target of a build is: its disks being converted, its package written, then signed. */
export const targetPhases = ['waiting', 'converting', 'packaging', 'signing', 'done', 'failed'] as const;
export type TargetPhase = (typeof targetPhases)[number];

/** One target's share of a build: the conversions it needs (shared ones counted fully) plus its packaging. */
export interface TargetProgress {
  readonly target: string;
  readonly title: string;
  readonly phase: TargetPhase;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly rate: number;
  readonly etaSeconds?: number;
}

/** One file of a verification: hashed so far (its own rate and ETA), then its verdict once done. */
export interface FileProgress {
  readonly name: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly rate: number;
  readonly etaSeconds?: number;
  /** Set when the file is hashed: its digest against the manifest's, then its size against ovf:size. */
  readonly verdict?: 'ok' | 'mismatch' | 'wrong-size';
}

export interface Progress {
  /** What is being worked on now, e.g. a file name or a target. */
  readonly label?: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes per second, smoothed. */
  readonly rate: number;
  /** Seconds left, or undefined while the rate is unknown. */
  readonly etaSeconds?: number;
  /** A build's progress per target, in the build's target order. */
  readonly targets?: readonly TargetProgress[];
  /** A verification's files being hashed now (one per lane), and those that finished since the last report. */
  readonly files?: readonly FileProgress[];
}

const bytes = z.number().finite().nonnegative();
const seconds = z.number().nonnegative();

export const targetProgressSchema = z.object({
  target: z.string().max(64),
  title: z.string().max(200),
  phase: z.enum(targetPhases),
  bytesDone: bytes,
  bytesTotal: bytes,
  rate: bytes,
  etaSeconds: seconds.optional(),
}) satisfies z.ZodType<TargetProgress>;

export const fileProgressSchema = z.object({
  name: z.string().max(4096),
  bytesDone: bytes,
  bytesTotal: bytes,
  rate: bytes,
  etaSeconds: seconds.optional(),
  verdict: z.enum(['ok', 'mismatch', 'wrong-size']).optional(),
}) satisfies z.ZodType<FileProgress>;

// Loose: the fields every view relies on are checked, and what a particular job adds passes through.
export const progressSchema = z.looseObject({
  label: z.string().max(4096).optional(),
  bytesDone: bytes,
  bytesTotal: bytes,
  rate: bytes,
  etaSeconds: seconds.optional(),
  targets: z.array(targetProgressSchema).max(64).optional(),
  files: z.array(fileProgressSchema).max(64).optional(),
}) satisfies z.ZodType<Progress>;

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 -> "1.5 KiB"; exact byte counts stay exact below 1 KiB. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatProgress(p: Progress): string {
  const percent = p.bytesTotal > 0 ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 0;
  const eta = p.etaSeconds === undefined ? '' : `, ${formatDuration(p.etaSeconds)} left`;
  const label = p.label ? `${p.label}: ` : '';
  return `${label}${percent}% (${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}, ${formatBytes(p.rate)}/s${eta})`;
}
