// OVF/OVA -> project: everything the neutral model can say is carried over (product, properties
// with their translations, EULAs, networks, deployment options, startup order, hardware), the
// files are copied out of the package, and whatever has no place in the model is reported as a
// note with its place in the descriptor, never dropped silently.
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { inputError } from '../errors.ts';
import { throwIfCancelled, type JobContext } from '../job.ts';
import {
  allContent,
  parseDescriptor,
  parseHostResource,
  toBytes,
  virtualSystems,
  type Envelope,
  type HardwareItem,
  type Msg,
  type OvfDescriptor,
  type OvfFile,
  type VirtualSystem as OvfSystem,
} from '../ovf/index.ts';
import { openPackage, type PackageSource } from '../package/package-source.ts';
import { chunkName } from '../package/references.ts';
import { importDisks } from './import-disks.ts';
import { guestOsForCimId, guestOsTable, type GuestOsName } from './os.ts';
import type { LocalText, ProjectInput } from './schema.ts';
import { esxiForHardwareVersion } from './vmx.ts';

export interface ImportNote {
  readonly code: string;
  readonly message: string;
  /** Element path and line in the source descriptor. */
  readonly path?: string;
  readonly line?: number;
}

export interface ImportedProject {
  readonly project: ProjectInput;
  readonly notes: ImportNote[];
  /** Text files to write beside appliance.yaml (EULAs), by project path. */
  readonly texts: ReadonlyMap<string, string>;
}

type ControllerType = ProjectInput['systems'][number]['controllers'][number]['type'];
type NicModel = NonNullable<NonNullable<ProjectInput['systems'][number]['nics']>[number]['model']>;

