// The OVF 1.0 descriptor of a project for one target: References, DiskSection, NetworkSection,
// DeploymentOptionSection, then one VirtualSystem (or a VirtualSystemCollection with a
// StartupSection for multi-VM appliances), then the Strings bundles. Everything is derived from
// the project, so the same project gives the same bytes.
import { diskVariants } from '../../project/deployment.ts';
import { guestOsTable } from '../../project/os.ts';
import type { Project, Property, TargetEntry, VirtualSystem } from '../../project/schema.ts';
import type { XmlDocument, XmlElement } from '../../ovf/xml-tree.ts';
import { writeXml } from '../../ovf/xml-write.ts';
import type { DiskFormat, OvfDialect, TargetProfile } from '../profile.ts';
import { hardwareSection } from './hardware.ts';
import { Messages } from './localized.ts';
import { el, indent, namespaceDeclarations } from './xml-build.ts';

/** A file the package carries, as References lists it. */
export interface PackageFile {
  readonly id: string;
  readonly href: string;
  readonly size: number;
}

export interface DescriptorInput {
  readonly project: Project;
  readonly profile: TargetProfile;
  readonly dialect: OvfDialect;
  readonly entry: TargetEntry;
  /** By "system/disk": the disk's file (absent for a blank disk), its capacity and format. */
  readonly disks: ReadonlyMap<string, { readonly file?: PackageFile; readonly capacityBytes: number; readonly format: DiskFormat }>;
  /** By "system/media": the ISO file of a drive that has one. */
  readonly media: ReadonlyMap<string, PackageFile>;
  readonly icon?: PackageFile;
  readonly extraFiles: readonly PackageFile[];
  readonly eulas: readonly { readonly lang: string; readonly text: string }[];
}

const MiB = 1048576;

/** One Disk of the DiskSection and the deployment options its Item serves (none: every option). */
export interface DiskEntry {
  readonly diskId: string;
  readonly options: readonly string[];
  readonly capacityBytes: number;
  readonly format: DiskFormat;
  readonly file?: PackageFile;
}

export function diskFormatUri(format: DiskFormat, dialect: OvfDialect): string {
  switch (format) {
    case 'vmdk-stream':
      return 'http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized';
    case 'vhd-dynamic':
    case 'vhd-fixed':
      // XenCenter and VirtualBox each know their own VHD URI (ovf-package.md §4).
      return dialect.flavour === 'virtualbox' ? 'http://go.microsoft.com/fwlink/?LinkId=137171' : 'http://www.microsoft.com/technet/virtualserver/downloads/vhdspec.mspx';
    case 'vhdx':
      return 'http://www.microsoft.com/vhdx';
    case 'qcow2':
      return 'http://www.qemu.org/qcow2';
    case 'raw':
      return 'http://www.qemu.org/raw';
  }
}

/** The allocation unit that divides the size exactly, largest first (Proxmox reads only `byte * 2^n`). */
function capacityWithUnits(bytes: number): { capacity: string; units: string } {
  for (const [power, unit] of [
    [30, 2 ** 30],
    [20, MiB],
  ] as const) {
    if (bytes % unit === 0) return { capacity: String(bytes / unit), units: `byte * 2^${power}` };
  }
  return { capacity: String(bytes), units: 'byte' };
}

export function ovfDiskId(system: VirtualSystem, diskId: string, project: Project): string {
  return project.systems.length > 1 ? `${system.id}-${diskId}` : diskId;
}

