import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { parseXml } from '../../../../electron/engine/ovf/xml-read.ts';
import { childElements, textContent, type XmlElement } from '../../../../electron/engine/ovf/xml-tree.ts';

function failsWith(text: string, code: string, pattern?: RegExp, line?: number): void {
  assert.throws(
    () => parseXml(text, 'test.ovf'),
    (error: unknown) => {
      assert.ok(error instanceof EngineError, String(error));
      assert.equal(error.code, code);
      assert.equal(error.kind, 'input');
      if (pattern) assert.match(error.message, pattern);
      if (line !== undefined) assert.equal(error.location?.line, line);
      assert.equal(error.location?.file, 'test.ovf');
      return true;
    },
  );
}

test('refuses an external entity (XXE) before reading anything', () => {
  failsWith('<?xml version="1.0"?>\n<!DOCTYPE e [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n<Envelope>&x;</Envelope>', 'OVF_XML_DTD_REFUSED', /DOCTYPE/, 2);
});

test('refuses a billion-laughs document at once, without expanding it', () => {
  const levels = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('\n');
  const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY l0 "lol">\n${levels}\n]>\n<lolz>&l10;</lolz>`;
  const started = performance.now();
  failsWith(bomb, 'OVF_XML_DTD_REFUSED');
  assert.ok(performance.now() - started < 50, 'refusal must not depend on the expansion');
});

test('refuses an ENTITY declaration even outside a DOCTYPE, but not the word inside comments or CDATA', () => {
  failsWith('<a>\n<!ENTITY x "y">\n</a>', 'OVF_XML_DTD_REFUSED', /ENTITY/, 2);
  const ok = parseXml('<a><!-- <!DOCTYPE x> --><![CDATA[<!ENTITY y "z">]]></a>', 't.ovf');
  assert.equal(ok.root.children.length, 2);
});

test('an entity that is not one of the five XML entities is an error, not an empty string', () => {
  failsWith('<a>\n\n<b>&nbsp;</b></a>', 'OVF_XML_MALFORMED', /&nbsp; is not defined/, 3);
});

test('decodes the XML entities and character references in text and attributes', () => {
  const document = parseXml('<a x="&lt;&#65;&#x42;&quot;&apos;&amp;">&gt;&#x263A;&#10;</a>', 't.ovf');
  assert.equal(document.root.attributes[0]?.value, `<AB"'&`);
  assert.equal(textContent(document.root), '>\u263a\n');
});

test('normalises literal tabs and line breaks in attribute values to spaces (XML 1.0 3.3.3)', () => {
  const document = parseXml('<a x="one\ttwo\r\nthree"/>', 't.ovf');
  assert.equal(document.root.attributes[0]?.value, 'one two three');
});

test('reports a mismatched end tag with its line', () => {
  failsWith('<a>\n<b>\n</c>\n</a>', 'OVF_XML_MALFORMED', /expected the end tag <\/b> \(opened at line 2\), found <\/c>/, 3);
});

test('reports an undeclared namespace prefix with the element and its line', () => {
  failsWith('<a xmlns:x="urn:x">\n<x:b/>\n<y:c/>\n</a>', 'OVF_XML_MALFORMED', /prefix "y" of <y:c> is not declared/, 3);
  failsWith('<a>\n<b q:r="1"/></a>', 'OVF_XML_MALFORMED', /attribute q:r/, 2);
});

test('bounds element nesting', () => {
  const deep = `${'<a>'.repeat(200)}${'</a>'.repeat(200)}`;
  failsWith(deep, 'OVF_XML_TOO_DEEP', /more than 128 levels/);
  assert.doesNotThrow(() => parseXml(deep, 't.ovf', { maxDepth: 300 }));
});

test('refuses an empty file and a file with text only', () => {
  failsWith('', 'OVF_XML_MALFORMED');
  failsWith('hello', 'OVF_XML_MALFORMED');
});

test('keeps comments, CDATA, processing instructions and whitespace in place', () => {
  const document = parseXml('<?xml version="1.0" standalone="yes"?>\n<!-- top -->\n<a>\n  <!-- inside --><![CDATA[x < y]]><?app do it?>\n</a>\n<!-- after -->', 't.ovf');
  assert.deepEqual(document.declaration, { version: '1.0', standalone: 'yes' });
  assert.deepEqual(document.before.filter((n) => n.type !== 'text'), [{ type: 'comment', text: ' top ' }]);
  assert.deepEqual(document.root.children.map((n) => n.type), ['text', 'comment', 'cdata', 'pi', 'text']);
  assert.deepEqual(document.root.children[3], { type: 'pi', target: 'app', data: 'do it' });
  assert.deepEqual(document.after.filter((n) => n.type === 'comment'), [{ type: 'comment', text: ' after ' }]);
});

test('resolves namespaces by URI whatever the prefix, including the default namespace and redeclarations', () => {
  const document = parseXml('<e:Envelope xmlns:e="urn:one" xmlns="urn:default">\n<Child e:attr="1" plain="2"><e:Inner xmlns:e="urn:two"/></Child>\n</e:Envelope>', 't.ovf');
  const child = childElements(document.root)[0] as XmlElement;
  assert.equal(document.root.namespace, 'urn:one');
  assert.equal(child.namespace, 'urn:default');
  assert.deepEqual(child.attributes.map((a) => a.namespace), ['urn:one', '']);
  assert.equal(childElements(child)[0]?.namespace, 'urn:two');
  assert.equal(child.line, 2);
});

test('counts lines across CRLF and lone CR line ends', () => {
  const document = parseXml('<a>\r\n<b/>\r<c/>\n<d/></a>', 't.ovf');
  assert.deepEqual(childElements(document.root).map((e) => e.line), [2, 3, 4]);
});
