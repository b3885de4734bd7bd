// The DMTF schema check through xmllint (the oracle), on descriptors our tests write and on edits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../electron/engine/errors.ts';
import { addHardwareItem, chooseSchema, parseDescriptor, serializeDescriptor, setProductField, setPropertyValue, validateWithSchema } from '../../../electron/engine/ovf/index.ts';
import { sampleDescriptor, variant } from '../../unit/engine/ovf/fixture.ts';
import { corpusDir, corpusMissing, corpusPresent } from '../../support/corpus.ts';

const schemaDir = join(corpusDir, 'xsd-sets');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const skip = !corpusPresent ? corpusMissing : !hasXmllint ? 'xmllint is not installed' : false;

test('picks the 1.x schema for OVF 1 descriptors and the 2.x one, with its catalog, for OVF 2', { skip }, () => {
  assert.match(chooseSchema(schemaDir, '1.x').schema, /ovf-1\.1\.1\/dsp8023_1\.1\.1\.xsd$/);
  const two = chooseSchema(schemaDir, '2.x');
  assert.match(two.schema, /dsp8023_2\.0\.1\.xsd$/);
  assert.match(two.catalog ?? '', /catalog\.xml$/);
  assert.throws(() => chooseSchema(join(corpusDir, 'ovf'), '1.x'), (error: unknown) => error instanceof EngineError && error.code === 'OVF_SCHEMA_NOT_FOUND');
});

test('the sample and our serialisation of it pass the DMTF 1.1.1 schema', { skip }, async () => {
  const descriptor = parseDescriptor(sampleDescriptor, 'sample.ovf');
  assert.deepEqual(await validateWithSchema(descriptor, { schemaDir, text: sampleDescriptor }), []);
  assert.deepEqual(await validateWithSchema(descriptor, { schemaDir }), []);
});

test('a schema violation becomes an OVF_SCHEMA_INVALID finding with the line xmllint gives', { skip }, async () => {
  const text = variant(['<Version>2.1</Version>', '<Version>2.1</Version>\n      <Colour>red</Colour>']);
  const findings = await validateWithSchema(parseDescriptor(text, 'bad.ovf'), { schemaDir });
  const schema = findings.filter((f) => f.code === 'OVF_SCHEMA_INVALID');
  assert.equal(schema.length, 1);
  assert.equal(schema[0]?.location.line, text.split('\n').findIndex((l) => l.includes('<Colour>')) + 1);
  assert.match(schema[0]?.message ?? '', /Colour/);
});

test('edited descriptors still pass the DMTF schema (new RASD items in schema order)', { skip }, async () => {
  const descriptor = parseDescriptor(sampleDescriptor, 'sample.ovf');
  addHardwareItem(descriptor, { resourceType: 10, elementName: 'Network adapter 2', fields: { ResourceSubType: 'E1000', Connection: 'VM Network', AutomaticAllocation: 'true', Address: '00:50:56:00:00:01' } });
  setProductField(descriptor, 'FullVersion', '2.1.0');
  setProductField(descriptor, 'ProductUrl', 'https://acme.example/router');
  setPropertyValue(descriptor, 'port', '9000', { configuration: 'small' });
  const findings = await validateWithSchema(descriptor, { schemaDir });
  assert.deepEqual(findings, [], serializeDescriptor(descriptor));
});

test('when xmllint is missing the check says so and how to install it', { skip: corpusPresent ? false : corpusMissing }, async () => {
  await assert.rejects(
    validateWithSchema(parseDescriptor(sampleDescriptor, 's.ovf'), { schemaDir, env: { ...process.env, APPLIANCE_XMLLINT: '/nonexistent/xmllint' } }),
    (error: unknown) => error instanceof EngineError && error.code === 'OVF_SCHEMA_TOOL_MISSING' && /apt-get install libxml2-utils/.test(error.message),
  );
});

test('an OVF 2.0 descriptor is checked against the 2.0.1 schema through its XML catalog', { skip }, async () => {
  const two = sampleDescriptor.replaceAll('ovf/envelope/1', 'ovf/envelope/2').replace('ovf:version="1.0"', 'ovf:version="2.0"');
  const descriptor = parseDescriptor(two, 'two.ovf');
  assert.equal(descriptor.envelope.family, '2.x');
  assert.deepEqual(await validateWithSchema(descriptor, { schemaDir }), []);
  const broken = await validateWithSchema(parseDescriptor(two.replace('<Info>Virtual disks</Info>\n', ''), 'two.ovf'), { schemaDir });
  assert.ok(broken.some((f) => f.code === 'OVF_SCHEMA_INVALID' && /DiskSection|Disk/.test(f.message)), JSON.stringify(broken));
});

test('an OVF 0.9 descriptor is not checked against a schema it predates, and says so', { skip }, async () => {
  const old = `<ovf:Envelope xmlns:ovf="http://www.vmware.com/schema/ovf/1/envelope" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ovf:version="0.9"><ovf:References/><ovf:Content ovf:id="vm" xsi:type="ovf:VirtualSystem_Type"><ovf:Info>vm</ovf:Info><ovf:Section xsi:type="ovf:VirtualHardwareSection_Type"><ovf:Info>hw</ovf:Info></ovf:Section></ovf:Content></ovf:Envelope>`;
  const findings = await validateWithSchema(parseDescriptor(old, 'old.ovf'), { schemaDir, env: { ...process.env, APPLIANCE_XMLLINT: '/nonexistent/xmllint' } });
  assert.ok(findings.some((f) => f.code === 'OVF_SCHEMA_NOT_APPLICABLE' && f.severity === 'info'));
  assert.ok(!findings.some((f) => f.code === 'OVF_SCHEMA_INVALID'));
});
