// `appliance check` measures disk sources with the disk engine, whatever their format: here a
// qcow2 and a VMDK made by qemu-img, whose virtual size is not their file size. It also reports
// disks that deployment options leave out, in process and through the built binary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { cli } from '../../support/cli.ts';
import { applianceProject } from '../build/appliance.ts';
import { hasCommand, run } from '../targets/oracles.ts';

test('a disk declared smaller than its image is an error with a fix to the measured size', { skip: hasCommand('qemu-img') ? undefined : 'qemu-img is not installed' }, async () => {
  for (const [format, name] of [
    ['qcow2', 'system.qcow2'],
    ['vmdk', 'system.vmdk'],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'check-measure-'));
    mkdirSync(join(dir, 'disks'));
    await run('qemu-img', ['create', '-q', '-f', format, join(dir, 'disks', name), '96M']);
    const project = applianceProject([{ id: 'kvm' }]);
    project.systems[0]!.disks = [{ id: 'system', source: `disks/${name}`, capacityMiB: 64, controller: 'ide0', unit: 0 }];
    writeFileSync(join(dir, 'appliance.yaml'), stringify(project));
    const check = await cli(['check', dir, '--json']);
    assert.equal(check.code, 1, format);
    const report = JSON.parse(check.stdout) as { findings: { code: string; fix?: { edits: { value: unknown }[] } }[] };
    const small = report.findings.find((f) => f.code === 'PROJECT_DISK_TOO_SMALL');
    assert.deepEqual(small?.fix?.edits.map((e) => e.value), [96], format);
    assert.equal((await cli(['check', dir, '--fix'])).code, 0, format);
  }
});

test('check reports a boot disk the default option leaves out and an undeclared option; --fix repairs both; the built binary agrees', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-options-'));
  const project = applianceProject([{ id: 'vmware-esxi' }, { id: 'kvm' }]);
  project.systems[0]!.disks = [
    { id: 'system', capacityMiB: 64, controller: 'ide0', unit: 0, options: ['large'] },
    { id: 'data', capacityMiB: 32, optionCapacityMiB: { large: 128 }, controller: 'ide0', unit: 1, options: ['large', 'huge'] },
  ];
  project.deploymentOptions = [
    { id: 'small', label: 'Small', description: 'Small', default: true },
    { id: 'large', label: 'Large', description: 'Large' },
  ];
  writeFileSync(join(dir, 'appliance.yaml'), stringify(project));
  const check = await cli(['check', dir, '--json']);
  assert.equal(check.code, 1);
  const report = JSON.parse(check.stdout) as { findings: { code: string; severity: string; location: { line?: number } }[] };
  assert.deepEqual(
    report.findings.filter((f) => f.severity === 'error').map((f) => f.code).sort(),
    ['PROJECT_BOOT_DISK_NOT_IN_DEFAULT', 'PROJECT_DISK_OPTION_UNKNOWN'],
  );
  assert.ok(report.findings.every((f) => typeof f.location.line === 'number'));
  assert.equal((await cli(['check', dir, '--fix'])).code, 0);
  const fixed = parse(readFileSync(join(dir, 'appliance.yaml'), 'utf8')) as typeof project;
  assert.deepEqual(fixed.systems[0]?.disks.map((d) => d.options), [['large', 'small'], ['large']]);

  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const built = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const binary = spawnSync(process.execPath, [join(root, 'dist/cli/appliance.js'), 'check', dir], { encoding: 'utf8', env: { ...process.env, APPLIANCE_STUDIO_HOME: mkdtempSync(join(tmpdir(), 'home-')) } });
  assert.equal(binary.status, 0, binary.stderr);
  assert.match(binary.stdout + binary.stderr, /KVM\/libvirt offers no deployment options; it gets the default option "small" and drops "large" \(disk "data" left out\) \(TARGET_DEPLOYMENT_OPTIONS_IGNORED\) \[kvm\]/);
});
