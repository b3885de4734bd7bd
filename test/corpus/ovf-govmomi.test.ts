// A second reader as oracle: govmomi's ovf package (Debian golang-github-vmware-govmomi-dev),
// built at test time from the small Go program below, counts what it finds in every corpus
// descriptor; our model must count the same. govmomi matches elements by local name only, does
// not model VirtualSystemCollection or OVF 0.9's <Section xsi:type>, and reads only the first
// VirtualHardwareSection, so only descriptors it can see fully are compared.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDescriptor, virtualSystems } from '../../electron/engine/ovf/index.ts';
import { corpusDir, corpusMissing, corpusPresent } from '../support/corpus.ts';

const goPath = '/usr/share/gocode';
const program = `package main

import (
	"bufio"
	"encoding/json"
	"os"

	"github.com/vmware/govmomi/ovf"
)

type counts struct {
	File       string \`json:"file"\`
	Error      string \`json:"error,omitempty"\`
	Files      int    \`json:"files"\`
	Disks      int    \`json:"disks"\`
	Networks   int    \`json:"networks"\`
	Options    int    \`json:"options"\`
	System     string \`json:"system"\`
	Properties int    \`json:"properties"\`
	Items      int    \`json:"items"\`
	Product    string \`json:"product"\`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		c := counts{File: in.Text()}
		f, err := os.Open(c.File)
		if err == nil {
			var e *ovf.Envelope
			e, err = ovf.Unmarshal(f)
			f.Close()
			if err == nil {
				c.Files = len(e.References)
				if e.Disk != nil {
					c.Disks = len(e.Disk.Disks)
				}
				if e.Network != nil {
					c.Networks = len(e.Network.Networks)
				}
				if e.DeploymentOption != nil {
					c.Options = len(e.DeploymentOption.Configuration)
				}
				if vs := e.VirtualSystem; vs != nil {
					c.System = vs.ID
					for _, p := range vs.Product {
						c.Properties += len(p.Property)
						if c.Product == "" {
							c.Product = p.Product
						}
					}
					if len(vs.VirtualHardware) > 0 {
						c.Items = len(vs.VirtualHardware[0].Item)
					}
				}
			}
		}
		if err != nil {
			c.Error = err.Error()
		}
		out.Encode(c)
	}
}
`;

const hasGovmomi = spawnSync('go', ['version']).status === 0 && existsSync(join(goPath, 'src/github.com/vmware/govmomi/ovf'));
const skip = !corpusPresent ? corpusMissing : !hasGovmomi ? 'go or govmomi is not installed (Debian: golang-go golang-github-vmware-govmomi-dev)' : false;

/** Builds the counter once per program text; later runs reuse the binary and Go's build cache. */
function buildCounter(): string {
  const dir = join(tmpdir(), `appliance-govmomi-${createHash('sha256').update(program).digest('hex').slice(0, 12)}`);
  const binary = join(dir, 'ovfcount');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.go'), program);
  const built = spawnSync('go', ['build', '-o', binary, '.'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOPATH: goPath, GOCACHE: join(tmpdir(), 'appliance-gocache'), GOPROXY: 'off', GOFLAGS: '' },
  });
  assert.equal(built.status, 0, `go build failed: ${built.stderr}`);
  return binary;
}

test('govmomi counts the same files, disks, networks, options, properties and items as our model', { skip, timeout: 300_000 }, () => {
  const dir = join(corpusDir, 'ovf');
  const files = readdirSync(dir).map((name) => join(dir, name));
  const run = spawnSync(buildCounter(), { input: files.join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  let compared = 0;
  let outOfReach = 0;
  const disagreements: string[] = [];
  for (const line of run.stdout.trim().split('\n')) {
    const theirs = JSON.parse(line) as Record<string, string | number> & { file: string; error?: string };
    const text = readFileSync(theirs.file);
    let descriptor;
    try {
      descriptor = parseDescriptor(text, theirs.file);
    } catch {
      continue; // refused by us (malformed, not OVF): the corpus walker covers those
    }
    const { envelope } = descriptor;
    const system = virtualSystems(envelope.content)[0];
    if (theirs.error || envelope.family === '0.9' || envelope.content?.kind !== 'VirtualSystem' || !system || /<(\w+:)?Section[\s>]/.test(text.toString('latin1'))) {
      outOfReach++;
      continue;
    }
    const ours: Record<string, string | number> = {
      files: envelope.references.length,
      disks: envelope.diskSection?.disks.length ?? 0,
      networks: envelope.networkSection?.networks.length ?? 0,
      options: envelope.deploymentOptions?.configurations.length ?? 0,
      system: system.id,
      properties: system.products.reduce((n, p) => n + p.properties.length, 0),
      items: system.hardware[0]?.items.filter((item) => item.kind === 'Item').length ?? 0,
      product: system.products[0]?.product?.text ?? '',
    };
    compared++;
    for (const [key, value] of Object.entries(ours)) {
      if (String(value) !== String(theirs[key]).trim()) disagreements.push(`${theirs.file.split('/').pop()}: ${key} ours ${value}, govmomi ${theirs[key]}`);
    }
  }
  console.log(`govmomi cross-check: ${compared} descriptors compared field by field, ${outOfReach} out of govmomi's reach (0.9 sections, collections, or its parse errors), ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements, []);
  assert.ok(compared > 400, `only ${compared} descriptors compared`);
});
