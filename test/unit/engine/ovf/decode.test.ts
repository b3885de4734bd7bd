import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { checkDescriptorSize, decodeDescriptor } from '../../../../electron/engine/ovf/decode.ts';

const xml = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?>\n<Envelope>Grüße</Envelope>\n`;

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

test('reads UTF-8 with and without a byte-order mark, dropping the mark', () => {
  const plain = decodeDescriptor(Buffer.from(xml('UTF-8')), 'a.ovf');
  const marked = decodeDescriptor(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('UTF-8'))]), 'a.ovf');
  assert.equal(plain.text, xml('UTF-8'));
  assert.equal(marked.text, xml('UTF-8'));
  assert.deepEqual(plain.findings, []);
  assert.deepEqual(marked.findings.map((f) => [f.code, f.severity]), [['OVF_ENCODING_BOM', 'warning']]);
});

test('reads UTF-16 little- and big-endian, with a mark or by the zero-byte pattern of "<?"', () => {
  const text = xml('UTF-16');
  for (const bytes of [
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]),
    Buffer.from(text, 'utf16le'),
    utf16be(text),
  ]) {
    const decoded = decodeDescriptor(bytes, 'a.ovf');
    assert.equal(decoded.text, text);
    assert.deepEqual(decoded.findings, []);
  }
});

test('a declaration that says UTF-16 over single-byte content is read as UTF-8 with a warning', () => {
  const decoded = decodeDescriptor(Buffer.from(xml('UTF-16')), 'liar.ovf');
  assert.equal(decoded.text, xml('UTF-16'));
  assert.equal(decoded.encoding, 'utf-8');
  assert.equal(decoded.findings.length, 1);
  assert.equal(decoded.findings[0]?.code, 'OVF_ENCODING_MISMATCH');
  assert.equal(decoded.findings[0]?.severity, 'warning');
  assert.match(decoded.findings[0]?.message ?? '', /says encoding "UTF-16" but the bytes are single-byte/);
  assert.deepEqual(decoded.findings[0]?.location, { file: 'liar.ovf', line: 1 });
});

test('honours a declared single-byte encoding such as ISO-8859-1', () => {
  const bytes = Buffer.from(xml('ISO-8859-1'), 'latin1');
  const decoded = decodeDescriptor(bytes, 'a.ovf');
  assert.equal(decoded.text, xml('ISO-8859-1'));
  assert.equal(decoded.encoding, 'windows-1252');
});

test('a UTF-8 byte-order mark wins over a declaration that names another encoding, with a warning', () => {
  const decoded = decodeDescriptor(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('ISO-8859-1'))]), 'a.ovf');
  assert.equal(decoded.text, xml('ISO-8859-1'));
  assert.deepEqual(decoded.findings.map((f) => f.code), ['OVF_ENCODING_MISMATCH', 'OVF_ENCODING_BOM']);
});

test('invalid UTF-8 is refused with the offset and line of the first bad byte', () => {
  const bytes = Buffer.concat([Buffer.from('<?xml version="1.0"?>\n<a>'), Buffer.from([0xc3, 0x28]), Buffer.from('</a>')]);
  assert.throws(
    () => decodeDescriptor(bytes, 'bad.ovf'),
    (error: unknown) => error instanceof EngineError && error.code === 'OVF_ENCODING_INVALID' && /byte 26, line 2/.test(error.message) && error.kind === 'input',
  );
});

test('an unknown encoding name is refused by name', () => {
  assert.throws(() => decodeDescriptor(Buffer.from(xml('X-KLINGON')), 'a.ovf'), /encoding "X-KLINGON"/);
});

test('a descriptor over the size limit is refused with both sizes in the message', () => {
  assert.throws(
    () => checkDescriptorSize(100 * 1024 * 1024, 'huge.ovf', 16 * 1024 * 1024),
    (error: unknown) => error instanceof EngineError && error.code === 'OVF_TOO_LARGE' && error.message.includes('104857600 bytes') && error.message.includes('16777216'),
  );
});
