// An OVF Envelope as the sections of the inspection report: systems with their hardware, deployment
// options, disks as the descriptor declares them, networks, the deploy form, and the EULAs.
import type { DeploymentOptionReport, DiskReport, EulaReport, NetworkReport, PropertyReport, SystemReport } from '../../common/inspection.ts';
import type { Content, Envelope, ProductSection, VirtualDisk } from '../ovf/model.ts';
import { allContent, virtualSystems } from '../ovf/model.ts';
import { hardwareTables } from './hardware-table.ts';

export interface EnvelopeSections {
  readonly product?: ProductSection;
  readonly systems: readonly SystemReport[];
  readonly deploymentOptions: readonly DeploymentOptionReport[];
  readonly disks: readonly DiskReport[];
  readonly networks: readonly NetworkReport[];
  readonly properties: readonly PropertyReport[];
  readonly eulas: readonly EulaReport[];
}

const contentName = (content: Content) => content.name?.text ?? content.id;

/** The VMware and DMTF disk format URIs, shortened to what people call them. */
export function diskFormatName(uri: string | undefined): string {
  if (!uri) return 'unspecified';
  const fragment = /#(\w+)$/.exec(uri)?.[1];
  const lower = uri.toLowerCase();
  const family = lower.includes('vmdk') ? 'VMDK' : lower.includes('vhdx') ? 'VHDX' : lower.includes('vhd') ? 'VHD' : lower.includes('qcow') ? 'QCOW2' : lower.includes('raw') ? 'raw' : lower.includes('iso') ? 'ISO' : undefined;
  if (!family) return uri;
  return fragment && fragment.toLowerCase() !== family.toLowerCase() ? `${family} ${fragment}` : family;
}

function diskOf(disk: VirtualDisk, envelope: Envelope): DiskReport {
  const file = disk.fileRef === undefined ? undefined : envelope.references.find((ref) => ref.id === disk.fileRef);
  const allocated = disk.populatedSize ?? file?.size;
  return {
    id: disk.diskId,
    ...(file ? { file: file.href } : {}),
    format: diskFormatName(disk.format),
    ...(disk.capacityBytes !== undefined ? { virtualBytes: disk.capacityBytes } : {}),
    ...(allocated !== undefined ? { allocatedBytes: allocated } : {}),
    partitions: [],
    details: {
      ...(disk.format ? { 'format URI': disk.format } : {}),
      ...(file?.compression ? { compression: file.compression } : {}),
      ...(file?.chunkSize ? { 'chunk size': String(file.chunkSize) } : {}),
      ...(disk.parentRef ? { parent: disk.parentRef } : {}),
      ...(disk.capacityBytes === undefined ? { capacity: `${disk.capacity} ${disk.capacityAllocationUnits ?? ''}`.trim() } : {}),
    },
  };
}

/** `ValueMap{"small", "large"}` -> ["small", "large"] (DSP0243 9.5.1 qualifiers). */
export function valueMapChoices(qualifiers: string | undefined): string[] {
  const body = qualifiers === undefined ? undefined : /ValueMap\s*\{([^}]*)\}/.exec(qualifiers)?.[1];
  if (body === undefined) return [];
  return [...body.matchAll(/"((?:[^"\\]|\\.)*)"|([^,\s"]+)/g)].map((m) => m[1] ?? m[2] ?? '').filter((v) => v !== '');
}

function propertiesOf(content: Content): PropertyReport[] {
  return content.products.flatMap((product) =>
    product.properties.map((property) => ({
      key: property.fullKey,
      label: property.label?.text ?? property.key,
      ...(property.description ? { description: property.description.text } : {}),
      type: property.type,
      ...(property.value !== undefined ? { defaultValue: property.value } : {}),
      choices: valueMapChoices(property.qualifiers),
      userConfigurable: property.userConfigurable,
      password: property.password,
      ...(property.category ? { category: property.category } : {}),
      system: contentName(content),
      line: property.at.line,
    })),
  );
}

export function envelopeSections(envelope: Envelope): EnvelopeSections {
  const contents = allContent(envelope.content);
  const options = envelope.deploymentOptions?.configurations ?? [];
  const product = contents.flatMap((content) => content.products).find((p) => p.product || p.vendor || p.version);
  const systems = virtualSystems(envelope.content).map((system) => ({
    id: system.id,
    name: contentName(system),
    ...(system.operatingSystem ? { operatingSystem: system.operatingSystem.description?.text ?? system.operatingSystem.osType ?? `OS type ${system.operatingSystem.id ?? '?'}` } : {}),
    tables: hardwareTables(system.hardware, options, envelope.diskSection?.disks ?? []),
    line: system.at.line,
  }));
  return {
    ...(product ? { product } : {}),
    systems,
    deploymentOptions: options.map((option) => ({
      id: option.id,
      label: option.label?.text ?? option.id,
      ...(option.description ? { description: option.description.text } : {}),
      isDefault: option.isDefault,
    })),
    disks: (envelope.diskSection?.disks ?? []).map((disk) => diskOf(disk, envelope)),
    networks: (envelope.networkSection?.networks ?? []).map((network) => ({
      name: network.name,
      ...(network.description ? { description: network.description.text } : {}),
      line: network.at.line,
    })),
    properties: contents.flatMap(propertiesOf),
    eulas: contents.flatMap((content) => content.eulas.map((eula) => ({ system: contentName(content), text: eula.license.text, line: eula.at.line }))),
  };
}
