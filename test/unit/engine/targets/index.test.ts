import assert from 'node:assert/strict';
import { test } from 'node:test';
import { targetIds, type ProjectInput, type TargetId } from '../../../../electron/engine/project/schema.ts';
import type { SourceDisk } from '../../../../electron/engine/project/disk-size.ts';
import type { Finding } from '../../../../electron/engine/targets/finding.ts';
import { checkProject, selectTargets, targetProfiles } from '../../../../electron/engine/targets/index.ts';
import { baseProject, writeProject } from './projects.ts';

async function check(project: ProjectInput, targets: string[] = [], files: Record<string, string | Buffer> = {}, sources = new Map<string, SourceDisk>()): Promise<Finding[]> {
  const loaded = await writeProject(project, files);
  return checkProject(loaded, selectTargets(loaded, targets), sources);
}

const codes = (findings: Finding[], severity?: Finding['severity']) => findings.filter((f) => !severity || f.severity === severity).map((f) => f.code);
const system = (project: ProjectInput) => {
  const first = project.systems[0];
  assert.ok(first);
  return first;
};

test('there is exactly one profile per target id, each with a title and a disk format', () => {
  assert.deepEqual(targetProfiles.map((p) => p.id).sort(), [...targetIds].sort());
  for (const profile of targetProfiles) {
    assert.ok(profile.title.length > 0);
    assert.ok(profile.diskFormat({ id: profile.id }));
  }
});

test('a plain 64-bit EFI appliance passes every target without errors (Hyper-V generation 2 by default)', async () => {
  const findings = await check(baseProject(), ['all']);
  assert.deepEqual(codes(findings, 'error'), []);
});

test('the same appliance with BIOS fails Hyper-V generation 2 and the fix is to choose generation 1', async () => {
  const project = baseProject();
  system(project).firmware = 'bios';
  project.targets = [{ id: 'hyperv' }];
  const findings = await check(project);
  const firmware = findings.find((f) => f.code === 'TARGET_FIRMWARE_UNSUPPORTED');
  assert.equal(firmware?.target, 'hyperv');
  assert.equal(firmware?.location.path, 'systems[0].firmware');
  assert.deepEqual(firmware?.fix?.edits, [{ path: ['targets', 0, 'generation'], value: 1 }]);
  project.targets = [{ id: 'hyperv', generation: 1 }];
  assert.deepEqual(codes(await check(project), 'error'), []);
});

test('a 32-bit guest is refused by AWS and by Hyper-V generation 2', async () => {
  const project = baseProject();
  system(project).os = 'linux';
  const findings = await check(project, ['aws', 'hyperv', 'kvm']);
  assert.deepEqual(
    findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.target]),
    [
      ['HYPERV_GEN2_32BIT', 'hyperv'],
      ['TARGET_32BIT_GUEST', 'aws'],
    ],
  );
});

test('NVMe disks warn for Proxmox and oVirt, which attach them to SATA, and the fix changes the controller', async () => {
  const project = baseProject();
  system(project).controllers = [{ id: 'nvme0', type: 'nvme' }];
  system(project).disks = [{ id: 'system', capacityMiB: 64, controller: 'nvme0', unit: 0 }];
  const findings = (await check(project, ['proxmox', 'ovirt', 'vmware-esxi'])).filter((f) => f.code === 'TARGET_CONTROLLER_UNSUPPORTED');
  assert.deepEqual(findings.map((f) => [f.target, f.severity]).sort(), [
    ['ovirt', 'warning'],
    ['proxmox', 'warning'],
  ]);
  assert.deepEqual(findings[0]?.fix?.edits, [{ path: ['systems', 0, 'controllers', 0, 'type'], value: 'sata' }]);
});

test('AWS refuses more than 21 disks; XenServer warns about a second CD drive', async () => {
  const project = baseProject();
  const vm = system(project);
  vm.controllers = [...vm.controllers, { id: 'ide0', type: 'ide' }];
  vm.disks = Array.from({ length: 22 }, (_, i) => ({ id: `d${i}`, capacityMiB: 8, controller: 'scsi0', unit: i }));
  vm.media = [
    { id: 'cd0', controller: 'ide0', unit: 0 },
    { id: 'cd1', controller: 'ide0', unit: 1 },
  ];
  const findings = await check(project, ['aws', 'xenserver']);
  assert.ok(findings.some((f) => f.code === 'TARGET_TOO_MANY_DISKS' && f.target === 'aws' && f.severity === 'error'));
  assert.ok(findings.some((f) => f.code === 'TARGET_TOO_MANY_MEDIA' && f.target === 'xenserver' && f.severity === 'warning'));
});

