// The disk scenario: a raw disk of 25% random, 25% text-like and 50% zero data (4 GiB by
// default; DISK_BENCH_MIB=512 for a quick look). Both sides run as child processes timed by
// /usr/bin/time, so wall time and peak memory are measured the same way for us and for qemu-img.
//  1. raw -> streamOptimized VMDK: `appliance convert` vs `qemu-img convert -o subformat=streamOptimized`.
//  2. raw -> VMDK + VHD + VHDX + QCOW2 with a SHA-256 of each, in one pass, vs four qemu-img
//     conversions plus sha256sum of each output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mixedSegments, writeDisk } from '../fixtures/disks.ts';
import { timedCommand } from '../support/gnu-time.ts';
import type { BenchRow } from './run.ts';


const root = fileURLToPath(new URL('../..', import.meta.url));
const MIB = 1024 * 1024;


/** Reads the source once so that neither side pays for a cold page cache (whoever ran first would). */
const warm = (path: string) => spawnSync('cat', [path], { stdio: 'ignore' });

const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;

export async function run(report: (row: BenchRow) => void): Promise<void> {
  const size = Number(process.env.DISK_BENCH_MIB ?? 4096) * MIB;
  const work = join(tmpdir(), 'appliance-bench-disk');
  mkdirSync(work, { recursive: true });
  const source = join(work, `mixed-${size / MIB}M.img`);
  // Generating the text-like gigabyte takes a while: keep the source between runs.
  if (!existsSync(source) || statSync(source).size !== size) await writeDisk(source, mixedSegments(size));
  spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { stdio: 'ignore' });
  const appliance = [join(root, 'dist/cli/appliance.js')];
  const out = (name: string) => join(work, name);
  const clean = () => {
    for (const name of ['o.vmdk', 'o.vhd', 'o.vhdx', 'o.qcow2', 'q.vmdk', 'q.vhd', 'q.vhdx', 'q.qcow2']) rmSync(out(name), { force: true });
  };
  const label = `${size / MIB} MiB mixed disk`;

  clean();
  warm(source);
  const oursVmdk = timedCommand(process.execPath, [...appliance, 'convert', source, '-o', out('o.vmdk'), '--to', 'vmdk']);
  warm(source);
  const theirsVmdk = timedCommand('qemu-img', ['convert', '-f', 'raw', '-O', 'vmdk', '-o', 'subformat=streamOptimized', source, out('q.vmdk')]);
  report({ name: `raw -> streamOptimized VMDK, ${label}`, ours: oursVmdk.seconds, theirs: theirsVmdk.seconds, unit: 's', note: `sizes ours ${(statSync(out('o.vmdk')).size / MIB).toFixed(0)} MiB, qemu ${(statSync(out('q.vmdk')).size / MIB).toFixed(0)} MiB; ${load()}; target ratio <= 0.5` });
  report({ name: `raw -> streamOptimized VMDK, CPU time, ${label}`, ours: oursVmdk.cpu, theirs: theirsVmdk.cpu, unit: 's cpu' });

  clean();
  const formats: [string, string, string[]][] = [
    ['vmdk', 'vmdk', ['-o', 'subformat=streamOptimized']],
    ['vhd', 'vpc', ['-o', 'force_size=on']],
    ['vhdx', 'vhdx', []],
    ['qcow2', 'qcow2', []],
  ];
  warm(source);
  const onePass = timedCommand(process.execPath, [...appliance, 'convert', source, ...formats.flatMap(([ext]) => ['-o', out(`o.${ext}`), '--to', ext])]);
  let theirs = 0;
  let theirsCpu = 0;
  let theirsPeak = 0;
  for (const [ext, format, options] of formats) {
    warm(source);
    const converted = timedCommand('qemu-img', ['convert', '-f', 'raw', '-O', format, ...options, source, out(`q.${ext}`)]);
    const hashed = timedCommand('sha256sum', [out(`q.${ext}`)]);
    theirs += converted.seconds + hashed.seconds;
    theirsCpu += converted.cpu + hashed.cpu;
    theirsPeak = Math.max(theirsPeak, converted.peakMiB);
  }
  report({ name: `one pass -> VMDK+VHD+VHDX+QCOW2 with SHA-256 each, ${label}`, ours: onePass.seconds, theirs, unit: 's', note: `theirs = 4 qemu-img converts + 4 sha256sum; ${load()}; target ratio <= 0.5` });
  report({ name: `one pass, CPU time, ${label}`, ours: onePass.cpu, theirs: theirsCpu, unit: 's cpu' });
  report({ name: `peak memory, one pass, ${label}`, ours: onePass.peakMiB, theirs: theirsPeak, unit: 'MiB', note: 'bound: ours < 512 MiB whatever the disk size' });
  report({ name: `peak memory, VMDK only, ${label}`, ours: oursVmdk.peakMiB, theirs: theirsVmdk.peakMiB, unit: 'MiB' });
  clean();
}
