import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cli } from '../../support/cli.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const packageVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

test('--version prints the package version and exits 0', async () => {
  const run = await cli(['--version']);
  assert.equal(run.code, 0);
  assert.equal(run.stdout.trim(), packageVersion);
});

test('--help lists the subcommands and the exit codes', async () => {
  const run = await cli(['--help']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /Usage: appliance/);
  assert.match(run.stdout, /digest/);
  assert.match(run.stdout, /2 usage error/);
});

test('an unknown option is a usage error with exit code 2', async () => {
  const run = await cli(['digest', '--no-such-flag', 'x']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /unknown option '--no-such-flag'/);
});

test('no arguments prints the help and exits 2', async () => {
  const run = await cli([]);
  assert.equal(run.code, 2);
  assert.match(run.stdout, /Usage: appliance/);
});

test('a missing input file exits 3 naming the file and the reason', async () => {
  const run = await cli(['digest', '/nonexistent/disk.vmdk']);
  assert.equal(run.code, 3);
  assert.equal(run.stderr, 'appliance: /nonexistent/disk.vmdk: no such file or folder [FILE_ENOENT]\n');
});

test('a bad option value is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-'));
  writeFileSync(join(dir, 'a'), 'abc');
  const run = await cli(['digest', '-a', 'md5', join(dir, 'a')]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /unknown digest algorithm "md5"/);
});

test('digest prints manifest lines that sha256sum agrees with', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-'));
  const file = join(dir, 'disk.img');
  writeFileSync(file, Buffer.alloc(5 * 1024 * 1024 + 17, 7));
  const run = await cli(['digest', 'disk.img'], { cwd: dir });
  const expected = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `SHA256(disk.img)= ${expected}\n`);
});

test('the built binary runs with --help and reports errors without a stack trace', () => {
  execFileSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { cwd: root });
  const help = spawnSync(process.execPath, [join(root, 'dist/cli/appliance.js'), '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: appliance/);
  const missing = spawnSync(process.execPath, [join(root, 'dist/cli/appliance.js'), 'digest', '/nope'], { encoding: 'utf8' });
  assert.equal(missing.status, 3);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
});

test('an internal error prints one line with the path of a log that holds the stack', async () => {
  const home = mkdtempSync(join(tmpdir(), 'appliance-home-'));
  const explode = (program: import('commander').Command) => {
    program.command('explode').action(() => {
      throw new TypeError('cannot read properties of undefined');
    });
  };
  const run = await cli(['explode'], { home, registrars: [explode] });
  assert.equal(run.code, 4);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1);
  const log = /details in (\S+)\)$/.exec(lines[0] ?? '')?.[1];
  if (!log?.startsWith(join(home, 'logs'))) assert.fail(`no log path under the home in: ${run.stderr}`);
  assert.match(readFileSync(log, 'utf8'), /TypeError: cannot read properties of undefined\n\s+at /);
});

test('a full disk is reported as the environment\'s error with its file, exit 3, no crash log', { skip: existsSync('/dev/full') ? false : 'no /dev/full here' }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'appliance-home-'));
  // /dev/full refuses every write with ENOSPC, a real operating-system error.
  const fill = (program: import('commander').Command) => {
    program.command('fill').action(async () => {
      const handle = await open('/dev/full', 'w');
      try {
        await handle.write(Buffer.alloc(4096));
      } finally {
        await handle.close();
      }
    });
  };
  const run = await cli(['fill'], { home, registrars: [fill] });
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /no space left on the device/);
  assert.doesNotMatch(run.stderr, /internal error/);
  assert.ok(!existsSync(join(home, 'logs')), 'no crash log for a full disk');
});
