// Builds tar archives byte by byte for tests, including ones no honest writer produces: links,
// names that climb out, lying sizes, missing end blocks. Independent of the engine's encoder.
export interface RawMember {
  readonly name: string;
  readonly data?: Buffer;
  readonly typeflag?: string;
  readonly linkname?: string;
  /** Overrides the size written in the header (the data written stays `data`). */
  readonly claimedSize?: number;
  readonly magic?: 'ustar' | 'gnu' | 'v7';
  /** Write the size as GNU base-256 even when it would fit in octal. */
  readonly base256?: boolean;
}

export function rawHeader(member: RawMember): Buffer {
  const block = Buffer.alloc(512);
  block.write(member.name.slice(0, 100), 0, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  const size = member.claimedSize ?? member.data?.length ?? 0;
  if (member.base256) {
    let rest = BigInt(size);
    for (let i = 11; i > 0; i -= 1) {
      block[124 + i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    block[124] = 0x80;
  } else block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('14707405000\0', 136, 'latin1');
  block.write(member.typeflag ?? '0', 156, 'latin1');
  if (member.linkname) block.write(member.linkname, 157, 'utf8');
  if (member.magic !== 'v7') block.write(member.magic === 'gnu' ? 'ustar  \0' : 'ustar\x0000', 257, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

export function pad(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

export function rawTar(members: readonly RawMember[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const member of members) {
    parts.push(rawHeader(member));
    if (member.data) parts.push(pad(member.data));
  }
  if (options.end ?? true) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function paxData(records: Record<string, string>): Buffer {
  let text = '';
  for (const [key, value] of Object.entries(records)) {
    const body = ` ${key}=${value}\n`;
    let length = body.length + 1;
    while (`${length}${body}`.length !== length) length += 1;
    text += `${length}${body}`;
  }
  return Buffer.from(text, 'utf8');
}
