import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { formatProgress } from '../../../../electron/common/progress.ts';
import { runCli } from '../../../../electron/cli/program.ts';
import { cli } from '../../../support/cli.ts';
import { testCa } from '../../../fixtures/test-ca.ts';
import { makeApplianceFolder, pattern } from '../../engine/package/appliance-folder.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const fresh = () => mkdtempSync(join(tmpdir(), 'cli-package-'));

function source(dir: string): string {
  return makeApplianceFolder(join(dir, 'src'), 'app', [{ href: 'app-disk1.vmdk', data: pattern(9000) }]);
}

test('pack then verify: exit 0, the members listed, the verdict says intact and not signed', async () => {
  const dir = fresh();
  const packed = await cli(['pack', source(dir), '-o', join(dir, 'app.ova')]);
  assert.equal(packed.code, 0, packed.stderr);
  assert.match(packed.stdout, /Wrote .*app\.ova \(OVA,/);
  assert.match(packed.stdout, /app\.ovf[\s\S]*app\.mf[\s\S]*app-disk1\.vmdk/);
  const verified = await cli(['verify', join(dir, 'app.ova'), '--no-system-trust']);
  assert.equal(verified.code, 0, verified.stderr);
  assert.match(verified.stdout, /ok\s+app-disk1\.vmdk/);
  assert.match(verified.stdout, /Result: +intact, not signed/);
});

test('verify exits 1 on a mismatch and prints both digests; --json gives the per-file statuses', async () => {
  const dir = fresh();
  await cli(['pack', source(dir), '-o', join(dir, 'pkg')]);
  writeFileSync(join(dir, 'pkg', 'app-disk1.vmdk'), pattern(9000, 99));
  const text = await cli(['verify', join(dir, 'pkg')]);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /mismatch\s+app-disk1\.vmdk[\s\S]*expected [0-9a-f]{64}\n\s+actual +[0-9a-f]{64}/);
  assert.match(text.stdout, /Result: +FAILED/);
  const json = await cli(['verify', join(dir, 'pkg', 'app.ovf'), '--json']);
  assert.equal(json.code, 1);
  const parsed = JSON.parse(json.stdout) as { ok: boolean; files: { name: string; status: string }[] };
  assert.equal(parsed.ok, false);
  assert.deepEqual(parsed.files.map((f) => [f.name, f.status]), [['app.ovf', 'ok'], ['app-disk1.vmdk', 'mismatch']]);
});

test('pack --sign with an encrypted key reads the passphrase from a file; verify reports untrusted, then trusted with --trust', async () => {
  const ca = await testCa();
  const dir = fresh();
  writeFileSync(join(dir, 'pass.txt'), `${ca.passphrase}\n`);
  const packed = await cli(['pack', source(dir), '-o', join(dir, 'app.ova'), '--sign', ca.rsaLeaf.encryptedKeyPath, '--cert', ca.rsaLeaf.certPath, '--chain', ca.rsaLeaf.chainPath, '--passphrase-file', join(dir, 'pass.txt'), '--manifest', 'sha512']);
  assert.equal(packed.code, 0, packed.stderr);
  assert.match(packed.stdout, /, signed/);
  const untrusted = await cli(['verify', join(dir, 'app.ova'), '--no-system-trust']);
  assert.equal(untrusted.code, 0);
  assert.match(untrusted.stdout, /Signature: valid, but NOT TRUSTED \(SHA512\)/);
  assert.match(untrusted.stdout, /Signer: +CN=Test RSA Signer/);
  const trusted = await cli(['verify', join(dir, 'app.ova'), '--no-system-trust', '--trust', ca.root.certPath]);
  assert.equal(trusted.code, 0);
  assert.match(trusted.stdout, /Signature: valid, trusted/);
  assert.match(trusted.stdout, /Chain: +CN=Test Root CA, O=Appliance Studio Tests \(given trust store\)/);
});

test('a certificate in the user trust store (studio home) is trusted without --trust', async () => {
  const ca = await testCa();
  const dir = fresh();
  const home = fresh();
  const { mkdirSync, copyFileSync } = await import('node:fs');
  mkdirSync(join(home, 'trust'));
  copyFileSync(ca.root.certPath, join(home, 'trust', 'root.pem'));
  await cli(['pack', source(dir), '-o', join(dir, 'app.ova'), '--sign', ca.ecLeaf.pkcs12Path, '--passphrase-file', await passFile(dir, ca.passphrase)]);
  const result = await cli(['verify', join(dir, 'app.ova'), '--no-system-trust', '--json'], { home });
  assert.equal(JSON.parse(result.stdout).signature.status, 'trusted');
});

async function passFile(dir: string, passphrase: string): Promise<string> {
  writeFileSync(join(dir, 'p'), passphrase);
  return join(dir, 'p');
}

