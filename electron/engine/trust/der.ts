// A small ASN.1 reader for the structures Node's crypto does not expose: PKCS#12 containers and
// the X.509 KeyUsage extension. DER, plus the BER indefinite lengths and constructed OCTET STRINGs
// that Windows writes into .pfx files. Every length is checked against its enclosing buffer.

export interface Asn1 {
  /** The identifier octet (class, constructed bit, tag number < 31). */
  readonly tag: number;
  readonly constructed: boolean;
  /** Content octets (for indefinite lengths: up to, not including, the end-of-contents marker). */
  readonly content: Buffer;
  /** Bytes the whole element occupies, header included. */
  readonly totalLength: number;
}

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  context0Primitive: 0x80,
} as const;

export class Asn1Error extends Error {}

const MAX_DEPTH = 64;

export function readAsn1(buffer: Buffer, at = 0, depth = 0): Asn1 {
  if (depth > MAX_DEPTH) throw new Asn1Error('ASN.1 nesting too deep');
  const tag = byte(buffer, at);
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('multi-byte ASN.1 tags are not used by these structures');
  const constructed = (tag & 0x20) !== 0;
  let lengthByte = byte(buffer, at + 1);
  let headerLength = 2;
  if (lengthByte === 0x80) {
    if (!constructed) throw new Asn1Error('indefinite length on a primitive ASN.1 element');
    // BER indefinite length: children until the 00 00 end-of-contents marker.
    let cursor = at + 2;
    while (!(byte(buffer, cursor) === 0 && byte(buffer, cursor + 1) === 0)) cursor += readAsn1(buffer, cursor, depth + 1).totalLength;
    return { tag, constructed, content: buffer.subarray(at + 2, cursor), totalLength: cursor + 2 - at };
  }
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count > 6) throw new Asn1Error('ASN.1 length too large');
    length = 0;
    for (let i = 0; i < count; i += 1) {
      lengthByte = byte(buffer, at + 2 + i);
      length = length * 256 + lengthByte;
    }
    headerLength += count;
  }
  const start = at + headerLength;
  if (start + length > buffer.length) throw new Asn1Error('ASN.1 element runs past the end of its data');
  return { tag, constructed, content: buffer.subarray(start, start + length), totalLength: headerLength + length };
}

function byte(buffer: Buffer, at: number): number {
  const value = buffer[at];
  if (value === undefined) throw new Asn1Error('ASN.1 data ends early');
  return value;
}

export function children(node: Asn1, depth = 0): Asn1[] {
  if (!node.constructed) throw new Asn1Error('expected a constructed ASN.1 element');
  const list: Asn1[] = [];
  let at = 0;
  while (at < node.content.length) {
    const child = readAsn1(node.content, at, depth + 1);
    list.push(child);
    at += child.totalLength;
  }
  return list;
}

/** The n-th child, which must exist and (when given) carry `tag`. */
export function child(node: Asn1, index: number, tag?: number): Asn1 {
  const found = children(node)[index];
  if (!found) throw new Asn1Error(`missing ASN.1 element #${index}`);
  if (tag !== undefined && found.tag !== tag) throw new Asn1Error(`unexpected ASN.1 tag 0x${found.tag.toString(16)} where 0x${tag.toString(16)} was expected`);
  return found;
}

/** OCTET STRING content, joining the chunks of a BER constructed string. */
export function octets(node: Asn1): Buffer {
  if ((node.tag & 0x1f) !== 0x04 && node.tag !== TAG.context0Primitive && node.tag !== TAG.context0) throw new Asn1Error('expected an OCTET STRING');
  return node.constructed ? Buffer.concat(children(node).map(octets)) : node.content;
}

export function oid(node: Asn1): string {
  if (node.tag !== TAG.oid) throw new Asn1Error('expected an OBJECT IDENTIFIER');
  const bytes = node.content;
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export function integer(node: Asn1): number {
  if (node.tag !== TAG.integer) throw new Asn1Error('expected an INTEGER');
  if (node.content.length > 6) throw new Asn1Error('INTEGER too large');
  return node.content.reduce((sum, b) => sum * 256 + b, 0);
}

/** Encodes one DER element: tag, definite length (short or long form), content. */
export function derElement(tag: number, content: Buffer): Buffer {
  const length = content.length;
  const lengthBytes = length < 0x80 ? Buffer.from([length]) : (() => {
    const bytes = Buffer.from(length.toString(16).padStart(length > 0xff ? 4 : 2, '0'), 'hex');
    return Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes]);
  })();
  return Buffer.concat([Buffer.from([tag]), lengthBytes, content]);
}

/** A non-negative INTEGER in its shortest DER form (a leading zero byte keeps the sign positive). */
export function derUnsignedInteger(value: bigint): Buffer {
  const hex = value.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return derElement(TAG.integer, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}
