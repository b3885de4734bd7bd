// The build, import and test-boot commands as a user runs them: in process through runCli, and
// once through the built binary (dist/cli/appliance.js).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildHistory } from '../../../electron/engine/build/record.ts';
import { Catalog } from '../../../electron/engine/catalog/catalog.ts';
import { catalogPath } from '../../../electron/engine/home.ts';
import { testCa, TEST_PASSPHRASE, type TestCa } from '../../fixtures/test-ca.ts';
import { cli } from '../../support/cli.ts';
import { hasCommand } from '../targets/oracles.ts';
import { applianceProject, writeAppliance } from './appliance.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
let ca: TestCa;
let project: string;

before(async () => {
  ca = await testCa();
  project = await writeAppliance(applianceProject([{ id: 'kvm' }, { id: 'vmware-esxi' }]));
});

test('build prints each output, writes the report and records the build in the catalog', async () => {
  const home = temp('home-');
  const out = join(temp('cli-build-'), 'out');
  // The CLI helper passes this process's environment through.
  process.env.BUILD_TEST_PASS = TEST_PASSPHRASE;
  const run = await cli(['build', project, '-o', out, '--sign', ca.rsaLeaf.encryptedKeyPath, '--cert', ca.rsaLeaf.certPath, '--chain', ca.rsaLeaf.chainPath, '--passphrase-env', 'BUILD_TEST_PASS'], { home });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^kvm: kvm\/acme-router-1\.0-system\.qcow2 \(.*\), kvm\/acme-router-1\.0\.cert .*signed$/m);
  assert.match(run.stdout, /^vmware-esxi: vmware-esxi\/acme-router-1\.0\.ova \(.*\), signed$/m);
  assert.match(run.stdout, /built 2 target\(s\) in .* s; report: .*build-report\.html/);
  const catalog = Catalog.open(catalogPath(home));
  const history = buildHistory(catalog, project);
  catalog.close();
  assert.equal(history.length, 1);
  assert.equal(history[0]?.result, 'ok');
  assert.equal(history[0]?.targets, 'kvm vmware-esxi');
  assert.match(history[0]?.signer ?? '', new RegExp(ca.rsaLeaf.commonName));
  assert.ok(!JSON.stringify(history).includes(TEST_PASSPHRASE));
});

test('build --json prints the report; a failed build exits with its code and is recorded as failed', async () => {
  const home = temp('home-');
  const out = join(temp('cli-build-'), 'out');
  const run = await cli(['build', project, '-o', out, '-t', 'kvm', '--json'], { home });
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { targets: { target: string; files: { name: string }[] }[] };
  assert.deepEqual(report.targets.map((t) => t.target), ['kvm']);
  const again = await cli(['build', project, '-o', out, '-t', 'kvm'], { home });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists/);
  const catalog = Catalog.open(catalogPath(home));
  assert.deepEqual(buildHistory(catalog, project).map((b) => b.result), ['failed', 'ok']);
  catalog.close();
});

test('build refuses a project with errors (exit 1), bad signing options (exit 2) and a wrong key (exit 3)', async () => {
  const broken = await writeAppliance(applianceProject([{ id: 'hyperv' }]));
  const failed = await cli(['build', broken, '-o', join(temp('cli-build-'), 'out')]);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /^error: appliance\.yaml, line \d+, systems\[0\]\.firmware: Microsoft Hyper-V cannot boot .* \(TARGET_FIRMWARE_UNSUPPORTED\) \[hyperv\]$/m);
  assert.match(failed.stderr, /BUILD_CHECK_FAILED/);
  assert.equal((await cli(['build', project, '-o', join(temp('o-'), 'o'), '--cert', ca.rsaLeaf.certPath])).code, 2);
  const mismatch = await cli(['build', project, '-o', join(temp('o-'), 'o'), '--sign', ca.ecLeaf.keyPath, '--cert', ca.rsaLeaf.certPath]);
  assert.equal(mismatch.code, 3);
  assert.match(mismatch.stderr, /does not belong/);
});

test('import of a built OVA through the CLI lists what it created', async () => {
  const out = join(temp('cli-build-'), 'out');
  assert.equal((await cli(['build', project, '-o', out, '-t', 'vmware-esxi'])).code, 0);
  const imported = join(temp('cli-import-'), 'p');
  const run = await cli(['import', join(out, 'vmware-esxi', 'acme-router-1.0.ova'), '-o', imported, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { systems: string[]; disks: string[]; notes: unknown[]; targets: string[] };
  assert.deepEqual(result.systems, ['router']);
  assert.deepEqual(result.disks, ['disks/acme-router-1.0-system.vmdk']);
  assert.deepEqual(result.targets, ['vmware-esxi']);
  assert.equal((await cli(['check', imported])).code, 0);
});

test('the built binary builds a project and test-boot boots its disk in QEMU', { skip: hasCommand('qemu-system-x86_64') ? undefined : 'qemu-system-x86_64 is not installed (Debian qemu-system-x86)' }, () => {
  const built = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const out = join(temp('bin-build-'), 'out');
  const env = { ...process.env, APPLIANCE_STUDIO_HOME: temp('home-'), SOURCE_DATE_EPOCH: '1700000000' };
  const build = spawnSync(process.execPath, [join(root, 'dist/cli/appliance.js'), 'build', project, '-o', out], { encoding: 'utf8', env });
  assert.equal(build.status, 0, build.stderr);
  const boot = spawnSync(process.execPath, [join(root, 'dist/cli/appliance.js'), 'test-boot', join(out, 'vmware-esxi'), '--expect', 'APPLIANCE-STUDIO-BOOT-OK', '--json'], { encoding: 'utf8', env });
  assert.equal(boot.status, 0, boot.stderr + boot.stdout);
  const result = JSON.parse(boot.stdout) as { passed: boolean; bus: string; format: string };
  assert.deepEqual([result.passed, result.bus, result.format], [true, 'ide', 'vmdk']);
  const miss = spawnSync(process.execPath, [join(root, 'dist/cli/appliance.js'), 'test-boot', join(out, 'kvm'), '--expect', 'NOT-THERE', '--timeout', '10'], { encoding: 'utf8', env });
  assert.equal(miss.status, 1);
  assert.match(miss.stdout, /--- FAILED ---/);
  assert.ok(readFileSync(join(out, 'build-report.json'), 'utf8').includes('"sourceDateEpoch": 1700000000'));
});

test('on a terminal the built binary shows one progress line naming what each target is doing', () => {
  const built = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const out = join(temp('tty-build-'), 'out');
  const command = [process.execPath, join(root, 'dist/cli/appliance.js'), 'build', project, '-o', out].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  // script(1) gives the command a pseudo-terminal, so stderr is a TTY as in a user's shell; a wide one keeps lines whole.
  const run = spawnSync('script', ['-qefc', `stty cols 200; ${command}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, APPLIANCE_STUDIO_HOME: temp('home-') } });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const lines = run.stdout.split('\r').map((line) => line.trim());
  assert.ok(lines.some((line) => /^build \[converting for kvm, vmware-esxi\]: \d+% \(.* of .*\)/.test(line)), run.stdout);
  assert.ok(lines.some((line) => /^build \[.*(packaging \d+%|signing|done).*\]: \d+% /.test(line)), run.stdout);
  assert.match(run.stdout, /built 2 target\(s\)/);
});