test('GCE wants whole-GiB disks: the finding proposes the rounded size', async () => {
  const project = baseProject();
  system(project).disks = [{ id: 'system', capacityMiB: 1500, controller: 'scsi0', unit: 0 }];
  const finding = (await check(project, ['gce'])).find((f) => f.code === 'TARGET_DISK_SIZE_ALIGNMENT');
  assert.deepEqual(finding?.fix?.edits, [{ path: ['systems', 0, 'disks', 0, 'capacityMiB'], value: 2048 }]);
});

test('disks above the VHD limit are refused for Azure, XenServer and Hyper-V; measured source sizes count too', async () => {
  const project = baseProject();
  system(project).disks = [{ id: 'system', source: 'big.raw', controller: 'scsi0', unit: 0 }];
  const findings = await check(project, ['azure', 'xenserver', 'hyperv', 'kvm'], { 'big.raw': '' }, new Map([['router/system', { virtualSize: 2041 * 1024 ** 3, format: 'raw', partitionTable: 'mbr' as const, bootablePartition: true }]]));
  assert.deepEqual(findings.filter((f) => f.code === 'TARGET_DISK_TOO_LARGE').map((f) => f.target).sort(), ['azure', 'hyperv', 'xenserver']);
});

test('Proxmox, oVirt, AWS, Azure, GCE and Hyper-V refuse a multi-VM appliance; VMware and VirtualBox take it', async () => {
  const project = baseProject();
  project.systems = [system(project), { ...system(project), id: 'db', name: 'Database' }];
  const findings = (await check(project, ['all'])).filter((f) => f.code === 'TARGET_TOO_MANY_SYSTEMS');
  assert.deepEqual(findings.map((f) => f.target).sort(), ['aws', 'azure', 'gce', 'hyperv', 'ovirt', 'proxmox'] satisfies TargetId[]);
});

test('options a target does not read are reported with a fix that removes them', async () => {
  const project = baseProject();
  project.targets = [{ id: 'kvm', esxi: '7.0' }];
  const finding = (await check(project)).find((f) => f.code === 'TARGET_OPTION_IGNORED');
  assert.equal(finding?.location.path, 'targets[0].esxi');
  assert.deepEqual(finding?.fix?.edits, [{ path: ['targets', 0, 'esxi'], value: undefined }]);
});

test('NIC models a platform lacks are noted with the model it gets instead', async () => {
  const project = baseProject();
  system(project).nics = [{ network: 'VM Network', model: 'virtio' }];
  const findings = (await check(project, ['vmware-esxi', 'kvm'])).filter((f) => f.code === 'TARGET_NIC_MODEL_SUBSTITUTED');
  assert.equal(findings.length, 1);
  assert.match(findings[0]?.message ?? '', /becomes vmxnet3/);
});

test('project rules: missing files, duplicate ids, shared slots, bad IDE units and unknown controllers', async () => {
  const project = baseProject();
  const vm = system(project);
  vm.controllers = [...vm.controllers, { id: 'ide0', type: 'ide' }];
  vm.disks = [
    { id: 'system', source: 'disks/missing.vmdk', controller: 'scsi0', unit: 0 },
    { id: 'system', capacityMiB: 8, controller: 'scsi0', unit: 0 },
    { id: 'data', capacityMiB: 8, controller: 'ide0', unit: 2 },
    { id: 'logs', capacityMiB: 8, controller: 'sata9', unit: 0 },
  ];
  const findings = await check(project);
  assert.deepEqual(codes(findings, 'error').sort(), ['PROJECT_CONTROLLER_UNKNOWN', 'PROJECT_DUPLICATE_ID', 'PROJECT_FILE_MISSING', 'PROJECT_IDE_UNIT', 'PROJECT_UNIT_TAKEN']);
  const missing = findings.find((f) => f.code === 'PROJECT_FILE_MISSING');
  assert.equal(missing?.location.path, 'systems[0].disks[0].source');
  assert.equal(missing?.location.file, 'appliance.yaml');
  assert.ok((missing?.location.line ?? 0) > 1);
});

