// The GCE image archive: `disk.raw` as the only member of a gzip-compressed tar (targets.md §8).
// The header uses the package engine's tar codec with the build's fixed time, and gzip's own
// header carries no time or name, so the same disk gives the same archive.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform, Readable } from 'node:stream';
import { createGzip, constants } from 'node:zlib';
import { fileError } from '../errors.ts';
import { layoutTar, memberHeader, memberPadding, tarTrailer } from '../package/tar-writer.ts';

export const gceMemberName = 'disk.raw';

export interface ArchiveResult {
  readonly bytes: number;
  readonly sha256: string;
}

export async function writeGceArchive(rawDisk: string, output: string, mtime: number, context: { signal?: AbortSignal; onBytes?: (bytes: number) => void }): Promise<ArchiveResult> {
  const size = (await stat(rawDisk)).size;
  const layout = layoutTar([{ name: gceMemberName, size }]);
  const entry = layout.entries[0];
  if (!entry) throw new Error('tar layout without its member');
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  async function* archive() {
    yield memberHeader(entry!, { mtime });
    for await (const chunk of createReadStream(rawDisk, { highWaterMark: 4 * 1024 * 1024, ...(context.signal ? { signal: context.signal } : {}) })) {
      context.onBytes?.((chunk as Buffer).length);
      yield chunk as Buffer;
    }
    yield memberPadding(size);
    yield tarTrailer(layout);
  }
  try {
    // Level 1: GCE only needs the archive to be gzip; the fast level keeps a multi-GiB disk quick.
    await pipeline(Readable.from(archive()), createGzip({ level: constants.Z_BEST_SPEED }), counter, createWriteStream(output, { flags: 'wx' }), ...(context.signal ? [{ signal: context.signal }] : []));
  } catch (error) {
    await rm(output, { force: true });
    throw fileError(error, output);
  }
  return { bytes, sha256: hash.digest('hex') };
}