export function descriptorXml(input: DescriptorInput): string {
  const { project, dialect } = input;
  const messages = new Messages();
  const files = [...input.disks.values()].flatMap((d) => (d.file ? [d.file] : []));
  files.push(...input.media.values());
  if (input.icon) files.push(input.icon);
  files.push(...input.extraFiles);

  const references = el('References', {}, ...files.map((f) => el('File', { 'ovf:href': f.href, 'ovf:id': f.id, 'ovf:size': f.size })));
  const taken = new Set(project.systems.flatMap((system) => system.disks.map((disk) => ovfDiskId(system, disk.id, project))));
  const variants = new Map(project.systems.map((system) => [system.id, diskEntries(input, system, taken)]));
  const diskSection = el(
    'DiskSection',
    {},
    el('Info', {}, 'Virtual disks'),
    ...project.systems.flatMap((system) =>
      [...(variants.get(system.id)?.values() ?? [])].flat().map((entry) => {
        const { capacity, units } = capacityWithUnits(entry.capacityBytes);
        return el('Disk', {
          'ovf:capacity': capacity,
          'ovf:capacityAllocationUnits': units,
          'ovf:diskId': entry.diskId,
          'ovf:fileRef': entry.file?.id,
          'ovf:format': entry.file ? diskFormatUri(entry.format, dialect) : undefined,
        });
      }),
    ),
  );
  const networks = [...new Set([...project.networks.map((n) => n.name), ...project.systems.flatMap((s) => s.nics.map((n) => n.network))])];
  const networkSection =
    networks.length === 0
      ? undefined
      : el(
          'NetworkSection',
          {},
          el('Info', {}, 'Logical networks'),
          ...networks.map((name, i) => {
            const description = project.networks.find((n) => n.name === name)?.description ?? `The ${name} network`;
            return el('Network', { 'ovf:name': name }, messages.element('Description', description, `network.${i}.description`));
          }),
        );
  const deployment =
    project.deploymentOptions.length === 0
      ? undefined
      : el(
          'DeploymentOptionSection',
          {},
          el('Info', {}, 'Deployment options'),
          ...project.deploymentOptions.map((option, i) =>
            el('Configuration', { 'ovf:default': option.default ? 'true' : undefined, 'ovf:id': option.id }, messages.element('Label', option.label, `option.${i}.label`), messages.element('Description', option.description, `option.${i}.description`)),
          ),
        );

  const single = project.systems.length === 1;
  const systems = project.systems.map((system) => virtualSystem(input, system, variants.get(system.id) ?? new Map(), messages, single));
  const content = single
    ? systems[0]
    : el(
        'VirtualSystemCollection',
        { 'ovf:id': collectionId(project) },
        el('Info', {}, 'A collection of virtual systems'),
        el('Name', {}, project.product.name),
        productSection(input, undefined, true, messages),
        ...eulaSections(input, messages),
        startupSection(project),
        ...systems,
      );

  const envelope = el(
    'Envelope',
    { ...namespaceDeclarations, 'ovf:version': '1.0', 'xml:lang': 'en-US' },
    references,
    diskSection,
    networkSection,
    deployment,
    content,
    ...messages.strings(),
  );
  const document: XmlDocument = { before: [], root: indent(envelope), after: [] };
  return writeXml(document);
}

function collectionId(project: Project): string {
  return project.product.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z]+/, '') || 'appliance';
}

/**
 * The DiskSection entries of a system's disks, by disk id: one per capacity the disk takes over
 * the deployment options (vCenter Server Appliance's layout: a data disk sized per option is
 * several Disks, each behind an Item limited to its options). The entry of the disk's own
 * capacity keeps the plain disk id; the others add the first option they serve.
 */
function diskEntries(input: DescriptorInput, system: VirtualSystem, taken: Set<string>): Map<string, DiskEntry[]> {
  const { project } = input;
  // A variant's id must not be another disk's ("data-large" beside a disk named so): count up until free.
  const unique = (wanted: string) => {
    let id = wanted;
    for (let n = 2; taken.has(id); n += 1) id = `${wanted}-${n}`;
    taken.add(id);
    return id;
  };
  return new Map(
    system.disks.map((disk) => {
      const built = input.disks.get(`${system.id}/${disk.id}`);
      if (!built) throw new Error(`no disk input for ${system.id}/${disk.id}`);
      const base = ovfDiskId(system, disk.id, project);
      const entries = diskVariants(project, disk).map((variant, i): DiskEntry => ({
        diskId: i === 0 || variant.options[0] === undefined ? base : unique(`${base}-${variant.options[0]}`),
        options: variant.options,
        // A disk with an image has the size of what was built; a blank one the size declared for the option.
        capacityBytes: built.file || variant.capacityMiB === undefined ? built.capacityBytes : variant.capacityMiB * MiB,
        format: built.format,
        ...(built.file ? { file: built.file } : {}),
      }));
      return [disk.id, entries];
    }),
  );
}

