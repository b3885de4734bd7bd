// Writes a small OVF folder package for tests: a descriptor whose References name the given
// files, and the files themselves (real bytes, or sparse files of a given size).
import { closeSync, mkdirSync, openSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';

export interface FixtureFile {
  readonly href: string;
  readonly data?: Buffer;
  /** A sparse file of this size instead of `data`. */
  readonly sparseSize?: number;
  /** Write the data as chunk parts of this size (the descriptor gets ovf:chunkSize). */
  readonly chunkSize?: number;
  readonly compression?: string;
  /** Omit ovf:size from the descriptor. */
  readonly noSize?: boolean;
}

export function descriptorXml(files: readonly FixtureFile[]): string {
  const refs = files
    .map((f, i) => {
      const size = f.noSize ? '' : ` ovf:size="${f.sparseSize ?? f.data?.length ?? 0}"`;
      const chunk = f.chunkSize ? ` ovf:chunkSize="${f.chunkSize}"` : '';
      const compression = f.compression ? ` ovf:compression="${f.compression}"` : '';
      return `    <File ovf:id="file${i + 1}" ovf:href="${f.href}"${size}${chunk}${compression}/>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" ovf:version="1.0">
  <References>
${refs}
  </References>
  <VirtualSystem ovf:id="test">
    <Info>A test appliance</Info>
  </VirtualSystem>
</Envelope>
`;
}

export function makeApplianceFolder(dir: string, base: string, files: readonly FixtureFile[]): string {
  mkdirSync(dir, { recursive: true });
  const descriptorPath = join(dir, `${base}.ovf`);
  writeFileSync(descriptorPath, descriptorXml(files));
  for (const file of files) {
    if (file.sparseSize !== undefined) {
      const fd = openSync(join(dir, file.href), 'w');
      ftruncateSync(fd, file.sparseSize);
      closeSync(fd);
    } else if (file.chunkSize) {
      const data = file.data ?? Buffer.alloc(0);
      for (let at = 0, index = 0; at < data.length; at += file.chunkSize, index += 1) {
        writeFileSync(join(dir, `${file.href}.${String(index).padStart(9, '0')}`), data.subarray(at, at + file.chunkSize));
      }
    } else writeFileSync(join(dir, file.href), file.data ?? Buffer.alloc(0));
  }
  return descriptorPath;
}

/** Bytes that differ everywhere, so a flipped byte anywhere changes a digest. */
export function pattern(length: number, seed = 1): Buffer {
  const buffer = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    buffer[i] = x >>> 24;
  }
  return buffer;
}
