import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../../../support/cli.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'cli-check-'));

test('init then check: a new project passes its default target with exit 0', async () => {
  const dir = fresh();
  const init = await cli(['init', 'p', '--name', 'Acme Router', '--os', 'debian-64'], { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /created .*appliance\.yaml/);
  const check = await cli(['check', 'p'], { cwd: dir });
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /^0 error\(s\), 0 warning\(s\), 0 note\(s\)$/m);
});

test('check exits 1 and prints each error with its place, code, explanation and fix', async () => {
  const dir = fresh();
  await cli(['init', dir, '-t', 'hyperv'], { cwd: dir });
  const run = await cli(['check', dir], { cwd: dir });
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^error: appliance\.yaml, line \d+, systems\[0\]\.firmware: Microsoft Hyper-V cannot boot .* \(TARGET_FIRMWARE_UNSUPPORTED\) \[hyperv\]$/m);
  assert.match(run.stdout, /fix \(--fix\): use Hyper-V generation 1/);
});

test('check --json lists findings with code, severity, location and fix', async () => {
  const dir = fresh();
  await cli(['init', dir, '-t', 'hyperv'], { cwd: dir });
  const run = await cli(['check', dir, '--json'], { cwd: dir });
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout) as { targets: string[]; errors: number; findings: { code: string; location: { path: string; line: number }; fix?: unknown }[] };
  assert.deepEqual(report.targets, ['hyperv']);
  assert.equal(report.errors, 1);
  assert.equal(report.findings[0]?.code, 'TARGET_FIRMWARE_UNSUPPORTED');
  assert.equal(report.findings[0]?.location.path, 'systems[0].firmware');
  assert.ok(report.findings[0]?.fix);
});

test('check --fix rewrites appliance.yaml keeping its comments and then passes', async () => {
  const dir = fresh();
  await cli(['init', dir, '-t', 'hyperv'], { cwd: dir });
  const run = await cli(['check', dir, '--fix'], { cwd: dir });
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /^fixed: use Hyper-V generation 1 \(TARGET_FIRMWARE_UNSUPPORTED/m);
  const text = readFileSync(join(dir, 'appliance.yaml'), 'utf8');
  assert.match(text, /generation: 1/);
  assert.match(text, /# or efi \(with secureBoot: true if wanted\)/);
});

test('--target narrows or widens the check; an unknown target is a usage error (exit 2)', async () => {
  const dir = fresh();
  await cli(['init', dir, '-t', 'hyperv'], { cwd: dir });
  assert.equal((await cli(['check', dir, '-t', 'kvm'], { cwd: dir })).code, 0);
  assert.equal((await cli(['check', dir, '-t', 'all'], { cwd: dir })).code, 1);
  const bad = await cli(['check', dir, '-t', 'vmware'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown target "vmware"/);
});

test('a folder that is not a project exits 3; a malformed project exits 3 naming the line', async () => {
  const dir = fresh();
  const missing = await cli(['check', dir], { cwd: dir });
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /has no appliance\.yaml .*PROJECT_NOT_FOUND/);
  await cli(['init', dir], { cwd: dir });
  const text = readFileSync(join(dir, 'appliance.yaml'), 'utf8').replace('cpus: 2', 'cpus: many');
  writeFileSync(join(dir, 'appliance.yaml'), text);
  const bad = await cli(['check', dir], { cwd: dir });
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /appliance\.yaml, line \d+, systems\[0\]\.cpus: .*PROJECT_INVALID/);
});

test('init refuses an unknown OS or target (exit 2) and an existing project', async () => {
  const dir = fresh();
  assert.equal((await cli(['init', dir, '--os', 'beos'], { cwd: dir })).code, 2);
  assert.equal((await cli(['init', dir, '-t', 'nosuch'], { cwd: dir })).code, 2);
  assert.equal((await cli(['init', dir], { cwd: dir })).code, 0);
  const again = await cli(['init', dir, '--json'], { cwd: dir });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists/);
});
