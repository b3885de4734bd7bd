import type { Command } from 'commander';
import { resolve } from 'node:path';
import { findBootDisk } from '../../engine/build/boot-disk.ts';
import { bootSmokeTest } from '../../engine/build/boot-smoke.ts';
import { usageError } from '../../engine/errors.ts';
import { CheckFailed } from '../program.ts';
import { writeJson, type CliIO } from '../io.ts';

export function registerTestBoot(program: Command, io: CliIO): void {
  program
    .command('test-boot')
    .description("boot a build output's disk in QEMU (TCG, SeaBIOS) on the bus its platform uses and show the serial console")
    .argument('<folder>', 'a target folder of a build, e.g. OUT/vmware-esxi')
    .option('--expect <text>', 'pass only when the serial output contains this text')
    .option('--timeout <seconds>', 'stop the VM after this many seconds', '20')
    .option('--json', 'print JSON')
    .action(async (folder: string, options: { expect?: string; timeout: string; json?: boolean }) => {
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 3600) throw usageError(`--timeout must be between 1 and 3600 seconds, not "${options.timeout}"`);
      const disk = await findBootDisk(resolve(io.cwd, folder));
      try {
        const result = await bootSmokeTest(disk, { timeoutSeconds, signal: io.signal });
        // Without --expect, a boot passes when the guest wrote to its serial port.
        const passed = options.expect !== undefined ? result.serial.includes(options.expect) : result.serial.trim().length > 0;
        if (options.json) writeJson(io, { folder, bus: disk.bus, format: disk.format, passed, exited: result.exited, seconds: result.seconds, serial: result.serial });
        else {
          io.stdout.write(`booted ${disk.format} disk on ${disk.bus} for ${result.seconds.toFixed(1)} s (${result.exited ? 'the guest ended the run' : 'stopped at the timeout'})\n--- serial ---\n${result.serial}${result.serial.endsWith('\n') ? '' : '\n'}--- ${passed ? 'passed' : 'FAILED'} ---\n`);
        }
        if (!passed) throw new CheckFailed();
      } finally {
        await disk.dispose();
      }
    });
}