function virtualSystem(input: DescriptorInput, system: VirtualSystem, disks: ReadonlyMap<string, readonly DiskEntry[]>, messages: Messages, single: boolean): XmlElement {
  const { project, dialect } = input;
  const os = guestOsTable[system.os];
  const mediaFiles = new Map(system.media.flatMap((m) => {
    const file = input.media.get(`${system.id}/${m.id}`);
    return file ? [[m.id, file.id] as const] : [];
  }));
  return el(
    'VirtualSystem',
    { 'ovf:id': system.id },
    el('Info', {}, `The ${system.name} virtual machine`),
    el('Name', {}, system.name),
    // Product facts live on the single system, or on the collection for multi-VM appliances.
    productSection(input, system, single, messages),
    system.description ? el('AnnotationSection', {}, el('Info', {}, 'A description of the virtual machine'), messages.element('Annotation', system.description, `${system.id}.annotation`)) : undefined,
    ...(single ? eulaSections(input, messages) : []),
    el(
      'OperatingSystemSection',
      { 'ovf:id': os.cimId, 'vmw:osType': dialect.flavour === 'virtualbox' || dialect.flavour === 'xen' ? undefined : os.vmwareGuestId },
      el('Info', {}, 'The guest operating system'),
      el('Description', {}, os.description),
    ),
    hardwareSection({ project, system, profile: input.profile, dialect, entry: input.entry, disks, mediaFiles }),
  );
}

/**
 * A ProductSection: the product facts (on a single system, or on the collection of a multi-VM
 * appliance) and the properties of `owner` (none on the collection: each system's section carries
 * its own, classed by the system id so their keys stay apart).
 */
function productSection(input: DescriptorInput, owner: VirtualSystem | undefined, withFacts: boolean, messages: Messages): XmlElement | undefined {
  const { project } = input;
  const first = project.systems[0]?.id;
  const properties = owner ? project.properties.filter((p) => (p.system ?? first) === owner.id) : [];
  const product = project.product;
  if (!withFacts && properties.length === 0) return undefined;
  const children: (XmlElement | undefined)[] = [el('Info', {}, 'Information about the installed software')];
  if (withFacts) {
    children.push(
      el('Product', {}, product.name),
      product.vendor ? el('Vendor', {}, product.vendor) : undefined,
      product.version ? el('Version', {}, product.version) : undefined,
      product.fullVersion ? el('FullVersion', {}, product.fullVersion) : undefined,
      product.productUrl ? el('ProductUrl', {}, product.productUrl) : undefined,
      product.vendorUrl ? el('VendorUrl', {}, product.vendorUrl) : undefined,
      product.appUrl ? el('AppUrl', {}, product.appUrl) : undefined,
      input.icon ? el('Icon', { 'ovf:fileRef': input.icon.id }) : undefined,
    );
  }
  let category: string | undefined;
  properties.forEach((property) => {
    const heading = property.category === undefined ? undefined : JSON.stringify(property.category);
    if (heading !== category && property.category !== undefined) children.push(messages.element('Category', property.category, `property.${property.key}.category`));
    category = heading;
    children.push(propertyElement(property, messages));
  });
  const classed = !withFacts && project.systems.length > 1;
  return el('ProductSection', { 'ovf:class': classed ? owner?.id : undefined }, ...children);
}

function propertyElement(property: Property, messages: Messages): XmlElement {
  return el(
    'Property',
    {
      'ovf:key': property.key,
      'ovf:password': property.password ? 'true' : undefined,
      'ovf:qualifiers': property.qualifiers,
      'ovf:type': property.type,
      'ovf:userConfigurable': property.userConfigurable ? 'true' : 'false',
      'ovf:value': property.default === undefined ? undefined : String(property.default),
    },
    property.label ? messages.element('Label', property.label, `property.${property.key}.label`) : undefined,
    property.description ? messages.element('Description', property.description, `property.${property.key}.description`) : undefined,
    // DSP0243 9.5: a Value child overrides ovf:value when its configuration is the one deployed.
    ...Object.entries(property.optionDefaults ?? {}).map(([option, value]) => el('Value', { 'ovf:value': String(value), 'ovf:configuration': option })),
  );
}

function eulaSections(input: DescriptorInput, messages: Messages): XmlElement[] {
  if (input.eulas.length === 0) return [];
  const text = Object.fromEntries(input.eulas.map((e) => [e.lang, e.text]));
  return [el('EulaSection', {}, el('Info', {}, 'End-user license agreement'), messages.element('License', text, 'eula'))];
}

function startupSection(project: Project): XmlElement | undefined {
  if (project.startup.length === 0) return undefined;
  return el(
    'StartupSection',
    {},
    el('Info', {}, 'The order in which the virtual systems start'),
    ...[...project.startup]
      .sort((a, b) => a.order - b.order)
      .map((item) =>
        el('Item', {
          'ovf:id': item.system,
          'ovf:order': item.order,
          'ovf:startAction': item.startAction,
          'ovf:startDelay': item.startDelay,
          'ovf:stopAction': item.stopAction,
          'ovf:stopDelay': item.stopDelay,
          'ovf:waitingForGuest': item.waitingForGuest ? 'true' : 'false',
        }),
      ),
  );
}
