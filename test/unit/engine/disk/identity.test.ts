import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertDisk } from '../../../../electron/engine/disk/index.ts';
import type { TargetFormat } from '../../../../electron/engine/disk/types.ts';
import { mixedSegments, writeDisk } from '../../../fixtures/disks.ts';

const formats: readonly TargetFormat[] = ['vmdk', 'vhd', 'vhd-fixed', 'vhdx', 'qcow2'];

async function convertAll(source: string, options: { seed?: string; time?: Date }): Promise<Map<TargetFormat, Buffer>> {
  const dir = mkdtempSync(join(tmpdir(), 'disk-identity-'));
  const outputs = formats.map((format) => ({ path: join(dir, `out-${format}`), format, options }));
  await convertDisk(source, outputs);
  return new Map(outputs.map((o) => [o.format, readFileSync(o.path)]));
}

test('with a seed and a time, every writer gives the same bytes twice; another seed changes them', async () => {
  const source = join(mkdtempSync(join(tmpdir(), 'disk-identity-')), 'source.raw');
  await writeDisk(source, mixedSegments(6 * 1024 * 1024));
  const time = new Date('2026-01-02T03:04:05Z');
  const first = await convertAll(source, { seed: 'acme/system/disk0', time });
  const second = await convertAll(source, { seed: 'acme/system/disk0', time });
  const other = await convertAll(source, { seed: 'acme/system/disk1', time });
  for (const format of formats) {
    assert.ok(first.get(format)?.equals(second.get(format)!), `${format} is reproducible`);
  }
  // Formats that carry invented ids differ with the seed; QCOW2 carries none.
  for (const format of ['vmdk', 'vhd', 'vhd-fixed', 'vhdx'] as const) assert.ok(!first.get(format)?.equals(other.get(format)!), `${format} ids follow the seed`);
});

test('without a seed the ids are random, as the formats intend', async () => {
  const source = join(mkdtempSync(join(tmpdir(), 'disk-identity-')), 'source.raw');
  await writeDisk(source, mixedSegments(2 * 1024 * 1024));
  const time = new Date('2026-01-02T03:04:05Z');
  const [a, b] = [await convertAll(source, { time }), await convertAll(source, { time })];
  for (const format of ['vmdk', 'vhd', 'vhdx'] as const) assert.ok(!a.get(format)?.equals(b.get(format)!), format);
});
