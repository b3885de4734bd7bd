// Package speed against plain tools on the same bytes: verifying a 2 GiB OVA against
// `openssl dgst -sha256` over the same file (goal: within 10%), and packing it (copy + hash in one
// pass) against `cp` of its disk (goal: at most 1.2x). The data is in the page cache, so the
// figures compare CPU and copy paths, not the disk. On a shared, loaded machine the wall times
// swing with everyone else's work, so CPU seconds (user + system) are reported beside them.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackage } from '../../electron/engine/package/pack.ts';
import { verifyPackage } from '../../electron/engine/package/verify.ts';
import { descriptorXml } from '../unit/engine/package/appliance-folder.ts';
import type { BenchRow } from './run.ts';

const GiB = 1024 ** 3;
const RUNS = 3;

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Best of `RUNS` for our own code: wall seconds and this process's CPU seconds (worker threads included). */
async function ours(action: () => Promise<unknown>): Promise<Timing> {
  let best: Timing = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
  for (let i = 0; i < RUNS; i += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await action();
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    if (wall < best.wall) best = { wall, cpu: (used.user + used.system) / 1e6 };
  }
  return best;
}

/** Best of `RUNS` for a tool, timed by GNU time, which also reports the tool's CPU use. */
function timed(command: string, args: readonly string[]): Timing {
  let best: Timing = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
  for (let i = 0; i < RUNS; i += 1) {
    const result = execFileSync('sh', ['-c', '/usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null', 'time', command, ...args], { encoding: 'utf8' });
    const [wall, user, system] = result.trim().split('\n').at(-1)!.split(' ').map(Number);
    if (wall! < best.wall) best = { wall: wall!, cpu: user! + system! };
  }
  return best;
}

/** Incompressible, non-zero bytes, so neither side can skip holes; written 64 MiB at a time. */
function writeDisk(path: string, size: number): void {
  const block = randomFillSync(Buffer.alloc(64 * 1024 * 1024));
  const fd = openSync(path, 'w');
  for (let at = 0; at < size; at += block.length) writeSync(fd, block, 0, Math.min(block.length, size - at), at);
  closeSync(fd);
}

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-package-'));
  try {
    const size = 2 * GiB;
    const disk = join(dir, 'bench-disk1.vmdk');
    writeDisk(disk, size);
    const descriptor = join(dir, 'bench.ovf');
    writeFileSync(descriptor, descriptorXml([{ href: 'bench-disk1.vmdk', sparseSize: size }]));
    const ova = join(dir, 'bench.ova');
    const load = `load average ${loadavg()[0]!.toFixed(1)} on 2 cores`;

    const pack = await ours(() => packPackage(descriptor, { output: ova }));
    const copy = timed('cp', [disk, join(dir, 'copy.vmdk')]);
    report({ name: 'pack 2 GiB OVA (sha256) vs cp, wall', ours: pack.wall, theirs: copy.wall, unit: 's', note: `goal <= 1.2; ${load}` });
    report({ name: 'pack 2 GiB OVA (sha256) vs cp, CPU', ours: pack.cpu, theirs: copy.cpu, unit: 's', note: 'user + system' });

    const trust = { system: false, home: dir };
    const verify = await ours(async () => {
      const result = await verifyPackage(ova, { trust });
      if (!result.ok) throw new Error('the benchmark package does not verify');
    });
    const openssl = timed('openssl', ['dgst', '-sha256', ova]);
    report({ name: 'verify 2 GiB OVA vs openssl dgst -sha256, wall', ours: verify.wall, theirs: openssl.wall, unit: 's', note: `goal <= 1.1; ${load}` });
    report({ name: 'verify 2 GiB OVA vs openssl dgst -sha256, CPU', ours: verify.cpu, theirs: openssl.cpu, unit: 's', note: 'user + system' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
