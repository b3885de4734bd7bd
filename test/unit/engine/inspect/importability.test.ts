import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importability, targetDiskFormat, type ImportFacts } from '../../../../electron/engine/inspect/importability.ts';

const ova: ImportFacts = { kind: 'ova', systems: 1, diskFormats: ['vmdk-stream'], largestDiskBytes: 2 ** 30, controllers: ['scsi'], nicModels: ['vmxnet3'] };
const verdict = (facts: ImportFacts, target: string) => importability(facts).find((v) => v.target === target);

test('a one-system OVA with streamOptimized disks, SCSI and vmxnet3 imports into ESXi as it is', () => {
  assert.deepEqual(verdict(ova, 'vmware-esxi'), { target: 'vmware-esxi', title: 'VMware ESXi', verdict: 'yes', reasons: [] });
});

test('a platform that does not take OVF needs conversion, and says into what', () => {
  const hyperv = verdict(ova, 'hyperv');
  assert.equal(hyperv?.verdict, 'convert');
  assert.match(hyperv?.reasons.join('\n') ?? '', /does not import OVF: needs a Hyper-V import folder/);
  assert.match(hyperv?.reasons.join('\n') ?? '', /disks are vmdk-stream; it takes vh/);
});

test('hard limits make a target refuse: too many systems, a disk past its maximum', () => {
  const two = verdict({ ...ova, systems: 2 }, 'aws');
  assert.equal(two?.verdict, 'no');
  assert.match(two?.reasons[0] ?? '', /2 virtual systems; AWS VM Import imports at most 1/);
  const huge = verdict({ ...ova, largestDiskBytes: 3 * 2 ** 40 }, 'azure');
  assert.equal(huge?.verdict, 'no');
  assert.match(huge?.reasons[0] ?? '', /a 3\.00 TiB disk; the limit is/);
});

test('controllers and NIC models a target lacks are conversions; bare disks go where a bare disk is taken', () => {
  assert.match(verdict({ ...ova, controllers: ['nvme'] }, 'proxmox')?.reasons.join() ?? '', /no nvme controller/);
  assert.match(verdict({ ...ova, nicModels: ['vmxnet3'] }, 'virtualbox')?.reasons.join() ?? '', /NIC model vmxnet3 becomes/);
  const qcow2: ImportFacts = { kind: 'qcow2', systems: 1, diskFormats: ['qcow2'], controllers: [], nicModels: [] };
  assert.equal(verdict(qcow2, 'kvm')?.verdict, 'yes');
  assert.equal(verdict(qcow2, 'vmware-esxi')?.verdict, 'convert');
  assert.deepEqual(importability({ ...qcow2, kind: 'iso' }), []);
});

test('report disk format names map onto the target vocabulary', () => {
  assert.equal(targetDiskFormat('VMDK streamOptimized'), 'vmdk-stream');
  assert.equal(targetDiskFormat('VMDK monolithicSparse'), undefined);
  assert.equal(targetDiskFormat('VHD fixed'), 'vhd-fixed');
  assert.equal(targetDiskFormat('VHD dynamic'), 'vhd-dynamic');
  assert.equal(targetDiskFormat('VHDX dynamic'), 'vhdx');
  assert.equal(targetDiskFormat('QCOW2 v3'), 'qcow2');
  assert.equal(targetDiskFormat('raw'), 'raw');
});
