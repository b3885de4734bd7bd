// The boot smoke test: QEMU (TCG, SeaBIOS) boots a disk on the bus its platform uses and we read
// the guest's first serial port. `-no-reboot` turns the test sector's triple fault into an exit,
// `-snapshot` keeps the disk untouched. oracles.md: /dev/kvm is unusable here, so always TCG.
import { spawn } from 'node:child_process';
import { EngineError } from '../errors.ts';
import type { BootBus, BootDisk } from './boot-disk.ts';

export interface BootResult {
  readonly serial: string;
  /** True when QEMU ended by itself (the guest reset or powered off) before the timeout. */
  readonly exited: boolean;
  readonly seconds: number;
  readonly command: readonly string[];
}

export const qemuBinary = 'qemu-system-x86_64';

function driveArguments(disk: BootDisk): string[] {
  const drive = `file=${disk.file.replace(/,/g, ',,')},format=${disk.format},if=none,id=boot`;
  const scsi = (controller: string) => ['-device', `${controller},id=scsi0`, '-drive', drive, '-device', 'scsi-hd,bus=scsi0.0,drive=boot,bootindex=0'];
  const byBus: Record<BootBus, string[]> = {
    ide: ['-drive', drive, '-device', 'ide-hd,drive=boot,bus=ide.0,bootindex=0'],
    sata: ['-device', 'ich9-ahci,id=ahci', '-drive', drive, '-device', 'ide-hd,bus=ahci.0,drive=boot,bootindex=0'],
    lsilogic: scsi('lsi53c895a'),
    lsilogicsas: scsi('megasas'),
    pvscsi: scsi('pvscsi'),
    'virtio-scsi': scsi('virtio-scsi-pci'),
    nvme: ['-drive', drive, '-device', 'nvme,drive=boot,serial=boot0,bootindex=0'],
  };
  return byBus[disk.bus];
}

export async function bootSmokeTest(disk: BootDisk, options: { timeoutSeconds?: number; signal?: AbortSignal; binary?: string } = {}): Promise<BootResult> {
  const args = ['-accel', 'tcg', '-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot', '-m', '32', '-snapshot', '-nodefaults', ...driveArguments(disk)];
  const binary = options.binary ?? qemuBinary;
  const started = performance.now();
  return new Promise<BootResult>((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let serial = '';
    let errors = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, (options.timeoutSeconds ?? 20) * 1000);
    const abort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (serial.length < 65536) serial += chunk.toString('latin1');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (errors.length < 8192) errors += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new EngineError('QEMU_MISSING', 'input', `${binary} is not installed (Debian: apt-get install qemu-system-x86)`)
          : error,
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      if (!timedOut && code !== 0 && serial === '' && errors) {
        reject(new EngineError('QEMU_FAILED', 'input', `QEMU refused to start: ${errors.trim().split('\n')[0]}`, { file: disk.file }));
        return;
      }
      resolve({ serial, exited: !timedOut && !options.signal?.aborted, seconds: (performance.now() - started) / 1000, command: [binary, ...args] });
    });
  });
}
