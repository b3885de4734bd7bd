// Raw disks: the bytes themselves. Node has no SEEK_DATA/SEEK_HOLE, so the whole file counts as
// allocated and the pipeline finds zero runs by looking; the writer leaves them as holes.
import type { DiskFile } from './disk-file.ts';
import type { DiskReader, FormatModule, TargetModule } from './types.ts';

export function rawReader(file: DiskFile, format: 'raw' | 'iso' = 'raw', details: DiskReader['details'] = {}, warnings: readonly string[] = []): DiskReader {
  return {
    format,
    virtualSize: file.size,
    details,
    warnings,
    async read(offset, length) {
      const available = Math.max(0, Math.min(length, file.size - offset));
      if (available === length) return file.read(offset, length);
      const out = Buffer.alloc(length);
      if (available > 0) (await file.read(offset, available)).copy(out);
      return out;
    },
    extents: async () => (file.size > 0 ? [{ offset: 0, length: file.size }] : []),
    close: () => file.close(),
  };
}

export const rawFormat: FormatModule = {
  name: 'raw',
  // Raw has no signature: it is what remains when nothing else matches.
  probe: () => 0.1,
  open: async (file) => rawReader(file),
};

export const rawTarget: TargetModule = {
  name: 'raw',
  appendOnly: true,
  outputSize: (size) => Math.ceil(size / 512) * 512,
  create: ({ sink, virtualSize }) => ({
    async write(block) {
      if ('data' in block) await sink.append(block.data);
      else await sink.skip(block.zeros);
    },
    async finish() {
      await sink.skip(Math.ceil(virtualSize / 512) * 512 - sink.position);
    },
  }),
};
