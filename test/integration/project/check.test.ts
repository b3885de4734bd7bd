// `appliance check` measures disk sources with the disk engine, whatever their format: here a
// qcow2 and a VMDK made by qemu-img, whose virtual size is not their file size.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
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
