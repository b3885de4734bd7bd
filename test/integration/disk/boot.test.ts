// The strongest oracle for a disk: a machine boots from it. The fixture boot sector prints a known
// string on COM1 and triple-faults; QEMU with -no-reboot then exits by itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertDisk, TARGET_FORMATS } from '../../../electron/engine/disk/index.ts';
import { BOOT_MESSAGE, writeBootableDisk } from '../../fixtures/disks.ts';
import { qemuFormat } from './qemu-img.ts';

const hasQemu = spawnSync('qemu-system-x86_64', ['--version']).status === 0;

test('QEMU boots every format we write and the boot sector reaches COM1', { skip: hasQemu ? false : 'qemu-system-x86_64 is not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'disk-boot-'));
  const source = await writeBootableDisk(join(dir, 'boot-source.img'), 8 * 1024 * 1024);
  const results = await convertDisk(source.path, TARGET_FORMATS.map((format) => ({ path: join(dir, `boot.${format}`), format })));
  for (const result of results) {
    const run = spawnSync(
      'qemu-system-x86_64',
      ['-accel', 'tcg', '-display', 'none', '-serial', 'stdio', '-no-reboot', '-m', '32', '-snapshot', '-drive', `file=${result.path},format=${qemuFormat[result.format]},if=ide`],
      { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    assert.ok(run.stdout.includes(BOOT_MESSAGE), `${result.format}: ${run.stdout}${run.stderr}`);
  }
});