test('property defaults are checked against their CIM type without printing the value', async () => {
  const project = baseProject();
  project.properties = [
    { key: 'port', type: 'uint16', default: 70000 },
    { key: 'debug', type: 'boolean', default: 'yes' },
    { key: 'ratio', type: 'real32', default: '0.5' },
    { key: 'admin_password', type: 'string', password: true, default: 'hunter2-secret' },
  ];
  const findings = await check(project);
  assert.deepEqual(findings.filter((f) => f.code === 'PROJECT_PROPERTY_DEFAULT').map((f) => f.location.path), ['properties[0].default', 'properties[1].default']);
  const password = findings.find((f) => f.code === 'PROJECT_PASSWORD_DEFAULT');
  assert.equal(password?.severity, 'warning');
  assert.ok(!JSON.stringify(findings).includes('hunter2-secret'));
});

test('per-option property defaults must name a declared deployment option and fit the property type; a password one is a warning', async () => {
  const project = baseProject();
  project.deploymentOptions = [{ id: 'small', label: 'Small', description: '1 CPU', default: true }];
  project.properties = [
    { key: 'port', type: 'uint16', default: 80, optionDefaults: { small: 70000 } },
    { key: 'hostname', type: 'string', optionDefaults: { small: 'tiny', huge: 'big' } },
    { key: 'secret', type: 'string', password: true, optionDefaults: { small: 'hunter2-secret' } },
  ];
  const findings = await check(project);
  const password = findings.find((f) => f.code === 'PROJECT_PASSWORD_DEFAULT');
  assert.equal(password?.location.path, 'properties[2].optionDefaults.small');
  assert.ok(!JSON.stringify(findings).includes('hunter2-secret'));
  assert.deepEqual(
    findings.filter((f) => f.code.startsWith('PROJECT_PROPERTY_OPTION')).map((f) => [f.code, f.location.path, f.message]),
    [
      ['PROJECT_PROPERTY_OPTION_DEFAULT', 'properties[0].optionDefaults.small', 'the default of property "port" under deployment option "small" does not fit its type uint16: outside uint16 (0..65535)'],
      ['PROJECT_PROPERTY_OPTION_UNKNOWN', 'properties[1].optionDefaults.huge', 'property "hostname" has a default for deployment option "huge", which is not declared'],
    ],
  );
});

test('two default deployment options, an unknown system in the startup order and an uneven CPU topology are errors', async () => {
  const project = baseProject();
  system(project).cpus = 3;
  system(project).coresPerSocket = 2;
  project.deploymentOptions = [
    { id: 'small', label: 'Small', description: '1 CPU', default: true, systems: { router: { cpus: 1 } } },
    { id: 'large', label: 'Large', description: '8 CPUs', default: true, systems: { nosuch: { cpus: 8 } } },
  ];
  project.startup = [{ system: 'ghost', order: 0 }];
  const findings = await check(project);
  assert.deepEqual(codes(findings, 'error').sort(), ['PROJECT_CORES_PER_SOCKET', 'PROJECT_DEPLOYMENT_DEFAULTS', 'PROJECT_SYSTEM_UNKNOWN', 'PROJECT_SYSTEM_UNKNOWN']);
});

test('Secure Boot with BIOS is an error whose fix switches to EFI', async () => {
  const project = baseProject();
  system(project).firmware = 'bios';
  system(project).secureBoot = true;
  const finding = (await check(project)).find((f) => f.code === 'PROJECT_SECURE_BOOT_NEEDS_EFI');
  assert.deepEqual(finding?.fix?.edits, [{ path: ['systems', 0, 'firmware'], value: 'efi' }]);
});

test('an unknown target name on the command line is a usage error listing the known ones', async () => {
  const loaded = await writeProject(baseProject());
  assert.throws(() => selectTargets(loaded, ['vmware']), /unknown target "vmware": choose from vmware-esxi/);
});

test('findings come errors first, then in file order', async () => {
  const project = baseProject();
  system(project).nics = [{ network: 'Other', model: 'virtio' }];
  system(project).disks = [{ id: 'system', source: 'nope.raw', controller: 'scsi0', unit: 0 }];
  const findings = await check(project, ['vmware-esxi']);
  assert.deepEqual(
    findings.map((f) => [f.severity, f.code]),
    [
      ['error', 'PROJECT_FILE_MISSING'],
      ['warning', 'PROJECT_NETWORK_UNDECLARED'],
      ['info', 'TARGET_NIC_MODEL_SUBSTITUTED'],
      ['info', 'PROJECT_NO_TARGETS'],
    ],
  );
});
