// Every descriptor of the shared corpus (INDEX.tsv category ovf, plus those in packages/) through
// the OVF engine. Positives must read, and our output must be the same document as the input
// (xmllint --c14n of both, compared) and keep passing the DMTF schema when the input passed it.
// Negatives (govmomi Neg/, invalid, corrupted, malformed XML, not OVF at all) must end in a clear
// error or finding, never a crash. The counts are printed as a table.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isEngineError } from '../../electron/engine/errors.ts';
import { parseDescriptor, serializeDescriptor, validateDescriptor } from '../../electron/engine/ovf/index.ts';
import { corpusDir, corpusMissing, corpusPresent } from '../support/corpus.ts';

interface Entry {
  readonly file: string;
  readonly path: string;
  readonly negative: boolean;
  readonly family: string;
}

function corpusEntries(): Entry[] {
  const lines = readFileSync(join(corpusDir, 'INDEX.tsv'), 'utf8').split('\n').slice(1);
  const entries: Entry[] = [];
  for (const line of lines) {
    const [category, local, , path = '', , , version = '', , notes = ''] = line.split('\t');
    if (category !== 'ovf' || !local) continue;
    // The corpus README's rule for designed-to-fail fixtures, plus files its notes call not OVF, empty or malformed.
    const negative = /(^|\/)Neg\/|invalid|negative|corrupt/i.test(path) || /designed to fail|NOT well-formed|NOT an OVF|EMPTY \(0-byte\)/.test(notes);
    entries.push({ file: join(corpusDir, local), path, negative, family: version });
  }
  const packages = join(corpusDir, 'packages');
  for (const folder of readdirSync(packages)) {
    for (const name of readdirSync(join(packages, folder))) {
      if (name.endsWith('.ovf')) entries.push({ file: join(packages, folder, name), path: `packages/${folder}/${name}`, negative: false, family: '' });
    }
  }
  return entries;
}

