import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml } from '../../../../electron/engine/ovf/xml-read.ts';
import { writeXml } from '../../../../electron/engine/ovf/xml-write.ts';
import { sampleDescriptor } from './fixture.ts';

test('writes the sample back byte for byte apart from the prolog', () => {
  const written = writeXml(parseXml(sampleDescriptor, 'sample.ovf'));
  // The only differences allowed: `<x/>` for empty elements (none here are written `<x></x>`).
  assert.equal(written, sampleDescriptor);
});

test('always declares UTF-8 and keeps version and standalone', () => {
  const written = writeXml(parseXml('<?xml version="1.0" encoding="ISO-8859-1" standalone="no"?><a/>', 't.ovf'));
  assert.equal(written, '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<a/>\n');
});

test('escapes what must be escaped so a second read gives the same values', () => {
  const source = '<a t="x&#10;y&#9;&quot;&lt;&amp;&#13;">&lt;b&gt; &amp; &#13;]]&gt;</a>';
  const once = parseXml(source, 't.ovf');
  const written = writeXml(once);
  const twice = parseXml(written, 't.ovf');
  assert.deepEqual([twice.root.attributes, twice.root.children], [once.root.attributes, once.root.children]);
  assert.match(written, /t="x&#10;y&#9;&quot;&lt;&amp;&#13;"/);
});

test('writes CDATA that contains the end marker as two sections', () => {
  const document = parseXml('<a><![CDATA[x]]></a>', 't.ovf');
  const cdata = document.root.children[0];
  assert.ok(cdata?.type === 'cdata');
  cdata.text = 'a]]>b';
  const again = parseXml(writeXml(document), 't.ovf');
  assert.equal(again.root.children.map((n) => (n.type === 'cdata' ? n.text : '')).join(''), 'a]]>b');
});

test('keeps prefixes, namespace declarations and attribute order exactly', () => {
  const source = '<ns0:E xmlns:ns0="http://schemas.dmtf.org/ovf/envelope/1" z="1" ns0:a="2" xmlns:q="urn:q"><q:x q:b="3" a="4"/></ns0:E>';
  assert.equal(writeXml(parseXml(source, 't.ovf')), `<?xml version="1.0" encoding="UTF-8"?>\n${source}\n`);
});
