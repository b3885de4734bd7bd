// Small helpers over allocation maps shared by the readers.
import type { Extent } from './types.ts';

/** Collects ranges in ascending order, merging ones that touch. */
export class ExtentList {
  private readonly list: Extent[] = [];

  add(offset: number, length: number): void {
    if (length <= 0) return;
    const last = this.list.at(-1);
    if (last && last.offset + last.length === offset) this.list[this.list.length - 1] = { offset: last.offset, length: last.length + length };
    else this.list.push({ offset, length });
  }

  get extents(): readonly Extent[] {
    return this.list;
  }
}

/** Parts of the virtual disk served by different objects (VMDK extents), read as one. */
export interface Part {
  readonly start: number;
  readonly length: number;
  read(offset: number, length: number): Promise<Buffer>;
  extents(): Promise<readonly Extent[]>;
}

export async function readParts(parts: readonly Part[], offset: number, length: number): Promise<Buffer> {
  const out = Buffer.alloc(length);
  for (const part of parts) {
    const from = Math.max(offset, part.start);
    const to = Math.min(offset + length, part.start + part.length);
    if (from >= to) continue;
    (await part.read(from - part.start, to - from)).copy(out, from - offset);
  }
  return out;
}

export async function partExtents(parts: readonly Part[]): Promise<readonly Extent[]> {
  const list = new ExtentList();
  for (const part of parts) for (const extent of await part.extents()) list.add(part.start + extent.offset, extent.length);
  return list.extents;
}
