// Real descriptors whose disk Items carry ovf:configuration (vCenter Server Appliance 6.5 and 9.1,
// NSX, Operations, govmomi's fixtures) import into disks limited to options and sized per option,
// and under every deployment option the project deploys the disks the descriptor does: the same
// number, the blank ones at the same sizes. The descriptor is copied into a temp folder beside
// empty stand-ins for the files it references (the disk contents do not matter here).
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../electron/engine/errors.ts';
import { parseDescriptor, parseHostResource, virtualSystems, type HardwareItem, type VirtualDisk } from '../../electron/engine/ovf/index.ts';
import { projectForOption } from '../../electron/engine/project/deployment.ts';
import { importSource } from '../../electron/engine/project/import.ts';
import { corpusDir, corpusMissing, corpusPresent } from '../support/corpus.ts';

const MiB = 1048576;

/** The disks a deployer gets under `option`, per DSP0243 9.8: per device (InstanceID), the Item naming the option, else the untagged one. */
function deployedDisks(items: readonly HardwareItem[], disks: readonly VirtualDisk[], option: string): string[] {
  const devices = new Map<string, HardwareItem[]>();
  items.filter((i) => i.resourceType === 17).forEach((item, n) => devices.set(item.instanceId ?? `#${n}`, [...(devices.get(item.instanceId ?? `#${n}`) ?? []), item]));
  return [...devices.values()].flatMap((group) => {
    const chosen = group.find((i) => i.configurations.includes(option)) ?? group.find((i) => i.configurations.length === 0);
    const target = chosen?.hostResources[0] ? parseHostResource(chosen.hostResources[0]) : undefined;
    const disk = disks.find((d) => d.diskId === target?.id);
    if (!disk) return [];
    // A capacity the descriptor leaves to a property (${...}) imports as 1024 MiB, with a note.
    return [disk.fileRef ? 'image' : `${disk.capacityBytes === undefined ? 1024 : Math.max(1, Math.ceil(disk.capacityBytes / MiB))} MiB`];
  });
}

test('descriptors with per-option disk Items import so that every option deploys the same disks at the same sizes', { skip: corpusPresent ? undefined : corpusMissing }, async () => {
  const folder = join(corpusDir, 'ovf');
  const candidates = readdirSync(folder)
    .filter((name) => name.endsWith('.ovf'))
    .filter((name) => /ovf:\/disk\//.test(readFileSync(join(folder, name), 'utf8')) && /<(\w+:)?Item[^>]*configuration="/.test(readFileSync(join(folder, name), 'utf8')));
  let compared = 0;
  let options = 0;
  const refused: string[] = [];
  for (const name of candidates) {
    const xml = readFileSync(join(folder, name), 'utf8');
    const { envelope } = parseDescriptor(xml, name);
    const configurations = envelope.deploymentOptions?.configurations ?? [];
    const systems = virtualSystems(envelope.content);
    const withOptionDisks = systems.some((s) => s.hardware[0]?.items.some((i) => i.resourceType === 17 && i.configurations.length > 0));
    if (configurations.length === 0 || !withOptionDisks) continue;
    const dir = mkdtempSync(join(tmpdir(), 'corpus-option-disks-'));
    for (const file of envelope.references) writeFileSync(join(dir, basename(file.href)), '');
    copyFileSync(join(folder, name), join(dir, 'appliance.ovf'));
    let imported;
    try {
      imported = await importSource(join(dir, 'appliance.ovf'), join(mkdtempSync(join(tmpdir(), 'corpus-option-disks-out-')), 'p'));
    } catch (error) {
      // A package the engines refuse must say why, never crash.
      assert.ok(error instanceof EngineError, `${name}: ${String(error)}`);
      refused.push(name);
      continue;
    }
    const project = imported.project.project;
    if (envelope.diskSection?.disks.some((d) => !d.fileRef && d.capacityBytes === undefined)) assert.ok(imported.notes.some((n) => n.code === 'IMPORT_DISK_CAPACITY'), `${name}: unknown capacities are reported`);
    configurations.forEach((configuration, c) => {
      const option = project.deploymentOptions[c]?.id;
      assert.ok(option, `${name}: option ${configuration.id} imported`);
      const deployed = projectForOption(project, option);
      systems.forEach((system, s) => {
        const expected = deployedDisks(system.hardware[0]?.items ?? [], envelope.diskSection?.disks ?? [], configuration.id).sort();
        const got = (deployed.systems[s]?.disks ?? []).map((d) => (d.source ? 'image' : `${d.capacityMiB} MiB`)).sort();
        assert.deepEqual(got, expected, `${name}: ${system.id} under ${configuration.id}`);
      });
      options += 1;
    });
    compared += 1;
  }
  console.log(`per-option disks: ${compared} descriptors, ${options} options compared; refused: ${refused.join(', ') || 'none'}`);
  assert.deepEqual(refused, [], 'every such descriptor imports');
  assert.ok(compared >= 8, `${compared} descriptors compared`);
});
