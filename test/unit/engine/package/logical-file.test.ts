import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { readLogicalFile } from '../../../../electron/engine/package/logical-file.ts';
import { openPackage } from '../../../../electron/engine/package/package-source.ts';
import { parseDescriptor } from '../../../../electron/engine/ovf/index.ts';
import { makeApplianceFolder, pattern } from './appliance-folder.ts';
import { packPackage } from '../../../../electron/engine/package/pack.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'logical-'));

async function collect(iterable: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of iterable) parts.push(part);
  return Buffer.concat(parts);
}

async function referenceOf(path: string, index = 0) {
  const source = await openPackage(path);
  const descriptor = parseDescriptor(await source.readSmall(source.descriptor, 1 << 20), source.descriptor.name);
  return { source, reference: descriptor.envelope.references[index]! };
}

test('a chunked, gzip-compressed file inside an OVA reads back as the original bytes', async () => {
  const dir = fresh();
  const original = pattern(300_000);
  const compressed = gzipSync(original);
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'z', [{ href: 'z-disk1.vmdk.gz', data: compressed, chunkSize: 4096, compression: 'gzip' }]);
  const { output } = await packPackage(descriptor, { output: join(dir, 'z.ova') });
  const { source, reference } = await referenceOf(output);
  assert.ok((await collect(readLogicalFile(source, reference, { maxBytes: 1 << 20 }))).equals(original));
});

test('a gzip bomb is stopped at the limit with a clear error, without buffering it', async () => {
  const dir = fresh();
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  assert.ok(bomb.length < 100_000);
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'b', [{ href: 'b.vmdk.gz', data: bomb, compression: 'gzip' }]);
  const { source, reference } = await referenceOf(descriptor);
  const before = process.memoryUsage().arrayBuffers;
  await assert.rejects(collect(readLogicalFile(source, reference, { maxBytes: 1024 * 1024 })), (e: unknown) => e instanceof EngineError && e.code === 'PACKAGE_DECOMPRESSION_LIMIT' && /expands past 1048576 bytes/.test(e.message));
  assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024);
});

test('corrupt gzip data and an unknown compression are reported, not crashed on', async () => {
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'c', [
    { href: 'c.vmdk.gz', data: Buffer.concat([gzipSync(pattern(1000)).subarray(0, 30), Buffer.alloc(40, 0x55)]), compression: 'gzip' },
    { href: 'c.vmdk.bz2', data: Buffer.from('BZh9'), compression: 'bzip2' },
  ]);
  const first = await referenceOf(descriptor, 0);
  await assert.rejects(collect(readLogicalFile(first.source, first.reference, { maxBytes: 1 << 20 })), (e: unknown) => e instanceof EngineError && e.code === 'PACKAGE_BAD_GZIP');
  const second = await referenceOf(descriptor, 1);
  await assert.rejects(collect(readLogicalFile(second.source, second.reference, { maxBytes: 1 << 20 })), (e: unknown) => e instanceof EngineError && e.code === 'PACKAGE_COMPRESSION_UNSUPPORTED');
});
