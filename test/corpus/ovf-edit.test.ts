// Edits on real descriptors: on every positive corpus descriptor with a VirtualSystem, add a NIC,
// set FullVersion and change the first property. The result must read back with the edits, keep
// every other line of the file, and stay valid against the DMTF schema when the input was.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { addHardwareItem, parseDescriptor, serializeDescriptor, setProductField, setPropertyValue, virtualSystems } from '../../electron/engine/ovf/index.ts';
import { corpusDir, corpusMissing, corpusPresent } from '../support/corpus.ts';

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

function positives(): string[] {
  return readFileSync(join(corpusDir, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([category, , path = '', , , , , , notes = '']) => category === 'ovf' && !/(^|\/)Neg\/|invalid|negative|corrupt/i.test(path) && !/designed to fail|NOT well-formed|NOT an OVF|EMPTY/.test(notes))
    .map(([, local]) => join(corpusDir, local ?? ''));
}

function schemaValid(files: readonly string[]): Set<string> {
  const valid = new Set<string>();
  const schema = join(corpusDir, 'xsd-sets/ovf-1.1.1/dsp8023_1.1.1.xsd');
  for (let at = 0; at < files.length; at += 200) {
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, ...files.slice(at, at + 200)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    for (const line of run.stderr.split('\n')) {
      const match = /^(.*) validates$/.exec(line);
      if (match?.[1]) valid.add(match[1]);
    }
  }
  return valid;
}

/** Lines of `before` missing from `after`, as a multiset difference. */
function linesLost(before: string, after: string): string[] {
  const remaining = new Map<string, number>();
  for (const line of after.split('\n')) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  const lost: string[] = [];
  for (const line of before.split('\n')) {
    const left = remaining.get(line) ?? 0;
    if (left > 0) remaining.set(line, left - 1);
    else lost.push(line);
  }
  return lost;
}

test('edits on every real descriptor read back, keep the other lines and keep schema validity', { skip: corpusPresent ? false : corpusMissing, timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ovf-edit-'));
  const pairs: { input: string; output: string; family: string }[] = [];
  const problems: string[] = [];
  let edited = 0;
  for (const file of positives()) {
    const descriptor = parseDescriptor(readFileSync(file), file);
    const system = virtualSystems(descriptor.envelope.content)[0];
    if (!system || system.hardware.length === 0) continue;
    const before = serializeDescriptor(descriptor);
    const id = addHardwareItem(descriptor, { resourceType: 10, elementName: 'Added adapter', fields: { AutomaticAllocation: 'true', ResourceSubType: 'VmxNet3' } }, { systemId: system.id });
    const product = system.products[0];
    const property = product?.properties.find((p) => p.key !== '');
    if (product) setProductField(descriptor, 'FullVersion', 'edited 1.0', { systemId: system.id });
    if (property) setPropertyValue(descriptor, property.fullKey, 'edited', { systemId: system.id });
    const after = serializeDescriptor(descriptor);
    edited++;
    const again = virtualSystems(parseDescriptor(after, file).envelope.content).find((s) => s.id === system.id);
    const added = again?.hardware[0]?.items.find((item) => item.instanceId === id);
    if (added?.elementName !== 'Added adapter' && added?.fields.Caption?.[0] !== 'Added adapter') problems.push(`${file}: the new item does not read back`);
    if (product && again?.products[0]?.fullVersion?.text !== 'edited 1.0') problems.push(`${file}: FullVersion does not read back`);
    if (property && again?.products.flatMap((p) => p.properties).find((p) => p.fullKey === property.fullKey)?.value !== 'edited') problems.push(`${file}: the property value does not read back`);
    // The edited property's start tag changes (its value) and a replaced FullVersion; nothing else may go.
    const propertyKey = property ? `ovf:key="${property.key}"` : undefined;
    const lost = linesLost(before, after).filter((line) => !(propertyKey && line.includes(propertyKey)) && !/ovf:value=|FullVersion/.test(line));
    if (lost.length > 0) problems.push(`${file}: lines lost: ${lost.slice(0, 3).join(' | ')}`);
    const output = join(dir, `${pairs.length}.ovf`);
    writeFileSync(output, after);
    pairs.push({ input: file, output, family: descriptor.envelope.family });
  }
  let checked = 0;
  if (hasXmllint) {
    const ones = pairs.filter((p) => p.family === '1.x');
    const validInputs = schemaValid(ones.map((p) => p.input));
    const keep = ones.filter((p) => validInputs.has(p.input));
    const validOutputs = schemaValid(keep.map((p) => p.output));
    for (const pair of keep) if (!validOutputs.has(pair.output)) problems.push(`${pair.input}: valid before the edits, invalid after`);
    checked = keep.length;
  }
  console.log(`OVF edits: ${edited} real descriptors edited (NIC added, FullVersion set, a property changed); ${checked} schema-valid inputs re-checked with xmllint after the edits`);
  assert.deepEqual(problems, []);
  assert.ok(edited > 500 && (!hasXmllint || checked > 100));
});
