import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../../electron/engine/errors.ts';
import { formatProjectPath, loadProject, parseProject, saveProject } from '../../../../electron/engine/project/file.ts';
import { newProjectText } from '../../../../electron/engine/project/init.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'project-file-'));
const text = newProjectText({ name: 'Acme Router', os: 'debian-64', targets: ['vmware-esxi'] });

function refusal(code: string, check?: (error: EngineError) => void) {
  return (error: unknown) => {
    assert.ok(error instanceof EngineError, String(error));
    assert.equal(error.code, code, error.message);
    check?.(error);
    return true;
  };
}

test('a new project parses with defaults filled in', () => {
  const loaded = parseProject(text, '/p');
  assert.equal(loaded.project.product.name, 'Acme Router');
  assert.equal(loaded.project.systems[0]?.os, 'debian-64');
  assert.deepEqual(loaded.project.systems[0]?.media, []);
  assert.equal(loaded.project.systems[0]?.secureBoot, false);
  assert.deepEqual(loaded.project.targets, [{ id: 'vmware-esxi' }]);
});

test('saving after an edit keeps every comment and the untouched lines byte for byte', async () => {
  const folder = dir();
  writeFileSync(join(folder, 'appliance.yaml'), text);
  const loaded = await loadProject(folder);
  loaded.document.setIn(['systems', 0, 'cpus'], 4);
  const saved = await saveProject(loaded);
  const after = readFileSync(join(folder, 'appliance.yaml'), 'utf8');
  assert.equal(saved.project.systems[0]?.cpus, 4);
  assert.equal(after, text.replace('    cpus: 2\n', '    cpus: 4\n'));
});

test('lineOf points at the line of a nested value', () => {
  const loaded = parseProject(text, '/p');
  const line = loaded.lineOf(['systems', 0, 'memoryMiB']);
  assert.equal(text.split('\n')[(line ?? 0) - 1]?.trim(), 'memoryMiB: 2048');
  assert.equal(formatProjectPath(['systems', 0, 'disks', 1, 'source']), 'systems[0].disks[1].source');
});

test('broken YAML is refused with its line', () => {
  assert.throws(() => parseProject('format: 1\nproduct: [unclosed\n', '/p'), refusal('PROJECT_YAML_SYNTAX', (e) => assert.ok((e.location?.line ?? 0) >= 2)));
});

test('a schema violation names the field, its line and how many more problems there are', () => {
  const bad = text.replace('cpus: 2', 'cpus: -1').replace('memoryMiB: 2048', 'memoryMiB: lots');
  assert.throws(
    () => parseProject(bad, '/p'),
    refusal('PROJECT_INVALID', (e) => {
      assert.equal(e.location?.path, 'systems[0].cpus');
      assert.equal(bad.split('\n')[(e.location?.line ?? 0) - 1]?.trim(), 'cpus: -1');
      assert.match(e.message, /and 1 more problem/);
    }),
  );
});

test('a property carries optional defaults per deployment option id; a key that is not an identifier is refused at its line', () => {
  const withOptions = `${text}\nproperties:\n  - key: hostname\n    type: string\n    default: appliance\n    optionDefaults:\n      large: big-router\n`;
  assert.deepEqual(parseProject(withOptions, '/p').project.properties[0]?.optionDefaults, { large: 'big-router' });
  const bad = withOptions.replace('large: big-router', '"9 large": big-router');
  assert.throws(
    () => parseProject(bad, '/p'),
    refusal('PROJECT_INVALID', (e) => {
      assert.match(e.location?.path ?? '', /^properties\[0\]\.optionDefaults/);
      assert.equal(bad.split('\n')[(e.location?.line ?? 0) - 1]?.trim(), '"9 large": big-router');
    }),
  );
});

test('unknown keys are refused rather than silently ignored', () => {
  assert.throws(() => parseProject(text.replace('cpus: 2', 'cpus: 2\n    cpu_count: 3'), '/p'), refusal('PROJECT_INVALID', (e) => assert.match(e.message, /cpu_count/)));
});

test('a file path that climbs out of the project folder is refused', () => {
  for (const escape of ['../outside.vmdk', '/etc/passwd', 'disks/../../x.raw', 'C:/x.vhd', 'disks\\x.vmdk']) {
    const bad = text.replace('capacityMiB: 1024', `source: ${JSON.stringify(escape)}`);
    assert.throws(() => parseProject(bad, '/p'), refusal('PROJECT_PATH_OUTSIDE', (e) => assert.equal(e.location?.path, 'systems[0].disks[0].source')), escape);
  }
});

test('a YAML alias bomb is refused instead of expanding', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 9; i += 1) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
  assert.throws(() => parseProject(lines.join('\n'), '/p'), refusal('PROJECT_YAML_SYNTAX'));
});

test('duplicate keys are an error, not last-one-wins', () => {
  assert.throws(() => parseProject(text.replace('cpus: 2', 'cpus: 2\n    cpus: 8'), '/p'), refusal('PROJECT_YAML_SYNTAX'));
});

test('a project from a newer format version is refused, not misread', () => {
  assert.throws(() => parseProject(text.replace('format: 1', 'format: 2'), '/p'), refusal('PROJECT_TOO_NEW'));
});

test('a folder without appliance.yaml is not a project', async () => {
  await assert.rejects(loadProject(dir()), refusal('PROJECT_NOT_FOUND', (e) => assert.match(e.message, /appliance init/)));
});

test('an oversized project file is refused before parsing', async () => {
  const folder = dir();
  writeFileSync(join(folder, 'appliance.yaml'), `${text}\n#${'x'.repeat(1024 * 1024)}\n`);
  await assert.rejects(loadProject(folder), refusal('PROJECT_TOO_LARGE'));
});

test('a YAML document that is not a mapping is refused', () => {
  for (const doc of ['', '- 1\n- 2\n', '42\n']) assert.throws(() => parseProject(doc, '/p'), refusal('PROJECT_INVALID'), JSON.stringify(doc));
});
