// `npm run bench`: runs every benchmark module in test/bench (each exports `run(report)`), which
// measures our engine against a tool nobody here wrote (qemu-img, sha256sum, openssl, tar, xmllint)
// in the same run, and prints one table of ratios. Narrow it with names: `npm run bench -- disk`.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchRow {
  readonly name: string;
  /** Our figure and the reference tool's, in `unit` (seconds, items/s, MiB...). */
  readonly ours: number;
  readonly theirs: number;
  readonly unit: string;
  readonly note?: string;
}

type BenchModule = { run(report: (row: BenchRow) => void): Promise<void> };

const here = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && name !== 'run.ts')
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort();

const rows: (BenchRow & { bench: string; ratio: number })[] = [];
for (const name of modules) {
  const bench = name.replace(/\.ts$/, '');
  console.log(`# ${bench}`);
  const module = (await import(pathToFileURL(join(here, name)).href)) as BenchModule;
  await module.run((row) => {
    const ratio = row.theirs === 0 ? Number.NaN : row.ours / row.theirs;
    rows.push({ ...row, bench, ratio });
    console.log(`  ${row.name}: ours ${row.ours.toFixed(3)} ${row.unit}, theirs ${row.theirs.toFixed(3)} ${row.unit}, ratio ${ratio.toFixed(2)}${row.note ? ` (${row.note})` : ''}`);
  });
}

const output = join(here, '../../test-output');
mkdirSync(output, { recursive: true });
writeFileSync(join(output, 'bench.json'), `${JSON.stringify(rows, null, 2)}\n`);
console.log('\nbench | measurement | ours | theirs | unit | ratio (ours/theirs)');
for (const r of rows) console.log(`${r.bench} | ${r.name} | ${r.ours.toFixed(3)} | ${r.theirs.toFixed(3)} | ${r.unit} | ${r.ratio.toFixed(2)}${r.note ? ` | ${r.note}` : ''}`);
console.log(`\n${rows.length} measurements from ${modules.length} benchmark(s); written to test-output/bench.json`);
