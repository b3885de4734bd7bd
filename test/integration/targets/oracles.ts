// The external tools the target and build tests hold our output against, each skipped with a
// clear message when it is not installed: xmllint with the DMTF schemas, govmomi's ovf package
// (a small Go program built once per machine in the temp folder), qemu-img, virt-v2v, QEMU.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);

export const corpusDir = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));
export const ovfSchema = join(corpusDir, 'xsd-sets/ovf-1.1.1/dsp8023_1.1.1.xsd');
const govmomiSource = fileURLToPath(new URL('../../oracles/govmomi/main.go', import.meta.url));
const govmomiPackage = '/usr/share/gocode/src/github.com/vmware/govmomi/ovf';

export function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the schema check cannot run here, or undefined when it can. */
export function xmllintMissing(): string | undefined {
  if (!hasCommand('xmllint')) return 'xmllint is not installed (Debian libxml2-utils)';
  if (!existsSync(ovfSchema)) return `the DMTF schemas are not at ${ovfSchema} (../shared/corpus is absent)`;
  return undefined;
}

/** Validates an OVF 1.x descriptor; resolves to xmllint's messages, or '' when valid. */
export async function xmllintOvf(file: string): Promise<string> {
  try {
    await run('xmllint', ['--noout', '--nonet', '--schema', ovfSchema, file]);
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

export function govmomiMissing(): string | undefined {
  if (!hasCommand('go')) return 'Go is not installed (Debian golang-go)';
  if (!existsSync(govmomiPackage)) return 'govmomi is not installed (Debian golang-github-vmware-govmomi-dev)';
  return undefined;
}

let govmomiBinary: Promise<string> | undefined;

/** Builds test/oracles/govmomi once per source version (GOPATH mode, offline) and returns the binary. */
function buildGovmomi(): Promise<string> {
  govmomiBinary ??= (async () => {
    const hash = createHash('sha256').update(readFileSync(govmomiSource)).digest('hex').slice(0, 12);
    const dir = join(tmpdir(), `appliance-ovfcount-${hash}`);
    const binary = join(dir, 'ovfcount');
    if (existsSync(binary)) return binary;
    const work = `${dir}.${process.pid}`;
    mkdirSync(work, { recursive: true });
    copyFileSync(govmomiSource, join(work, 'main.go'));
    await run('go', ['build', '-o', 'ovfcount', '.'], {
      cwd: work,
      env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(tmpdir(), 'appliance-gocache'), GOPROXY: 'off', GOFLAGS: '' },
    });
    try {
      renameSync(work, dir);
    } catch {
      // Another test process built it first; either copy is the same program.
    }
    return existsSync(binary) ? binary : join(work, 'ovfcount');
  })();
  return govmomiBinary;
}

export interface GovmomiCounts {
  readonly error?: string;
  readonly virtualSystems: number;
  readonly files: number;
  readonly disks: number;
  readonly networks: number;
  readonly properties: number;
  readonly deploymentOptions: number;
  readonly items: number;
  readonly systemTypes: readonly string[];
  readonly osType?: string;
  readonly product?: string;
}

export async function govmomiCounts(files: readonly string[]): Promise<GovmomiCounts[]> {
  const binary = await buildGovmomi();
  const { stdout } = await run(binary, [...files]);
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as GovmomiCounts);
}
