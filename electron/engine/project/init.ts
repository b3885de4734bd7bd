// `appliance init`: a new project whose appliance.yaml explains itself in comments, so a person
// can edit it by hand from the first minute.
import { mkdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { EngineError } from '../errors.ts';
import { parseProject, projectFileName, writeFileAtomically, type LoadedProject } from './file.ts';
import type { GuestOsName } from './os.ts';
import type { TargetId } from './schema.ts';

export interface InitOptions {
  readonly name: string;
  readonly vendor?: string;
  readonly version?: string;
  readonly os: GuestOsName;
  /** A disk image inside the project folder; a blank 1 GiB disk when absent. */
  readonly disk?: string;
  readonly targets: readonly TargetId[];
}

/** Quotes a value for YAML (JSON strings are valid YAML flow scalars). */
const q = (value: string) => JSON.stringify(value);

export function newProjectText(options: InitOptions): string {
  const systemId = options.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z]+/, '').slice(0, 63) || 'appliance';
  const disk = options.disk ? `        source: ${q(options.disk)}` : '        capacityMiB: 1024 # blank disk; or name an image with `source: disks/system.vmdk`';
  const targets = options.targets.length > 0 ? options.targets.map((t) => `  - id: ${t}`).join('\n') : '  - id: vmware-esxi\n    esxi: "6.7" # the oldest ESXi release you support';
  return `# Appliance Studio project. Edit by hand or in the studio; comments are kept when tools save.
# Check it with \`appliance check .\` and build it with \`appliance build . -o out\`.
# Schema for editors: resources/appliance.schema.json.
format: 1

product:
  name: ${q(options.name)}
${options.vendor ? `  vendor: ${q(options.vendor)}\n` : ''}  version: ${q(options.version ?? '1.0')}

# Licence texts, one file per language:
# eulas:
#   - { lang: en-US, file: EULA.txt }

networks:
  - name: "VM Network"

systems:
  - id: ${systemId}
    name: ${q(options.name)}
    os: ${options.os} # see the schema for the list
    firmware: bios # or efi (with secureBoot: true if wanted)
    cpus: 2
    memoryMiB: 2048
    controllers:
      - { id: scsi0, type: scsi }
    disks:
      - id: system
${disk}
        controller: scsi0
        unit: 0
    nics:
      - network: "VM Network"

# Settings the deployer fills in (OVF properties):
# properties:
#   - { key: hostname, type: string, label: Host name, default: appliance }

targets:
${targets}
`;
}

/** Creates `dir` (if needed) and its appliance.yaml; refuses to overwrite an existing project. */
export async function initProject(dir: string, options: InitOptions): Promise<LoadedProject> {
  const absolute = resolve(dir);
  const file = join(absolute, projectFileName);
  if (await stat(file).then(() => true, () => false)) {
    throw new EngineError('PROJECT_EXISTS', 'usage', `${file} already exists; init does not overwrite a project`, { file });
  }
  const disk = options.disk ? relative(absolute, resolve(absolute, options.disk)).split(sep).join('/') : undefined;
  const text = newProjectText({ ...options, ...(disk ? { disk } : {}) });
  const loaded = parseProject(text, absolute);
  await mkdir(absolute, { recursive: true });
  await writeFileAtomically(file, text);
  return loaded;
}