/** Runs xmllint with `args`; resolves to exit code and output. */
function xmllint(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('xmllint', args, { env });
    let stdout = '';
    let stderr = '';
    // Decoded by the stream, so a UTF-8 character split across two chunks stays whole.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `limit` at a time: the machine has 2 cores shared with other suites. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

/** Which of `files` xmllint validates against the 1.1.1 schema, in one run. */
async function schemaValid(files: readonly string[]): Promise<Set<string>> {
  const schema = join(corpusDir, 'xsd-sets/ovf-1.1.1/dsp8023_1.1.1.xsd');
  const valid = new Set<string>();
  for (let at = 0; at < files.length; at += 200) {
    const { stderr } = await xmllint(['--noout', '--nonet', '--schema', schema, ...files.slice(at, at + 200)]);
    for (const line of stderr.split('\n')) {
      const match = /^(.*) validates$/.exec(line);
      if (match?.[1]) valid.add(match[1]);
    }
  }
  return valid;
}

test('every corpus descriptor reads, round-trips losslessly, keeps schema validity; negatives fail clearly', { skip: corpusPresent ? false : corpusMissing, timeout: 240_000 }, async () => {
  const entries = corpusEntries();
  const outDir = mkdtempSync(join(tmpdir(), 'ovf-corpus-'));
  const tally = new Map<string, number>();
  const count = (row: string) => tally.set(row, (tally.get(row) ?? 0) + 1);
  const crashes: string[] = [];
  const positivesRefused: string[] = [];
  const silentNegatives: string[] = [];
  const unstable: string[] = [];
  const written: { entry: Entry; output: string }[] = [];
  const started = performance.now();
  for (const [index, entry] of entries.entries()) {
    const bytes = readFileSync(entry.file);
    try {
      const descriptor = parseDescriptor(bytes, entry.path);
      const findings = validateDescriptor(descriptor);
      const output = join(outDir, `${index}.ovf`);
      const text = serializeDescriptor(descriptor);
      writeFileSync(output, text);
      // Stable: what we write reads back to the very same bytes.
      if (serializeDescriptor(parseDescriptor(text, entry.path)) === text) count('rewrite: byte-identical on a second pass');
      else unstable.push(entry.path);
      written.push({ entry, output });
      if (!entry.negative) count('positive: read and written');
      else if (findings.some((f) => f.severity === 'error')) count('negative: error findings');
      else if (findings.length > 0) count('negative: warnings only');
      else {
        count('negative: no finding (our rules do not cover its defect)');
        silentNegatives.push(entry.path);
      }
    } catch (error) {
      if (!isEngineError(error)) {
        crashes.push(`${entry.path}: ${error instanceof Error ? error.stack : String(error)}`);
        continue;
      }
      assert.ok(error.message.length > 10 && error.location?.file === entry.path, `unclear error for ${entry.path}: ${error.message}`);
      count(`${entry.negative ? 'negative' : 'POSITIVE'}: refused ${error.code}`);
      if (!entry.negative) positivesRefused.push(`${entry.path}: ${error.message}`);
    }
  }
  const readMs = performance.now() - started;

  // Lossless: the canonical form (W3C C14N, by xmllint) of our output equals that of the input.
  const roundTripFailures: string[] = [];
  await inPool(written, 2, async ({ entry, output }) => {
    const [before, after] = [await xmllint(['--c14n', entry.file]), await xmllint(['--c14n', output])];
    if (before.code !== 0) {
      count('round trip: input not canonicalisable by xmllint');
      return;
    }
    if (before.stdout === after.stdout) count('round trip: canonical forms equal');
    else roundTripFailures.push(entry.path);
  });

  // DMTF 1.1.1 schema: what validated before must validate after.
  const ones = written.filter(({ entry }) => /^"?1\.x/.test(entry.family) && !entry.negative);
  const validInputs = await schemaValid(ones.map(({ entry }) => entry.file));
  const keep = ones.filter(({ entry }) => validInputs.has(entry.file));
  const validOutputs = await schemaValid(keep.map(({ output }) => output));
  const schemaLost = keep.filter(({ output }) => !validOutputs.has(output)).map(({ entry }) => entry.path);
  count(`schema: inputs valid against DMTF 1.1.1 (of ${ones.length} positive 1.x)`);
  tally.set(`schema: inputs valid against DMTF 1.1.1 (of ${ones.length} positive 1.x)`, keep.length);
  tally.set('schema: outputs still valid', keep.length - schemaLost.length);

  const width = Math.max(...[...tally.keys()].map((k) => k.length));
  const table = [`OVF corpus: ${entries.length} descriptors read in ${Math.round(readMs)} ms (parse + validate + write)`, ...[...tally.entries()].map(([row, n]) => `  ${row.padEnd(width)}  ${n}`)];
  if (roundTripFailures.length) table.push(`  round trip differs: ${roundTripFailures.join(', ')}`);
  if (silentNegatives.length) table.push(`  negatives without a finding: ${silentNegatives.join(', ')}`);
  console.log(table.join('\n'));

  assert.deepEqual(crashes, [], 'no descriptor may crash the engine');
  // Its defect is a File ovf:size that differs from the real file: only the package check
  // (electron/engine/package) can see that, not a descriptor check.
  assert.deepEqual(silentNegatives, ['ovf/fixtures/external/ovf_negative_test/ovf_with_wrong_size/haoUnOS2VMs/haoUnOS2VMs.ovf']);
  assert.deepEqual(positivesRefused, [], 'every positive descriptor must read');
  assert.deepEqual(roundTripFailures, [], 'output must be canonically identical to the input');
  assert.deepEqual(unstable, [], 'writing what we wrote must give the same bytes');
  assert.deepEqual(schemaLost, [], 'output must stay valid against the DMTF schema');
  assert.ok(keep.length > 100, `expected many schema-valid inputs, got ${keep.length}`);
});
