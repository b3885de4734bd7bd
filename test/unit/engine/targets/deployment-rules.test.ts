// Rules for disks that depend on deployment options, project-wide and per target.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProjectInput } from '../../../../electron/engine/project/schema.ts';
import type { Finding } from '../../../../electron/engine/targets/finding.ts';
import { checkProject, selectTargets } from '../../../../electron/engine/targets/index.ts';
import { sizedProject, writeProject } from './projects.ts';

async function check(project: ProjectInput, targets: string[] = []): Promise<Finding[]> {
  const loaded = await writeProject(project);
  return checkProject(loaded, selectTargets(loaded, targets), new Map());
}

const disks = (project: ProjectInput) => {
  const list = project.systems[0]?.disks;
  assert.ok(list && list.length === 3);
  return list as [(typeof list)[number], (typeof list)[number], (typeof list)[number]];
};

test('a project with disks per option passes VMware ESXi without findings about them', async () => {
  const findings = await check(sizedProject(), ['vmware-esxi']);
  assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => f.code), []);
});

test('a disk limited to an undeclared option, or sized for one, is an error at that place; the fix removes the id', async () => {
  const project = sizedProject();
  const [, data, logs] = disks(project);
  logs.options = ['large', 'huge'];
  data.optionCapacityMiB = { large: 8192, tiny: 4 };
  const findings = (await check(project)).filter((f) => f.code === 'PROJECT_DISK_OPTION_UNKNOWN');
  assert.deepEqual(findings.map((f) => [f.location.path, f.severity]), [
    ['systems[0].disks[1].optionCapacityMiB.tiny', 'error'],
    ['systems[0].disks[2].options', 'error'],
  ]);
  assert.match(findings[1]?.message ?? '', /disk "logs" is limited to deployment option "huge", which is not declared/);
  assert.deepEqual(findings[1]?.fix?.edits, [{ path: ['systems', 0, 'disks', 2, 'options'], value: ['large'] }]);
  assert.deepEqual(findings[0]?.fix?.edits, [{ path: ['systems', 0, 'disks', 1, 'optionCapacityMiB', 'tiny'], value: undefined }]);
  assert.ok(typeof findings[0]?.location.line === 'number', 'the finding points at its line in appliance.yaml');
});

test('a size per option on a disk with an image is an error: the image size is fixed', async () => {
  const project = sizedProject();
  const [system] = disks(project);
  system.source = 'disks/system.raw';
  system.optionCapacityMiB = { large: 4096 };
  const loaded = await writeProject(project, { 'disks/system.raw': Buffer.alloc(512) });
  const finding = checkProject(loaded, [], new Map()).find((f) => f.code === 'PROJECT_DISK_OPTION_CAPACITY_SOURCE');
  assert.equal(finding?.severity, 'error');
  assert.equal(finding?.location.path, 'systems[0].disks[0].optionCapacityMiB');
  assert.match(finding?.message ?? '', /disk "system" has an image \("disks\/system.raw"\) and a size per deployment option/);
});

test('a size for an option the disk is not in is a warning, fixed by removing it', async () => {
  const project = sizedProject();
  const [, , logs] = disks(project);
  logs.optionCapacityMiB = { small: 64 };
  const finding = (await check(project)).find((f) => f.code === 'PROJECT_DISK_OPTION_CAPACITY_UNUSED');
  assert.equal(finding?.severity, 'warning');
  assert.deepEqual(finding?.fix?.edits, [{ path: ['systems', 0, 'disks', 2, 'optionCapacityMiB', 'small'], value: undefined }]);
});

