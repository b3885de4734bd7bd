// Hostile and damaged descriptors: whatever the bytes, the engine answers with a model or an
// EngineError that names the file, never another exception, and never reads more than it must.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { parseDescriptor, readDescriptorFile, serializeDescriptor, validateDescriptor } from '../../../../electron/engine/ovf/index.ts';
import { sampleDescriptor } from './fixture.ts';

function malformedReason(text: string): string {
  try {
    parseDescriptor(text, 'h.ovf');
  } catch (error) {
    assert.ok(error instanceof EngineError, `not an EngineError: ${String(error)}`);
    assert.equal(error.location?.file, 'h.ovf');
    return `${error.code}: ${error.message}`;
  }
  return 'accepted';
}

test('each kind of broken markup gets its own message', () => {
  const cases: [string, RegExp][] = [
    ['<Envelope><!-- open', /a comment is never closed/],
    ['<Envelope a=1/>', /value of a on <Envelope> is not quoted/],
    ['<Envelope a="x<y"/>', /contains "<"/],
    ['<Envelope a="1"b="2"/>', /separated by white space/],
    ['<Envelope a="1" a="2"/>', /attribute a appears twice/],
    ['<Envelope/><Envelope/>', /a second root element/],
    ['<Envelope/>trailing', /text after the root element/],
    ['junk<Envelope/>', /text before the root element/],
    [' <?xml version="1.0"?><Envelope/>', /XML declaration may only stand at the very start/],
    ['<Envelope>\u0001</Envelope>', /U\+0001 is not allowed/],
    ['<Envelope><a></Envelope>', /expected the end tag <\/a>/],
    ['<Envelope></a></Envelope>', /expected the end tag <\/Envelope>/],
    ['<Envelope>', /<Envelope> \(line 1\) is never closed/],
    ['<Envelope><![CDATA[x</Envelope>', /CDATA section is never closed/],
    ['<Envelope>&#0;</Envelope>', /not a legal XML character/],
    ['<Envelope>a & b</Envelope>', /"&" must start a reference/],
    ['<1Envelope/>', /expected an element name/],
  ];
  for (const [text, reason] of cases) assert.match(malformedReason(text), reason, text);
});

test('a thousand random damages of a real descriptor never crash the reader, the rules or the writer', () => {
  // A fixed linear congruential sequence: the same damages on every run.
  let seed = 20261125;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const source = Buffer.from(sampleDescriptor);
  const pieces = ['<', '>', '&', '"', '/>', '</Item>', '<!--', ']]>', '\u0000', '\uFFFF', 'ovf:', 'xmlns:ovf=""', '&#xD800;', '<!DOCTYPE x>'];
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < 1000; i++) {
    const bytes = Buffer.from(source);
    let damaged: Buffer;
    switch (i % 4) {
      case 0:
        damaged = bytes.subarray(0, random(bytes.length));
        break;
      case 1:
        bytes[random(bytes.length)] = random(256);
        damaged = bytes;
        break;
      case 2: {
        const at = random(bytes.length);
        damaged = Buffer.concat([bytes.subarray(0, at), Buffer.from(pieces[random(pieces.length)] ?? ''), bytes.subarray(at)]);
        break;
      }
      default: {
        const at = random(bytes.length);
        damaged = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + random(200))]);
      }
    }
    try {
      const descriptor = parseDescriptor(damaged, 'damaged.ovf');
      validateDescriptor(descriptor);
      parseDescriptor(serializeDescriptor(descriptor), 'again.ovf');
      accepted++;
    } catch (error) {
      assert.ok(error instanceof EngineError, `damage ${i} crashed: ${error instanceof Error ? error.stack : String(error)}`);
      refused++;
    }
  }
  assert.equal(accepted + refused, 1000);
  assert.ok(refused > 300 && accepted > 50, `accepted ${accepted}, refused ${refused}`);
});

test('a 100 MB descriptor is refused from its size alone, before a byte is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ovf-big-'));
  const path = join(dir, 'huge.ovf');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 100 * 1024 * 1024); // sparse: costs no disk
  closeSync(fd);
  const started = performance.now();
  await assert.rejects(readDescriptorFile(path), (error: unknown) => error instanceof EngineError && error.code === 'OVF_TOO_LARGE' && error.kind === 'input');
  assert.ok(performance.now() - started < 200);
  writeFileSync(path, sampleDescriptor);
  await assert.rejects(readDescriptorFile(path, { maxBytes: 1024 }), /more than the limit of 1024 bytes/);
});

test('deep nesting is refused at the limit without recursion trouble, even a million levels', () => {
  const deep = `<Envelope>${'<a>'.repeat(1_000_000)}`;
  assert.throws(() => parseDescriptor(deep, 'deep.ovf'), (error: unknown) => error instanceof EngineError && error.code === 'OVF_XML_TOO_DEEP' && error.location?.line === 1);
});

test('external references in a descriptor are data, never fetched: schemaLocation, XInclude, URLs in hrefs', () => {
  const text = sampleDescriptor
    .replace('ovf:version="1.0"', 'ovf:version="1.0" xsi:schemaLocation="http://schemas.dmtf.org/ovf/envelope/1 http://127.0.0.1:9/never.xsd"')
    .replace('<References>', '<References>\n    <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>');
  const started = performance.now();
  const descriptor = parseDescriptor(text, 'refs.ovf');
  assert.ok(serializeDescriptor(descriptor).includes('href="file:///etc/passwd"'));
  assert.ok(!serializeDescriptor(descriptor).includes('root:'));
  assert.ok(performance.now() - started < 500);
});
