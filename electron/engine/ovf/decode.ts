// Bytes -> text for an XML descriptor: size limit, byte-order marks and the encoding declared in
// the prolog (XML 1.0 appendix F). A declaration that contradicts the bytes (a file that says
// UTF-16 but is single-byte, as some hand-edited descriptors do) is read the way the bytes show
// and reported, because the bytes are unambiguous and refusing would help nobody.
import { isUtf8 } from 'node:buffer';
import type { Finding } from '../../common/finding.ts';
import { inputError } from '../errors.ts';

export interface DecodedText {
  readonly text: string;
  /** The encoding actually used to read the bytes (a WHATWG label such as `utf-8`). */
  readonly encoding: string;
  /** The encoding the XML declaration names, if any. */
  readonly declaredEncoding?: string;
  readonly findings: readonly Finding[];
}

/** 16 MiB: four times the largest real descriptor we know of (VMware's 4 MB test file). */
export const DEFAULT_MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024;

export function checkDescriptorSize(bytes: number, file: string, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw inputError(
      'OVF_TOO_LARGE',
      `the descriptor is ${bytes} bytes, more than the limit of ${maxBytes} bytes; an OVF descriptor is normally well under 1 MiB (raise the limit if this file is genuine)`,
      { file },
    );
  }
}

type Sniffed = { encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'ascii-compatible'; bomLength: number };

function sniff(bytes: Uint8Array): Sniffed {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // `<?` in UTF-16 without a mark.
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'ascii-compatible', bomLength: 0 };
}

const declarationPattern = /^<\?xml\s[^?]*?encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/;

/** Reads the encoding name from an XML declaration at the very start of `head`. */
export function declaredEncodingOf(head: string): string | undefined {
  return declarationPattern.exec(head)?.[2];
}

function isUtf16Name(name: string): boolean {
  return /^(utf-?16|ucs-?2|unicode)(le|be)?$/i.test(name.replace(/[_\s]/g, ''));
}

function isUtf8Name(name: string): boolean {
  return /^utf-?8$/i.test(name);
}

function decodeWith(label: string, bytes: Uint8Array, file: string): string {
  // The common case, without building a decoder: Node checks and converts UTF-8 natively.
  if (label === 'utf-8' && isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    throw inputError('OVF_ENCODING_UNSUPPORTED', `the XML declaration names the encoding "${label}", which this reader does not know`, { file, line: 1 });
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw inputError('OVF_ENCODING_INVALID', `the bytes are not valid ${decoder.encoding}${firstBadUtf8(bytes, decoder.encoding)}`, { file });
  }
}

/** Names the first offending byte when UTF-8 decoding fails, so the user can find it. */
function firstBadUtf8(bytes: Uint8Array, encoding: string): string {
  if (encoding !== 'utf-8') return '';
  let low = 0;
  let high = bytes.length;
  const strict = new TextDecoder('utf-8', { fatal: true });
  // Binary search for the shortest failing prefix; a prefix cut inside a sequence also fails, so
  // back off to the sequence start.
  while (low < high) {
    const mid = (low + high) >> 1;
    try {
      strict.decode(bytes.subarray(0, mid + 1), { stream: true });
      low = mid + 1;
    } catch {
      high = mid;
    }
  }
  const line = countLines(bytes, low);
  return ` (byte ${low}, line ${line})`;
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

export function decodeDescriptor(bytes: Uint8Array, file: string): DecodedText {
  const findings: Finding[] = [];
  const sniffed = sniff(bytes);
  const body = bytes.subarray(sniffed.bomLength);
  if (sniffed.encoding === 'utf-16le' || sniffed.encoding === 'utf-16be') {
    const text = decodeWith(sniffed.encoding, body, file);
    const declared = declaredEncodingOf(text);
    if (declared && !isUtf16Name(declared)) {
      findings.push(mismatch(file, declared, `the bytes are UTF-16 (${sniffed.bomLength ? 'byte-order mark' : 'byte pattern of "<?"'})`, sniffed.encoding));
    }
    return { text, encoding: sniffed.encoding, ...(declared ? { declaredEncoding: declared } : {}), findings };
  }
  // ASCII-compatible: the declaration is readable as Latin-1 whatever the real encoding is.
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 200)).toString('latin1');
  const declared = declaredEncodingOf(head);
  if (sniffed.encoding === 'utf-8') {
    if (declared && !isUtf8Name(declared)) findings.push(mismatch(file, declared, 'the file starts with a UTF-8 byte-order mark', 'utf-8'));
    findings.push({
      code: 'OVF_ENCODING_BOM',
      severity: 'warning',
      message: 'the file starts with a UTF-8 byte-order mark: legal XML, but some importers refuse it (govmomi treats such descriptors as invalid); the studio writes none',
      location: { file, offset: 0, line: 1 },
    });
    return { text: decodeWith('utf-8', body, file), encoding: 'utf-8', ...(declared ? { declaredEncoding: declared } : {}), findings };
  }
  if (declared === undefined || isUtf8Name(declared)) {
    return { text: decodeWith('utf-8', body, file), encoding: 'utf-8', ...(declared ? { declaredEncoding: declared } : {}), findings };
  }
  if (isUtf16Name(declared)) {
    // A UTF-16 file would have a byte-order mark or a zero byte beside `<`; this one has neither.
    findings.push(mismatch(file, declared, 'the bytes are single-byte (no byte-order mark, no zero bytes)', 'utf-8'));
    return { text: decodeWith('utf-8', body, file), encoding: 'utf-8', declaredEncoding: declared, findings };
  }
  return { text: decodeWith(declared, body, file), encoding: new TextDecoder(declared).encoding, declaredEncoding: declared, findings };
}

function mismatch(file: string, declared: string, evidence: string, used: string): Finding {
  return {
    code: 'OVF_ENCODING_MISMATCH',
    severity: 'warning',
    message: `the XML declaration says encoding "${declared}" but ${evidence}; read as ${used.toUpperCase()}`,
    location: { file, line: 1 },
  };
}