test('the boot disk left out of the default option is an error whose fix adds the default option', async () => {
  const project = sizedProject();
  const [system, , logs] = disks(project);
  system.options = ['large'];
  const first = (await check(project)).find((f) => f.code === 'PROJECT_BOOT_DISK_NOT_IN_DEFAULT');
  assert.equal(first?.severity, 'error');
  assert.match(first?.message ?? '', /router boots from disk "system", which the default deployment option "medium" leaves out/);
  assert.deepEqual(first?.fix?.edits, [{ path: ['systems', 0, 'disks', 0, 'options'], value: ['large', 'medium'] }]);
  // A disk marked boot: true is the one that counts, wherever it sits.
  delete system.options;
  logs.boot = true;
  const marked = (await check(project)).filter((f) => f.code === 'PROJECT_BOOT_DISK_NOT_IN_DEFAULT');
  assert.deepEqual(marked.map((f) => f.location.path), ['systems[0].disks[2].options']);
});

test('a blank disk needs a size in every option it exists in; sizes for all of them make capacityMiB optional', async () => {
  const project = sizedProject();
  const [, data] = disks(project);
  delete data.capacityMiB;
  const missing = (await check(project)).find((f) => f.code === 'PROJECT_DISK_SIZE_UNKNOWN');
  assert.match(missing?.message ?? '', /blank disk "data" needs capacityMiB \(no size is given for deployment options "small", "medium"\)/);
  data.optionCapacityMiB = { small: 1024, medium: 2048, large: 8192 };
  assert.equal((await check(project)).some((f) => f.code === 'PROJECT_DISK_SIZE_UNKNOWN'), false);
});

test('two disks of disjoint options may share a unit; overlapping options may not', async () => {
  const project = sizedProject();
  const [, data, logs] = disks(project);
  data.options = ['small', 'medium'];
  logs.unit = 1;
  assert.equal((await check(project)).some((f) => f.code === 'PROJECT_UNIT_TAKEN'), false);
  data.options = ['small', 'large'];
  assert.deepEqual((await check(project)).filter((f) => f.code === 'PROJECT_UNIT_TAKEN').map((f) => f.message), ['"logs" and "data" both use unit 1 of controller "scsi0"']);
});

test('targets without deployment options warn that they build the default option and name the disks it leaves out or sizes', async () => {
  const findings = (await check(sizedProject(), ['all'])).filter((f) => f.code === 'TARGET_DEPLOYMENT_OPTIONS_IGNORED');
  assert.deepEqual(findings.map((f) => f.target).sort(), ['aws', 'azure', 'gce', 'hyperv', 'kvm', 'ovirt']);
  for (const finding of findings) {
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /offers no deployment options; it gets the default option "medium" and drops "small", "large" \(disk "data" at its "medium" size of 2048 MiB; disk "logs" left out\)$/);
  }
});

test('size limits apply to every option size where the target offers options, and to the default option size elsewhere', async () => {
  const project = sizedProject();
  const [, data] = disks(project);
  data.optionCapacityMiB = { large: 3 * 1024 * 1024 };
  data.capacityMiB = 1500;
  const findings = await check(project, ['xenserver', 'gce']);
  const xen = findings.filter((f) => f.target === 'xenserver' && f.code === 'TARGET_DISK_TOO_LARGE');
  assert.match(xen[0]?.message ?? '', /disk "data" is 3145728 MiB under option "large"/);
  // GCE builds the default option: its 1500 MiB size is rounded to whole GiB in capacityMiB, the large size is not its business.
  const gce = findings.filter((f) => f.target === 'gce' && f.code.startsWith('TARGET_DISK'));
  assert.deepEqual(gce.map((f) => [f.code, f.fix?.edits]), [['TARGET_DISK_SIZE_ALIGNMENT', [{ path: ['systems', 0, 'disks', 1, 'capacityMiB'], value: 2048 }]]]);
});

test('disk counts are per option: AWS counts only the default option', async () => {
  const project = sizedProject();
  const system = project.systems[0];
  assert.ok(system);
  system.disks = Array.from({ length: 25 }, (_, i) => ({ id: `d${i}`, capacityMiB: 16, controller: 'scsi0', unit: i, ...(i >= 20 ? { options: ['large'] } : {}) }));
  const findings = await check(project, ['aws', 'vmware-esxi']);
  assert.equal(findings.some((f) => f.target === 'aws' && f.code === 'TARGET_TOO_MANY_DISKS'), false);
});
