// The build scenario: one appliance with a 4 GiB disk (25% random, 25% text-like, 50%
// zeros; BUILD_BENCH_MIB=512 for a quick look) built for every target at once, against the chain a
// script would run for the same outputs: one qemu-img conversion per distinct disk format, GNU tar
// for each OVA, `tar -Sczf` for the GCE archive, and sha256sum of every disk and package for the
// manifests. Both sides run under /usr/bin/time (wall seconds, peak resident memory).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { targetIds } from '../../electron/engine/project/schema.ts';
import { mixedSegments, writeDisk } from '../fixtures/disks.ts';
import { timedCommand } from '../support/gnu-time.ts';
import type { BenchRow } from './run.ts';


const root = fileURLToPath(new URL('../..', import.meta.url));
const MIB = 1024 * 1024;


export async function run(report: (row: BenchRow) => void): Promise<void> {
  const size = Number(process.env.BUILD_BENCH_MIB ?? 4096) * MIB;
  // The disk benchmark's folder: the same mixed source serves both and is made once.
  const work = join(tmpdir(), 'appliance-bench-disk');
  mkdirSync(work, { recursive: true });
  const source = join(work, `mixed-${size / MIB}M.img`);
  if (!existsSync(source) || statSync(source).size !== size) await writeDisk(source, mixedSegments(size));
  // GCE refuses a disk without a partition table: this copy gets one active partition.
  const partitioned = join(work, `mixed-${size / MIB}M-mbr.img`);
  if (!existsSync(partitioned) || statSync(partitioned).size !== size) {
    spawnSync('cp', ['--sparse=always', source, partitioned]);
    // The whole table (four entries) is rewritten: the random data there would read as junk partitions.
    const entry = Buffer.alloc(64);
    entry[0] = 0x80;
    entry[4] = 0x83;
    entry.writeUInt32LE(2048, 8);
    entry.writeUInt32LE(size / 512 - 2048, 12);
    const handle = openSync(partitioned, 'r+');
    writeSync(handle, entry, 0, 64, 446);
    writeSync(handle, Buffer.from([0x55, 0xaa]), 0, 2, 510);
    closeSync(handle);
  }
  spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { stdio: 'ignore' });
  const bench = join(work, 'build');
  rmSync(bench, { recursive: true, force: true });
  const project = join(bench, 'project');
  mkdirSync(join(project, 'disks'), { recursive: true });
  symlinkSync(partitioned, join(project, 'disks', 'system.raw'));
  writeFileSync(
    join(project, 'appliance.yaml'),
    stringify({
      format: 1,
      product: { name: 'Bench', version: '1' },
      networks: [{ name: 'VM Network' }],
      systems: [{ id: 'bench', name: 'Bench', os: 'linux-64', firmware: 'bios', cpus: 2, memoryMiB: 1024, controllers: [{ id: 'sata0', type: 'sata' }], disks: [{ id: 'system', source: 'disks/system.raw', controller: 'sata0', unit: 0 }], nics: [{ network: 'VM Network', model: 'e1000' }] }],
      targets: targetIds.map((id) => (id === 'hyperv' ? { id, generation: 1 } : { id })),
    }),
  );
  const label = `${size / MIB} MiB mixed disk, ${targetIds.length} targets`;

  const ours = timedCommand(process.execPath, [join(root, 'dist/cli/appliance.js'), 'build', project, '-o', join(bench, 'ours')]);

  // The chain: each distinct format converted once, then packaged and hashed per target.
  const chain = join(bench, 'chain');
  mkdirSync(chain);
  let theirs = 0;
  let theirsPeak = 0;
  const step = (command: string, args: readonly string[], cwd?: string) => {
    const t = timedCommand(command, args, cwd);
    theirs += t.seconds;
    theirsPeak = Math.max(theirsPeak, t.peakMiB);
  };
  const conversions: [string, string, string[]][] = [
    ['disk.vmdk', 'vmdk', ['-o', 'subformat=streamOptimized']],
    ['disk.vhd', 'vpc', []],
    ['fixed.vhd', 'vpc', ['-o', 'subformat=fixed,force_size=on']],
    ['disk.qcow2', 'qcow2', []],
  ];
  for (const [name, format, options] of conversions) {
    step('qemu-img', ['convert', '-f', 'raw', '-O', format, ...options, partitioned, join(chain, name)]);
    step('sha256sum', [join(chain, name)]);
  }
  const ovf = join(chain, 'bench.ovf');
  writeFileSync(ovf, '<Envelope/>\n');
  const ovas = ['vmware-esxi', 'vmware-workstation', 'xenserver', 'xcp-ng', 'virtualbox', 'proxmox', 'ovirt', 'aws'];
  for (const id of ovas) {
    const disk = id === 'xenserver' ? 'disk.vhd' : 'disk.vmdk';
    step('tar', ['--format=gnu', '-cf', join(chain, `${id}.ova`), '-C', chain, 'bench.ovf', disk]);
    step('sha256sum', [join(chain, `${id}.ova`)]);
  }
  // GCE: the raw disk under its required name, in a sparse gzip tar.
  step('cp', ['--sparse=always', partitioned, join(chain, 'disk.raw')]);
  step('tar', ['--format=oldgnu', '-Sczf', join(chain, 'gce.tar.gz'), '-C', chain, 'disk.raw']);
  step('sha256sum', [join(chain, 'gce.tar.gz')]);
  report({ name: `build for every target, ${label}`, ours: ours.seconds, theirs, unit: 's', note: 'theirs = 4 qemu-img converts (VMDK, VHD, fixed VHD, QCOW2) + cp of the raw + 9 tar + 13 sha256sum; target ratio <= 0.5' });
  report({ name: `peak memory, build, ${label}`, ours: ours.peakMiB, theirs: theirsPeak, unit: 'MiB' });
  rmSync(bench, { recursive: true, force: true });
}
