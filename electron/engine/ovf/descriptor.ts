// One OVF descriptor: its XML tree (the source of truth), the typed model read from it, and the
// findings met while reading. Parse from bytes or text, read from a file, write back as UTF-8.
import { readFile, stat } from 'node:fs/promises';
import type { Finding } from '../../common/finding.ts';
import { fileError } from '../errors.ts';
import { checkDescriptorSize, decodeDescriptor, DEFAULT_MAX_DESCRIPTOR_BYTES, type DecodedText } from './decode.ts';
import type { Envelope } from './model.ts';
import { readEnvelope, type EnvelopeView } from './read-envelope.ts';
import { DEFAULT_MAX_DEPTH, parseXml } from './xml-read.ts';
import type { XmlDocument, XmlElement } from './xml-tree.ts';
import { writeXml } from './xml-write.ts';

export interface ParseOptions {
  /** Largest descriptor accepted, in bytes (default 16 MiB). */
  readonly maxBytes?: number;
  /** Deepest element nesting accepted (default 128). */
  readonly maxDepth?: number;
}

export class OvfDescriptor {
  private view: EnvelopeView;

  constructor(
    /** The name used in findings and messages. */
    readonly file: string,
    readonly xml: XmlDocument,
    /** The encoding the source was read in (the output is always UTF-8). */
    readonly sourceEncoding: string,
    private readonly decodeFindings: readonly Finding[],
  ) {
    this.view = readEnvelope(xml, file);
  }

  get envelope(): Envelope {
    return this.view.envelope;
  }

  /** Findings met while reading: encoding, namespaces, unreadable numbers. */
  get readFindings(): readonly Finding[] {
    return [...this.decodeFindings, ...this.view.findings];
  }

  /** The element a model object was read from (for edits and precise locations). */
  elementOf(modelObject: object): XmlElement | undefined {
    return this.view.elements.get(modelObject);
  }

  /** Re-derives the model after the tree changed; edit.ts calls it after every edit. */
  refresh(): void {
    this.view = readEnvelope(this.xml, this.file);
  }
}

export function parseDescriptor(input: Uint8Array | string, file: string, options: ParseOptions = {}): OvfDescriptor {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DESCRIPTOR_BYTES;
  let decoded: DecodedText;
  if (typeof input === 'string') {
    checkDescriptorSize(Buffer.byteLength(input), file, maxBytes);
    // Text is already decoded: whatever its prolog says about encodings no longer applies.
    decoded = { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-16', findings: [] };
  } else {
    checkDescriptorSize(input.byteLength, file, maxBytes);
    decoded = decodeDescriptor(input, file);
  }
  const xml = parseXml(decoded.text, file, { maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH });
  return new OvfDescriptor(file, xml, decoded.encoding, decoded.findings);
}

/** Reads a descriptor file; the size is checked before a byte is read. */
export async function readDescriptorFile(path: string, options: ParseOptions & { readonly displayName?: string } = {}): Promise<OvfDescriptor> {
  const name = options.displayName ?? path;
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    checkDescriptorSize(info.size, name, options.maxBytes ?? DEFAULT_MAX_DESCRIPTOR_BYTES);
    bytes = await readFile(path);
  } catch (error) {
    throw fileError(error, name);
  }
  return parseDescriptor(bytes, name, options);
}

export function serializeDescriptor(descriptor: OvfDescriptor): string {
  return writeXml(descriptor.xml);
}
