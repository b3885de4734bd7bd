// Gathers a writer's data into whole blocks: VHD and VHDX allocate space a block at a time, so
// each block's bytes are collected before the writer stores it and records it in its table.

export class BlockBuffer {
  private current: { index: number; bytes: Buffer } | undefined;

  constructor(
    private readonly blockSize: number,
    private readonly store: (index: number, bytes: Buffer) => Promise<void>,
  ) {}

  /** Adds `data` found at `offset`; stores each block once the data moves past it. */
  async add(offset: number, data: Buffer): Promise<void> {
    for (let at = 0; at < data.length; ) {
      const position = offset + at;
      const index = Math.floor(position / this.blockSize);
      if (this.current?.index !== index) {
        await this.end();
        this.current = { index, bytes: Buffer.alloc(this.blockSize) };
      }
      const take = Math.min(this.blockSize - (position % this.blockSize), data.length - at);
      data.copy(this.current.bytes, position % this.blockSize, at, at + take);
      at += take;
    }
  }

  /** Stores the block being gathered, if any. */
  async end(): Promise<void> {
    const block = this.current;
    if (!block) return;
    this.current = undefined;
    await this.store(block.index, block.bytes);
  }
}
