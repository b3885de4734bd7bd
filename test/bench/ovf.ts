// OVF descriptor engine against xmllint (libxml2, C): descriptors per second to parse and write
// back VMware's 1.7 MB descriptor and the whole corpus, next to `xmllint --noout` parsing the same
// files (one xmllint process for many files, so its start-up counts once). Rates come from CPU
// time (ours: process.cpuUsage; xmllint: /usr/bin/time), not wall time, because the machine is
// shared and wall time mostly measures the neighbours. Higher is better.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDescriptor, serializeDescriptor, validateDescriptor } from '../../electron/engine/ovf/index.ts';
import { corpusDir as corpus } from '../support/corpus.ts';

type Row = { name: string; ours: number; theirs: number; unit: string; note?: string };

const largeName = 'vmware__govmomi__ovf__fixtures__external__large_descriptor_ovf__UnOS2-large-descriptor.ovf';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** CPU seconds of one run of `work` in this process, median of `rounds`. */
function cpuSeconds(rounds: number, work: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const before = process.cpuUsage();
    work();
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1e6);
  }
  return median(samples);
}

/** CPU seconds xmllint spends on `files` (user + system, by /usr/bin/time), batched per process. */
function xmllintCpuSeconds(files: readonly string[]): number {
  let total = 0;
  for (let at = 0; at < files.length; at += 300) {
    const run = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', 'xmllint', '--noout', '--nonet', ...files.slice(at, at + 300)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const match = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr);
    if (!match) throw new Error(`could not time xmllint: ${run.error?.message ?? run.stderr.slice(-200)}`);
    total += Number(match[1]) + Number(match[2]);
  }
  return total;
}

/** The descriptors we read (malformed and non-OVF files are left out of both sides). */
function readableDescriptors(): { path: string; bytes: Buffer }[] {
  const dir = join(corpus, 'ovf');
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, name));
    try {
      parseDescriptor(bytes, name);
      out.push({ path: join(dir, name), bytes });
    } catch {
      // refused descriptors are not part of the speed comparison
    }
  }
  return out;
}

export async function run(report: (row: Row) => void): Promise<void> {
  if (!existsSync(corpus)) {
    console.log(`  skipped: the shared corpus is not at ${corpus}`);
    return;
  }
  const largePath = join(corpus, 'ovf', largeName);
  const large = readFileSync(largePath);
  // Enough repeats that /usr/bin/time's 10 ms resolution does not dominate xmllint's figure.
  const repeats = 100;
  const oursLarge = cpuSeconds(3, () => {
    for (let i = 0; i < repeats; i++) serializeDescriptor(parseDescriptor(large, largeName));
  });
  const theirsLarge = xmllintCpuSeconds(Array.from({ length: repeats }, () => largePath));
  report({
    name: `parse + write the ${(large.length / 1e6).toFixed(1)} MB descriptor`,
    ours: repeats / oursLarge,
    theirs: repeats / theirsLarge,
    unit: 'descriptors/s',
    note: `CPU per descriptor: ours ${((oursLarge / repeats) * 1000).toFixed(1)} ms, xmllint --noout ${((theirsLarge / repeats) * 1000).toFixed(1)} ms`,
  });

  const files = readableDescriptors();
  const megabytes = files.reduce((sum, f) => sum + f.bytes.length, 0) / 1e6;
  const oursAll = cpuSeconds(3, () => {
    for (const file of files) serializeDescriptor(parseDescriptor(file.bytes, file.path));
  });
  const theirsAll = xmllintCpuSeconds(files.map((f) => f.path));
  report({ name: `parse + write the corpus (${files.length} descriptors, ${megabytes.toFixed(1)} MB)`, ours: files.length / oursAll, theirs: files.length / theirsAll, unit: 'descriptors/s', note: 'CPU time; xmllint --noout, 300 files per process' });

  const oursChecked = cpuSeconds(3, () => {
    for (const file of files) validateDescriptor(parseDescriptor(file.bytes, file.path));
  });
  report({ name: 'parse + every validation rule, corpus', ours: files.length / oursChecked, theirs: files.length / theirsAll, unit: 'descriptors/s', note: 'xmllint only parses' });
}