test('sign adds a certificate to an existing OVA; an expired signer then fails verify with exit 1', async () => {
  const ca = await testCa();
  const dir = fresh();
  await cli(['pack', source(dir), '-o', join(dir, 'app.ova')]);
  const signed = await cli(['sign', join(dir, 'app.ova'), '--key', ca.expiredLeaf.keyPath, '--cert', ca.expiredLeaf.certPath]);
  assert.equal(signed.code, 0, signed.stderr);
  assert.match(signed.stdout, /app\.cert appended as the last member/);
  const verified = await cli(['verify', join(dir, 'app.ova'), '--trust', ca.root.certPath]);
  assert.equal(verified.code, 1);
  assert.match(verified.stdout, /INVALID: certificate expired/);
});

test('usage and input errors: unknown digest exits 2, a key that does not match the certificate exits 3, nothing written', async () => {
  const ca = await testCa();
  const dir = fresh();
  const usage = await cli(['pack', source(dir), '-o', join(dir, 'a.ova'), '--manifest', 'md5']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown manifest digest "md5"/);
  const mismatch = await cli(['pack', source(dir), '-o', join(dir, 'a.ova'), '--sign', ca.rsaLeaf.keyPath, '--cert', ca.ecLeaf.certPath]);
  assert.equal(mismatch.code, 3);
  assert.match(mismatch.stderr, /does not belong to the certificate.*\[TRUST_KEY_CERT_MISMATCH\]/);
  assert.equal(existsSync(join(dir, 'a.ova')), false);
  const hostile = await cli(['verify', join(dir, 'nothing.ova')]);
  assert.equal(hostile.code, 3);
});

test('the built binary packs, signs and verifies, with the same exit codes', { timeout: 120_000 }, async () => {
  const ca = await testCa();
  const dir = fresh();
  execFileSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
  const binary = join(root, 'dist/cli/appliance.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [binary, ...args], { encoding: 'utf8', env: { ...process.env, APPLIANCE_STUDIO_HOME: dir } });
  // 20 MiB, so verification goes through the digest worker in dist/workers.
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'bin', [{ href: 'bin-disk1.vmdk', data: pattern(20 * 1024 * 1024) }]);
  assert.equal(run('pack', descriptor, '-o', join(dir, 'bin.ova'), '--sign', ca.rsaLeaf.keyPath, '--cert', ca.rsaLeaf.certPath, '--chain', ca.rsaLeaf.chainPath).status, 0);
  const ok = run('verify', join(dir, 'bin.ova'), '--trust', ca.root.certPath, '--json');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).signature.status, 'trusted');
  const bytes = readFileSync(join(dir, 'bin.ova'));
  const at = bytes.length - 20 * 1024;
  bytes[at] = bytes[at]! ^ 1;
  writeFileSync(join(dir, 'bin.ova'), bytes);
  assert.equal(run('verify', join(dir, 'bin.ova'), '--trust', ca.root.certPath).status, 1);
});

test('inspect on an OVA shows member order, offsets, dialect, manifest and signature status without hashing', async () => {
  const ca = await testCa();
  const dir = fresh();
  await cli(['pack', source(dir), '-o', join(dir, 'app.ova'), '--sign', ca.selfSigned.keyPath, '--cert', ca.selfSigned.certPath]);
  const text = await cli(['inspect', join(dir, 'app.ova')]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /OVA, tar ustar, 4 files/);
  assert.match(text.stdout, /1 +512 .* descriptor +app\.ovf\n +2 .* manifest +app\.mf\n +3 .* certificate +app\.cert\n +4 .* referenced +app-disk1\.vmdk/);
  assert.match(text.stdout, /Order: +as DSP0243 recommends/);
  assert.match(text.stdout, /Signature: valid, but NOT TRUSTED/);
  const json = await cli(['inspect', join(dir, 'src'), '--json']);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { kind: string; package: { kind: string; manifest?: string; members: { name: string; role: string }[] } };
  assert.equal(report.kind, 'package');
  assert.equal(report.package.manifest, undefined);
  assert.deepEqual(report.package.members.map((m) => [m.name, m.role]), [['app.ovf', 'descriptor'], ['app-disk1.vmdk', 'referenced']]);
});

test("verify's progress line names the files being hashed", async () => {
  const dir = fresh();
  const descriptor = makeApplianceFolder(join(dir, 'src'), 'named', [{ href: 'named-disk1.vmdk', data: pattern(40 * 1024 * 1024, 3) }]);
  assert.equal((await cli(['pack', descriptor, '-o', join(dir, 'named.ova')])).code, 0);
  const lines: string[] = [];
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const code = await runCli(['verify', join(dir, 'named.ova'), '--no-system-trust'], {
    stdout: sink,
    stderr: sink,
    signal: new AbortController().signal,
    cwd: dir,
    env: { ...process.env, APPLIANCE_STUDIO_HOME: dir },
    progress: (p) => lines.push(formatProgress(p)),
    endProgress: () => {},
  });
  assert.equal(code, 0);
  assert.ok(lines.some((line) => /^Verifying named-disk1\.vmdk: \d+% \(/.test(line)), lines.join('\n'));
  assert.match(lines.at(-1) ?? '', /^Verified named\.ovf: 100% \(40\.0 MiB of 40\.0 MiB/);
});
