import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineOf, sampleDescriptor, variant } from '../fixture.ts';
import { findingsOf, withCode } from './check.ts';

test('the sample descriptor has no findings at all', () => {
  assert.deepEqual(findingsOf(sampleDescriptor), []);
});

test('a missing References element and a missing content are errors at the Envelope', () => {
  const text = variant([/ {2}<References>[\s\S]*?<\/References>\n/, ''], [/ {2}<VirtualSystem [\s\S]*<\/VirtualSystem>\n/, '']);
  const errors = findingsOf(text).filter((f) => f.location.path === '/Envelope').map((f) => f.code);
  assert.deepEqual(errors, ['OVF_REFERENCES_MISSING', 'OVF_CONTENT_MISSING']);
});

test('a section without Info is an error that names the section and its line', () => {
  const text = variant(['    <Info>Networks</Info>\n', '']);
  const [finding] = withCode(text, 'OVF_INFO_MISSING');
  assert.equal(finding?.location.path, '/Envelope/NetworkSection');
  assert.equal(finding?.location.line, lineOf(text, '<NetworkSection>'));
  assert.match(finding?.message ?? '', /NetworkSection has no Info/);
});

test('a VirtualSystem without VirtualHardwareSection, without id, and an unknown ovf:version are reported', () => {
  const text = variant([/ {4}<VirtualHardwareSection[\s\S]*<\/VirtualHardwareSection>\n/, ''], ['<VirtualSystem ovf:id="acme-router">', '<VirtualSystem>'], ['ovf:version="1.0"', 'ovf:version="7.5"']);
  const codes = findingsOf(text).map((f) => f.code);
  for (const code of ['OVF_HARDWARE_MISSING', 'OVF_CONTENT_ID_MISSING', 'OVF_VERSION_UNKNOWN']) assert.ok(codes.includes(code), code);
});

test('a vendor section that does not say ovf:required="false" is a warning', () => {
  const text = variant(['    <EulaSection>', '    <vmw:BootOrderSection><Info>boot</Info></vmw:BootOrderSection>\n    <EulaSection>']);
  const [finding] = withCode(text, 'OVF_SECTION_REQUIRED_EXTENSION');
  assert.equal(finding?.severity, 'warning');
  assert.match(finding?.message ?? '', /vmw:BootOrderSection/);
});

test('a EULA without License, an annotation without text and a configuration without Label are errors', () => {
  const text = variant(['      <License>Use it well.</License>\n', ''], ['      <Label>Small</Label>\n', ''], ['    <EulaSection>', '    <AnnotationSection>\n      <Info>Notes</Info>\n    </AnnotationSection>\n    <EulaSection>']);
  assert.deepEqual(
    findingsOf(text).map((f) => f.code).sort(),
    ['OVF_ANNOTATION_MISSING', 'OVF_CONFIGURATION_TEXT_MISSING', 'OVF_EULA_LICENSE_MISSING'],
  );
});
