// Package speed against plain tools on the same bytes: verifying a 2 GiB OVA against
// `openssl dgst -sha256` over the same file (goal: within 10%), and packing it (copy + hash in one
// pass) against `cp` of its disk (goal: at most 1.2x). Everything is read from the page cache, so
// the figures compare CPU and copy paths, not the disk.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackage } from '../../electron/engine/package/pack.ts';
import { verifyPackage } from '../../electron/engine/package/verify.ts';
import type { BenchRow } from './run.ts';
import { descriptorXml } from '../unit/engine/package/appliance-folder.ts';

const GiB = 1024 ** 3;

async function best(runs: number, action: () => unknown): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await action();
    fastest = Math.min(fastest, (performance.now() - started) / 1000);
  }
  return fastest;
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
    const { writeFileSync } = await import('node:fs');
    writeFileSync(descriptor, descriptorXml([{ href: 'bench-disk1.vmdk', sparseSize: size }]));
    const ova = join(dir, 'bench.ova');
    execFileSync('cat', [disk], { stdio: ['ignore', 'ignore', 'inherit'] });

    const pack = await best(3, () => packPackage(descriptor, { output: ova }));
    const copy = await best(3, () => execFileSync('cp', [disk, join(dir, 'copy.vmdk')]));
    report({ name: 'pack 2 GiB OVA (sha256) vs cp', ours: pack, theirs: copy, unit: 's', note: 'goal: ratio <= 1.2' });

    const trust = { system: false, home: dir };
    const verify = await best(3, async () => {
      const result = await verifyPackage(ova, { trust });
      if (!result.ok) throw new Error('the benchmark package does not verify');
    });
    const openssl = await best(3, () => execFileSync('openssl', ['dgst', '-sha256', ova]));
    report({ name: 'verify 2 GiB OVA vs openssl dgst -sha256', ours: verify, theirs: openssl, unit: 's', note: 'goal: ratio <= 1.1' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
