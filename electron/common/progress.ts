// Progress of a long job (verify, convert, build), as it crosses the IPC boundary.

export interface Progress {
  /** What is being worked on now, e.g. a file name or a target. */
  readonly label?: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes per second, smoothed. */
  readonly rate: number;
  /** Seconds left, or undefined while the rate is unknown. */
  readonly etaSeconds?: number;
}

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
