import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEngineError } from '../../../../electron/engine/errors.ts';
import { MAX_VIRTUAL_SIZE, readOvaXml } from '../../../../electron/engine/xva/model.ts';
import { MiB, ovaXmlText, type XvaSpec } from '../../../fixtures/xva.ts';

const spec: XvaSpec = {
  vmName: 'Edge Router',
  description: 'routes & filters',
  memoryBytes: 3 * 1024 * MiB,
  vcpus: 4,
  firmware: 'uefi',
  disks: [
    { name: 'data', virtualSize: 2 * MiB, head: Buffer.alloc(0), device: '1' },
    { name: 'system', virtualSize: 10 * MiB, head: Buffer.alloc(0), device: '0' },
  ],
  nics: [
    { mac: '5a:0b:3c:00:00:01', network: 'Pool-wide network associated with eth0' },
    { mac: '5a:0b:3c:00:00:02', network: 'DMZ' },
  ],
  cd: true,
};

function model(text: string) {
  return readOvaXml(Buffer.from(text), 'vm.xva/ova.xml');
}

function refusal(fn: () => unknown): { code: string; message: string; line?: number } {
  try {
    fn();
  } catch (error) {
    if (isEngineError(error)) return { code: error.code, message: error.message, ...(error.location?.line !== undefined ? { line: error.location.line } : {}) };
    throw error;
  }
  assert.fail('expected a refusal');
}

test('reads the VM: name, description, memory in bytes, vCPUs, UEFI firmware, HVM and boot order', () => {
  const { vms, version, findings } = model(ovaXmlText(spec));
  assert.deepEqual(findings, []);
  assert.equal(vms.length, 1);
  const vm = vms[0]!;
  assert.equal(vm.name, 'Edge Router');
  assert.equal(vm.description, 'routes & filters');
  assert.equal(vm.memoryBytes, 3 * 1024 * MiB);
  assert.equal(vm.vcpus, 4);
  assert.equal(vm.firmware, 'uefi');
  assert.equal(vm.hvm, true);
  assert.equal(vm.bootOrder, 'cdn');
  assert.equal(vm.isTemplate, false);
  assert.equal(version.product_brand, 'XCP-ng');
});

test('disks come in device order with their VDI name and virtual size; the empty CD drive is apart', () => {
  const vm = model(ovaXmlText(spec)).vms[0]!;
  assert.deepEqual(vm.disks.map((d) => [d.device, d.vdi?.name, d.vdi?.virtualSize, d.bootable]), [
    ['0', 'system', 10 * MiB, false],
    ['1', 'data', 2 * MiB, true],
  ]);
  assert.deepEqual(vm.cds.map((d) => [d.type, d.device, d.vdi]), [['CD', '3', undefined]]);
});

test('NICs carry their MAC and the name of the network they are on', () => {
  const vm = model(ovaXmlText(spec)).vms[0]!;
  assert.deepEqual(vm.nics.map((n) => [n.device, n.mac, n.network]), [
    ['0', '5a:0b:3c:00:00:01', 'Pool-wide network associated with eth0'],
    ['1', '5a:0b:3c:00:00:02', 'DMZ'],
  ]);
});

test('typed XML-RPC scalars are read: <string>, <int>, <boolean>', () => {
  const text = ovaXmlText(spec)
    .replace('<member><name>VCPUs_max</name><value>4</value></member>', '<member><name>VCPUs_max</name><value><int>6</int></value></member>')
    .replace('<member><name>name_label</name><value>Edge Router</value></member>', '<member><name>name_label</name><value><string>Typed</string></value></member>')
    .replace('<member><name>is_a_template</name><value><boolean>0</boolean></value></member>', '<member><name>is_a_template</name><value><boolean>1</boolean></value></member>');
  const vm = model(text).vms[0]!;
  assert.deepEqual([vm.name, vm.vcpus, vm.isTemplate], ['Typed', 6, true]);
});

test('refuses a DOCTYPE with an entity before expanding anything (XXE / billion laughs)', () => {
  const text = `<?xml version="1.0"?>\n<!DOCTYPE value [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n${ovaXmlText(spec).split('\n').slice(1).join('\n').replace('Edge Router', '&x;')}`;
  const problem = refusal(() => model(text));
  assert.equal(problem.code, 'OVF_XML_DTD_REFUSED');
  assert.equal(problem.line, 2);
});

test('an undefined entity is malformed XML, named with its line', () => {
  const problem = refusal(() => model(ovaXmlText(spec).replace('Edge Router', '&lol9;')));
  assert.equal(problem.code, 'OVF_XML_MALFORMED');
  assert.match(problem.message, /&lol9;/);
});

test('nesting past the depth bound is refused, not recursed into', () => {
  const deep = `${'<value><array><data>'.repeat(60)}<value>x</value>${'</data></array></value>'.repeat(60)}`;
  const problem = refusal(() => model(deep));
  assert.equal(problem.code, 'OVF_XML_TOO_DEEP');
});

test('an ova.xml without the objects array, or without a VM, says so', () => {
  assert.equal(refusal(() => model('<value><struct><member><name>version</name><value><struct></struct></value></member></struct></value>')).code, 'XVA_NO_OBJECTS');
  const noVm = model('<value><struct><member><name>objects</name><value><array><data></data></array></value></member></struct></value>');
  assert.deepEqual(noVm.findings.map((f) => f.code), ['XVA_NO_VM']);
  assert.equal(refusal(() => model('<value><struct><member><name>objects</name><value><bogus/></value></member></struct></value>')).code, 'XVA_XML_RPC');
});

test('an absurd or non-numeric virtual size is a finding naming the VDI; the size is left unknown', () => {
  const huge = model(ovaXmlText({ ...spec, disks: [{ name: 'huge', virtualSize: MAX_VIRTUAL_SIZE + 1, head: Buffer.alloc(0) }] }));
  assert.equal(huge.vdis[0]?.virtualSize, undefined);
  assert.deepEqual(huge.findings.map((f) => f.code), ['XVA_BAD_NUMBER']);
  assert.match(huge.findings[0]!.message, /VDI Ref:3 "huge": virtual_size "70368744177665" is not a usable number \(more than 70368744177664\)/);
  const text = model(ovaXmlText(spec).replace(`<value>${10 * MiB}</value>`, '<value>1e400</value>'));
  assert.match(text.findings[0]!.message, /virtual_size "1e400"/);
  const memory = model(ovaXmlText({ ...spec, memoryBytes: '-5' }));
  assert.equal(memory.vms[0]?.memoryBytes, undefined);
  assert.match(memory.findings[0]!.message, /memory_static_max "-5"/);
});

test('a VBD naming a VDI the export does not hold is an error finding, not a crash', () => {
  const text = ovaXmlText(spec).replace('<member><name>VDI</name><value>Ref:5</value></member>', '<member><name>VDI</name><value>Ref:99</value></member>');
  const result = model(text);
  assert.deepEqual(result.findings.map((f) => [f.code, f.severity]), [['XVA_DANGLING_REF', 'error']]);
  assert.match(result.findings[0]!.message, /names VDI "Ref:99"/);
});
