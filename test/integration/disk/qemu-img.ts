// qemu-img as an oracle: compare, check and info, with the format names qemu uses.
import { spawnSync } from 'node:child_process';
import type { TargetFormat } from '../../../electron/engine/disk/index.ts';

export const qemuFormat: Record<TargetFormat, string> = { vmdk: 'vmdk', vhd: 'vpc', 'vhd-fixed': 'vpc', vhdx: 'vhdx', qcow2: 'qcow2', raw: 'raw' };

export const hasQemuImg = spawnSync('qemu-img', ['--version']).status === 0;

export function qemuImg(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('qemu-img', args, { encoding: 'utf8' });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** `qemu-img compare`: exit 0 when the guest sees the same bytes (extra zeros at the end allowed). */
export function compareImages(a: string, aFormat: string, b: string, bFormat: string): { identical: boolean; output: string } {
  const run = qemuImg(['compare', '-f', aFormat, '-F', bFormat, a, b]);
  return { identical: run.status === 0, output: run.stdout + run.stderr };
}

export function virtualSizeOf(path: string, format: string): number {
  const run = qemuImg(['info', '--output=json', '-f', format, path]);
  return (JSON.parse(run.stdout) as { 'virtual-size': number })['virtual-size'];
}

/** `qemu-img check` where qemu supports it; undefined for formats it cannot check (vpc, raw). */
export function checkImage(path: string, format: string): { clean: boolean; output: string } | undefined {
  if (format === 'vpc' || format === 'raw') return undefined;
  const run = qemuImg(['check', '-f', format, path]);
  return { clean: run.status === 0 && /No errors were found/.test(run.stdout), output: run.stdout + run.stderr };
}