/** Reads the package at `path` and copies its files into `dir`/disks and `dir`/files. */
export async function importPackage(path: string, dir: string, context: JobContext = {}): Promise<ImportedProject> {
  const source = await openPackage(path);
  const descriptor = parseDescriptor(await source.readSmall(source.descriptor, 16 * 1024 * 1024), source.descriptor.name);
  const { envelope } = descriptor;
  const notes: ImportNote[] = [];
  const note = (code: string, message: string, at?: { path: string; line: number }) => notes.push({ code, message, ...(at ? { path: at.path, line: at.line } : {}) });
  const systems = virtualSystems(envelope.content);
  if (systems.length === 0) throw inputError('IMPORT_NO_SYSTEM', 'the descriptor holds no VirtualSystem to import', { file: path });
  const text = new Translations(envelope);
  const copied = new Map<string, string>();
  const copy = async (fileId: string, folder: 'disks' | 'files'): Promise<string | undefined> => {
    const file = envelope.references.find((f) => f.id === fileId);
    if (!file) return undefined;
    const known = copied.get(file.id);
    if (known) return known;
    throwIfCancelled(context.signal, 'Import');
    const name = `${folder}/${safeName(basename(file.href))}`;
    await copyOut(source, file, join(dir, name));
    copied.set(file.id, name);
    return name;
  };

  // Product facts: the section that names a product (a collection's, for multi-VM appliances).
  const sections = allContent(envelope.content).flatMap((c) => c.products);
  const product = sections.find((p) => p.product !== undefined) ?? sections[0];
  const projectSystems: ProjectInput['systems'] = [];
  const properties: NonNullable<ProjectInput['properties']> = [];
  const optionOverrides = new Map<string, Record<string, { cpus?: number; memoryMiB?: number }>>();
  for (const system of systems) {
    projectSystems.push(await importSystem(descriptor, system, { note, text, copy, optionOverrides }));
    for (const section of system.products) {
      for (const property of section.properties) {
        const optionDefaults: Record<string, string> = {};
        for (const value of property.values) {
          if (value.configuration === undefined) note('IMPORT_PROPERTY_VALUES', `a Value of property "${property.key}" names no configuration and is not carried over`, value.at);
          else optionDefaults[value.configuration] = value.value;
        }
        properties.push({
          key: property.key,
          type: (['string', 'boolean', 'uint8', 'uint16', 'uint32', 'uint64', 'sint8', 'sint16', 'sint32', 'sint64', 'real32', 'real64'] as const).find((t) => t === property.type) ?? (note('IMPORT_PROPERTY_TYPE', `property "${property.key}" has type "${property.type}", imported as string`, property.at), 'string'),
          ...(property.qualifiers ? { qualifiers: property.qualifiers } : {}),
          ...(property.value !== undefined && property.value !== '' ? { default: property.value } : {}),
          ...(Object.keys(optionDefaults).length > 0 ? { optionDefaults } : {}),
          ...(property.password ? { password: true } : {}),
          userConfigurable: property.userConfigurable,
          ...(property.category ? { category: text.of({ text: property.category }) } : {}),
          ...(property.label ? { label: text.of(property.label) } : {}),
          ...(property.description ? { description: text.of(property.description) } : {}),
          ...(systems.length > 1 ? { system: system.id } : {}),
        });
      }
    }
  }
  const eulaSections = allContent(envelope.content).flatMap((c) => c.eulas);
  const texts = new Map<string, string>();
  const eulas: NonNullable<ProjectInput['eulas']> = [];
  const license = eulaSections[0] ? text.of(eulaSections[0].license) : undefined;
  if (license !== undefined) {
    for (const [lang, body] of Object.entries(typeof license === 'string' ? { [envelope.lang ?? 'en-US']: license } : license)) {
      const file = `eula-${lang}.txt`;
      texts.set(file, body);
      eulas.push({ lang, file });
    }
  }
  for (const extra of eulaSections.slice(1)) note('IMPORT_EULA_EXTRA', 'only the first EulaSection is imported', extra.at);
  const files: NonNullable<ProjectInput['files']> = [];
  const used = new Set(copied.keys());
  let icon: string | undefined;
  if (product?.icons[0]) {
    icon = await copy(product.icons[0].fileRef, 'files');
    used.add(product.icons[0].fileRef);
  }
  for (const file of envelope.references) {
    if (used.has(file.id) || copied.has(file.id)) continue;
    const referencedByDisk = envelope.diskSection?.disks.some((d) => d.fileRef === file.id);
    if (referencedByDisk) continue;
    const name = await copy(file.id, 'files');
    if (name) files.push({ path: name });
  }

  const configurations = envelope.deploymentOptions?.configurations ?? [];
  const collection = envelope.content?.kind === 'VirtualSystemCollection' ? envelope.content : undefined;
  const project: ProjectInput = {
    format: 1,
    product: {
      name: product?.product?.text ?? systems[0]?.name?.text ?? systems[0]?.id ?? 'Imported appliance',
      ...(product?.vendor ? { vendor: product.vendor.text } : {}),
      ...(product?.version ? { version: product.version.text } : {}),
      ...(product?.fullVersion ? { fullVersion: product.fullVersion.text } : {}),
      ...(product?.productUrl && /^https?:\/\//.test(product.productUrl.text) ? { productUrl: product.productUrl.text } : {}),
      ...(product?.vendorUrl && /^https?:\/\//.test(product.vendorUrl.text) ? { vendorUrl: product.vendorUrl.text } : {}),
      ...(product?.appUrl ? { appUrl: product.appUrl.text } : {}),
      ...(icon ? { icon } : {}),
    },
    eulas,
    networks: (envelope.networkSection?.networks ?? []).map((n) => ({ name: n.name, ...(n.description && n.description.text !== `The ${n.name} network` ? { description: text.of(n.description) } : {}) })),
    systems: projectSystems,
    startup: (collection?.startup?.items ?? []).map((item) => ({
      system: safeId(item.id),
      order: item.order ?? 0,
      startDelay: item.startDelay ?? 0,
      stopDelay: item.stopDelay ?? 0,
      waitingForGuest: item.waitingForGuest ?? false,
      startAction: item.startAction === 'none' ? 'none' : 'powerOn',
      stopAction: item.stopAction === 'guestShutdown' || item.stopAction === 'none' ? item.stopAction : 'powerOff',
    })),
    properties,
    deploymentOptions: configurations.map((c) => ({
      id: safeId(c.id),
      label: c.label ? text.of(c.label) : c.id,
      description: c.description ? text.of(c.description) : c.id,
      default: c.isDefault,
      systems: Object.fromEntries(Object.entries(optionOverrides.get(c.id) ?? {}).map(([system, values]) => [safeId(system), values])),
    })),
    files,
    targets: guessTargets(systems),
  };
  for (const section of envelope.others) note('IMPORT_SECTION_DROPPED', `section ${section.name} has no place in a project`, section.at);
  return { project, notes, texts };
}

interface SystemContext {
  readonly note: (code: string, message: string, at?: { path: string; line: number }) => void;
  readonly text: Translations;
  readonly copy: (fileId: string, folder: 'disks' | 'files') => Promise<string | undefined>;
  readonly optionOverrides: Map<string, Record<string, { cpus?: number; memoryMiB?: number }>>;
}

async function importSystem(descriptor: OvfDescriptor, system: OvfSystem, context: SystemContext): Promise<ProjectInput['systems'][number]> {
  const { envelope } = descriptor;
  const { note } = context;
  const hardware = system.hardware[0];
  for (const extra of system.hardware.slice(1)) note('IMPORT_HARDWARE_SECTION', `${system.id}: only the first VirtualHardwareSection is imported (as govmomi does)`, extra.at);
  const items = hardware?.items ?? [];
  const cpusOf = (item: HardwareItem) => Number(item.virtualQuantity ?? 1) || 1;
  const memoryOf = (item: HardwareItem) => {
    const bytes = toBytes(item.virtualQuantity, item.allocationUnits ?? 'byte * 2^20');
    return bytes === undefined ? undefined : Math.max(4, Math.round(bytes / 1048576));
  };
  const sized = (type: 3 | 4, field: 'cpus' | 'memoryMiB', valueOf: (item: HardwareItem) => number | undefined): number | undefined => {
    const candidates = items.filter((i) => i.resourceType === type);
    // The base value: the item for every option, else the one shared by the most options.
    const base = candidates.find((i) => i.configurations.length === 0) ?? [...candidates].sort((a, b) => b.configurations.length - a.configurations.length)[0];
    const baseValue = base ? valueOf(base) : undefined;
    for (const item of candidates) {
      const value = valueOf(item);
      if (value === undefined || value === baseValue) continue;
      for (const configuration of item.configurations) {
        const overrides = context.optionOverrides.get(configuration) ?? {};
        (overrides[system.id] ??= {})[field] = value;
        context.optionOverrides.set(configuration, overrides);
      }
    }
    return baseValue;
  };
  const cpus = sized(3, 'cpus', cpusOf) ?? 1;
  const memoryMiB = sized(4, 'memoryMiB', memoryOf) ?? 512;
  const controllers: ProjectInput['systems'][number]['controllers'] = [];
  const controllerIds = new Map<string, string>();
  const counters = new Map<string, number>();
  const media: NonNullable<ProjectInput['systems'][number]['media']> = [];
  const nics: NonNullable<ProjectInput['systems'][number]['nics']> = [];
  for (const item of items) {
    const type = controllerType(item);
    if (!type) continue;
    const n = counters.get(type) ?? 0;
    counters.set(type, n + 1);
    const id = `${type.replace('-', '')}${n}`;
    controllerIds.set(item.instanceId ?? '', id);
    const model = type === 'scsi' ? scsiModel(item.resourceSubType) : undefined;
    controllers.push({ id, type, ...(model && model !== 'lsilogic' ? { model } : {}) });
  }
  for (const item of items) {
    if (item.configurations.length > 0 && item.resourceType !== 3 && item.resourceType !== 4 && item.resourceType !== 17) note('IMPORT_ITEM_CONFIGURATION', `${system.id}: item ${item.instanceId} applies only to some deployment options; it is imported for all`, item.at);
    switch (item.resourceType) {
      case 3:
      case 4:
      case 5:
      case 6:
        break;
      case 17:
        break;
      case 15:
      case 16: {
        const controller = controllerIds.get(item.parent ?? '');
        if (!controller) {
          note('IMPORT_MEDIA_DROPPED', `${system.id}: CD/DVD item ${item.instanceId} has no controller the model knows`, item.at);
          break;
        }
        const target = item.hostResources[0] ? parseHostResource(item.hostResources[0]) : undefined;
        const source = target?.kind === 'file' ? await context.copy(target.id, 'files') : undefined;
        media.push({ id: `cd${media.length}`, ...(source ? { source } : {}), controller, unit: Number(item.addressOnParent ?? 0) || 0 });
        break;
      }
      case 10:
        nics.push({
          network: item.connections[0] || 'VM Network',
          ...(nicModel(item.resourceSubType) ? { model: nicModel(item.resourceSubType) } : {}),
          ...(item.address && /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(item.address) ? { mac: item.address } : {}),
        });
        break;
      default:
        if (controllerType(item)) break;
        note('IMPORT_ITEM_DROPPED', `${system.id}: hardware item "${item.elementName ?? item.instanceId}" (ResourceType ${item.resourceType ?? '?'}) has no place in the project`, item.at);
    }
  }
  const disks = await importDisks(
    items.filter((i) => i.resourceType === 17),
    {
      systemId: system.id,
      prefixed: virtualSystems(envelope.content).length > 1,
      disks: envelope.diskSection?.disks ?? [],
      options: (envelope.deploymentOptions?.configurations ?? []).map((c) => c.id),
      controllerOf: (item) => controllerIds.get(item.parent ?? ''),
      copy: (fileId) => context.copy(fileId, 'disks'),
      note,
      safeId,
    },
  );
  const config = new Map((hardware?.extensions ?? []).filter((e) => e.name.endsWith('Config')).map((e) => [e.key ?? '', e.value ?? '']));
  const firmware = config.get('firmware') === 'efi' ? 'efi' : 'bios';
  const os = system.operatingSystem;
  const osName: GuestOsName = (os?.osType ? (Object.keys(guestOsTable) as GuestOsName[]).find((n) => guestOsTable[n].vmwareGuestId === os.osType) : undefined) ?? (os?.id !== undefined ? guestOsForCimId(os.id) : undefined) ?? 'other-64';
  if (os?.id !== undefined && guestOsTable[osName].cimId !== os.id) note('IMPORT_OS_APPROXIMATED', `${system.id}: guest OS CIM ${os.id}${os.osType ? ` (${os.osType})` : ''} is imported as ${osName}`, os.at);
  const coresPerSocket = coresPerSocketOf(descriptor, items);
  const annotation = system.annotation ? context.text.of(system.annotation.annotation) : undefined;
  return {
    id: safeId(system.id),
    name: system.name?.text ?? system.id,
    ...(annotation !== undefined ? { description: annotation } : {}),
    os: osName,
    firmware,
    secureBoot: firmware === 'efi' && config.get('bootOptions.efiSecureBootEnabled') === 'true',
    cpus,
    ...(coresPerSocket && cpus % coresPerSocket === 0 ? { coresPerSocket } : {}),
    memoryMiB,
    controllers,
    disks,
    media,
    nics,
  };
}

function coresPerSocketOf(descriptor: OvfDescriptor, items: readonly HardwareItem[]): number | undefined {
  const cpu = items.find((i) => i.resourceType === 3);
  const element = cpu ? descriptor.elementOf(cpu) : undefined;
  const child = element?.children.find((c) => c.type === 'element' && c.name.endsWith('CoresPerSocket'));
  const value = child?.type === 'element' ? Number(child.children.map((c) => (c.type === 'text' ? c.text : '')).join('').trim()) : NaN;
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

function controllerType(item: HardwareItem): ControllerType | undefined {
  const sub = (item.resourceSubType ?? '').toLowerCase();
  if (item.resourceType === 5) return 'ide';
  if (item.resourceType === 6) return sub.includes('virtio') ? 'virtio-scsi' : 'scsi';
  if (item.resourceType === 20) return sub.includes('nvme') ? 'nvme' : sub.includes('virtio') ? 'virtio-scsi' : 'sata';
  return undefined;
}

function scsiModel(subType: string | undefined): 'lsilogic' | 'lsilogicsas' | 'pvscsi' | 'buslogic' | undefined {
  const sub = (subType ?? '').toLowerCase();
  if (sub === 'virtualscsi' || sub === 'pvscsi') return 'pvscsi';
  if (sub === 'lsilogicsas') return 'lsilogicsas';
  if (sub === 'buslogic') return 'buslogic';
  return sub === '' ? undefined : 'lsilogic';
}

function nicModel(subType: string | undefined): NicModel | undefined {
  const sub = (subType ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const known: Record<string, NicModel> = { e1000: 'e1000', e1000e: 'e1000e', vmxnet3: 'vmxnet3', virtio: 'virtio', virtionet: 'virtio', pcnet32: 'pcnet32', pcnet: 'pcnet32' };
  return known[sub];
}

function guessTargets(systems: readonly OvfSystem[]): ProjectInput['targets'] {
  const type = systems[0]?.hardware[0]?.system?.virtualSystemTypes[0] ?? '';
  const vmx = /^vmx-(\d+)$/.exec(type);
  if (vmx) {
    const esxi = esxiForHardwareVersion(Number(vmx[1]));
    return [{ id: 'vmware-esxi', ...(esxi ? { esxi } : {}) }];
  }
  if (type.startsWith('virtualbox')) return [{ id: 'virtualbox' }];
  if (type.startsWith('xen') || type.startsWith('hvm')) return [{ id: 'xenserver' }];
  return [];
}

/** Resolves ovf:msgid translations from the Strings bundles into a per-language text. */
class Translations {
  constructor(private readonly envelope: Envelope) {}

  of(msg: Msg): LocalText {
    const translations: Record<string, string> = {};
    if (msg.msgid) {
      for (const bundle of this.envelope.strings) {
        const found = bundle.messages.find((m) => m.msgid === msg.msgid);
        if (found && bundle.lang) translations[bundle.lang] = found.text;
      }
    }
    if (Object.keys(translations).length === 0) return msg.text;
    return { [this.envelope.lang ?? 'en-US']: msg.text, ...translations };
  }
}

/** A file name safe in the project folder: the href's last part, odd characters replaced. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'file';
}

/** An id the project schema takes: odd characters become "-", and one not starting with a letter gets an "id-" prefix. */
function safeId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9._-]/g, '-');
  return (/^[A-Za-z]/.test(cleaned) ? cleaned : `id-${cleaned}`).slice(0, 63);
}

/** Copies a referenced file out of the package, joining chunks and undoing gzip compression. */
async function copyOut(source: PackageSource, file: OvfFile, to: string): Promise<void> {
  const parts = [];
  if (file.chunkSize === undefined) parts.push(file.href);
  else for (let i = 0; await source.find(chunkName(file.href, i)); i += 1) parts.push(chunkName(file.href, i));
  const out = createWriteStream(to, { flags: 'wx' });
  const gunzip = file.compression === 'gzip' ? createGunzip() : undefined;
  const sink = gunzip ?? new Transform({ transform: (chunk, _e, done) => done(null, chunk) });
  const done = pipeline(sink, out);
  for (const name of parts) {
    const member = await source.find(name);
    if (!member) throw inputError('IMPORT_FILE_MISSING', `the package lacks "${name}"`, { file: source.path });
    const opened = await source.open(member);
    try {
        if (opened.size > 0) {
        for await (const chunk of createReadStream(opened.path, { start: opened.offset, end: opened.offset + opened.size - 1 })) {
          if (!sink.write(chunk)) await new Promise((resolve) => sink.once('drain', resolve));
        }
      }
    } finally {
      await opened.close();
    }
  }
  sink.end();
  await done;
}
