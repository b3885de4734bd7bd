// Every reference resolves: Disk fileRef/parentRef -> File, HostResource -> Disk or File, Icon and
// Strings fileRef -> File, Parent -> InstanceID, ovf:configuration -> Configuration, Connection ->
// Network, StartupSection ids -> content; and ids are unique where they must be.
import { allContent, type HardwareItem, type Place, type VirtualHardwareSection } from '../model.ts';
import { configurationsOverlap, type Rule, type RuleContext } from './rule.ts';

/** `ovf:/disk/vmdisk1`, `/disk/vmdisk1` (OVF 0.9) -> { kind: 'disk', id: 'vmdisk1' }. */
export function parseHostResource(text: string): { kind: 'disk' | 'file'; id: string } | undefined {
  const match = /^(?:ovf:)?\/(disk|file)\/(.+)$/.exec(text.trim());
  return match ? { kind: match[1] as 'disk' | 'file', id: match[2] ?? '' } : undefined;
}

function checkFiles({ envelope, report }: RuleContext): void {
  const ids = new Map<string, Place>();
  const hrefs = new Map<string, Place>();
  for (const file of envelope.references) {
    if (file.id === '') report('OVF_FILE_ID_MISSING', 'error', 'a File has no ovf:id', file.at);
    else if (ids.has(file.id)) report('OVF_FILE_ID_DUPLICATE', 'error', `File id "${file.id}" is declared twice (first at ${ids.get(file.id)?.path})`, file.at);
    else ids.set(file.id, file.at);
    if (file.href === '') {
      report('OVF_FILE_HREF_MISSING', 'error', `File "${file.id}" has no ovf:href`, file.at);
      continue;
    }
    if (hrefs.has(file.href)) report('OVF_FILE_HREF_DUPLICATE', 'error', `two Files point at "${file.href}" (DSP0243 forbids it)`, file.at);
    hrefs.set(file.href, file.at);
    if (/^[a-z][a-z0-9+.-]*:/i.test(file.href)) {
      report('OVF_FILE_HREF_URL', 'warning', `File "${file.id}" points at the URL "${file.href}": the package is not self-contained (this tool never fetches it)`, file.at);
    } else if (file.href.startsWith('/') || file.href.split(/[\\/]/).includes('..')) {
      report('OVF_FILE_HREF_UNSAFE', 'warning', `File "${file.id}" href "${file.href}" leaves the package folder (absolute or ..)`, file.at);
    }
    if (file.compression !== undefined && file.compression !== 'gzip' && file.compression !== 'identity') {
      report('OVF_FILE_COMPRESSION_UNKNOWN', 'error', `File "${file.id}" uses compression "${file.compression}"; readers accept only gzip or identity`, file.at);
    }
    if (file.chunkSize === 0) report('OVF_FILE_CHUNKSIZE_ZERO', 'error', `File "${file.id}" has ovf:chunkSize 0`, file.at);
  }
}

function usedFileIds(context: RuleContext): Set<string> {
  const { envelope } = context;
  const used = new Set<string>();
  for (const disk of envelope.diskSection?.disks ?? []) if (disk.fileRef) used.add(disk.fileRef);
  for (const bundle of envelope.strings) if (bundle.fileRef) used.add(bundle.fileRef);
  for (const content of allContent(envelope.content)) {
    for (const product of content.products) for (const icon of product.icons) used.add(icon.fileRef);
    for (const section of content.hardware) {
      for (const item of section.items) {
        for (const resource of item.hostResources) {
          const target = parseHostResource(resource);
          if (target?.kind === 'file') used.add(target.id);
        }
      }
    }
  }
  return used;
}

function checkDisks({ envelope, report }: RuleContext, fileIds: Set<string>): void {
  const seen = new Set<string>();
  for (const disk of envelope.diskSection?.disks ?? []) {
    if (disk.diskId === '') report('OVF_DISK_ID_MISSING', 'error', 'a Disk has no ovf:diskId', disk.at);
    else if (seen.has(disk.diskId)) report('OVF_DISK_ID_DUPLICATE', 'error', `Disk id "${disk.diskId}" is declared twice`, disk.at);
    seen.add(disk.diskId);
    if (disk.fileRef === '') report('OVF_DISK_FILEREF_EMPTY', 'warning', `Disk "${disk.diskId}" has an empty ovf:fileRef; leave the attribute out for a blank disk`, disk.at);
    else if (disk.fileRef !== undefined && !fileIds.has(disk.fileRef)) report('OVF_DISK_FILEREF_MISSING', 'error', `Disk "${disk.diskId}" refers to File "${disk.fileRef}", which References does not list`, disk.at);
  }
  for (const disk of envelope.diskSection?.disks ?? []) {
    if (disk.parentRef !== undefined && !seen.has(disk.parentRef)) report('OVF_DISK_PARENTREF_MISSING', 'error', `Disk "${disk.diskId}" has parent disk "${disk.parentRef}", which DiskSection does not list`, disk.at);
  }
}

function checkItems(context: RuleContext, section: VirtualHardwareSection, fileIds: Set<string>, configurationIds: Set<string> | undefined): void {
  const { envelope, report } = context;
  const diskIds = new Set((envelope.diskSection?.disks ?? []).map((disk) => disk.diskId));
  const networks = new Set((envelope.networkSection?.networks ?? []).map((network) => network.name));
  const byId = new Map<string, HardwareItem[]>();
  for (const item of section.items) {
    if (item.instanceId === undefined || item.instanceId === '') {
      report('OVF_INSTANCEID_MISSING', 'error', `an ${item.kind} "${item.elementName ?? ''}" has no InstanceID`, item.at);
      continue;
    }
    const twins = byId.get(item.instanceId) ?? [];
    // Items that describe one device in several bounds (min/max/normal) or configurations share an id.
    const clash = twins.find((other) => other.bound === item.bound && configurationsOverlap(other.configurations, item.configurations));
    // Two overrides that share only some configurations are VMware's delta pattern: ambiguous, not broken.
    const partial = clash !== undefined && item.configurations.length > 0 && clash.configurations.join(' ') !== item.configurations.join(' ');
    if (clash && partial) {
      report('OVF_INSTANCEID_OVERLAP', 'warning', `InstanceID "${item.instanceId}" is overridden for some of the same configurations by ${clash.at.path}; importers may disagree on which one applies`, item.at);
    } else if (clash) {
      report('OVF_INSTANCEID_DUPLICATE', 'error', `InstanceID "${item.instanceId}" is also used by ${clash.at.path} in the same section`, item.at);
    }
    byId.set(item.instanceId, [...twins, item]);
  }
  for (const item of section.items) {
    if (item.parent !== undefined && !byId.has(item.parent)) report('OVF_PARENT_MISSING', 'error', `${item.kind} "${item.elementName ?? item.instanceId}" has Parent ${item.parent}, which no item in this section has as InstanceID`, item.at);
    for (const resource of item.hostResources) {
      const target = parseHostResource(resource);
      if (target?.kind === 'disk' && !diskIds.has(target.id)) report('OVF_HOSTRESOURCE_DISK_MISSING', 'error', `HostResource "${resource}" names a disk that DiskSection does not list`, item.at);
      if (target?.kind === 'file' && !fileIds.has(target.id)) report('OVF_HOSTRESOURCE_FILE_MISSING', 'error', `HostResource "${resource}" names a file that References does not list`, item.at);
    }
    if (item.resourceType === 10 || item.kind === 'EthernetPortItem') {
      for (const connection of item.connections) {
        if (connection !== '' && !networks.has(connection)) {
          report('OVF_NETWORK_UNKNOWN', 'warning', `the network adapter "${item.elementName ?? item.instanceId}" connects to "${connection}", which NetworkSection does not list`, item.at);
        }
      }
    }
    for (const id of item.configurations) {
      if (!configurationIds?.has(id)) report('OVF_CONFIGURATION_UNKNOWN', 'error', `ovf:configuration "${id}" on ${item.kind} "${item.elementName ?? item.instanceId}" is not a DeploymentOptionSection Configuration`, item.at);
    }
  }
}

function checkConfigurations({ envelope, report }: RuleContext): Set<string> | undefined {
  const section = envelope.deploymentOptions;
  if (!section) return undefined;
  const ids = new Set<string>();
  for (const configuration of section.configurations) {
    if (ids.has(configuration.id)) report('OVF_CONFIGURATION_DUPLICATE', 'error', `Configuration "${configuration.id}" is declared twice`, configuration.at);
    ids.add(configuration.id);
  }
  const defaults = section.configurations.filter((c) => c.isDefault);
  if (defaults.length > 1) report('OVF_CONFIGURATION_DEFAULT_MULTIPLE', 'error', `${defaults.length} configurations say ovf:default="true"; at most one may`, section.at);
  return ids;
}

export const referenceRules: Rule = (context) => {
  const { envelope, report } = context;
  checkFiles(context);
  const fileIds = new Set(envelope.references.map((file) => file.id));
  checkDisks(context, fileIds);
  const configurationIds = checkConfigurations(context);
  for (const content of allContent(envelope.content)) {
    for (const section of content.hardware) checkItems(context, section, fileIds, configurationIds);
    for (const product of content.products) {
      for (const icon of product.icons) if (!fileIds.has(icon.fileRef)) report('OVF_ICON_FILEREF_MISSING', 'error', `Icon refers to File "${icon.fileRef}", which References does not list`, icon.at);
      for (const property of product.properties) {
        for (const value of property.values) {
          if (value.configuration !== undefined && !configurationIds?.has(value.configuration)) {
            report('OVF_CONFIGURATION_UNKNOWN', 'error', `Value of property "${property.fullKey}" names configuration "${value.configuration}", which is not declared`, value.at);
          }
        }
      }
    }
    if (content.kind === 'VirtualSystemCollection' && content.startup) {
      const children = new Set(content.content.map((child) => child.id));
      for (const item of content.startup.items) {
        if (!children.has(item.id)) report('OVF_STARTUP_ID_UNKNOWN', 'error', `StartupSection names "${item.id}", which is not a child of this collection`, item.at);
      }
    }
  }
  const used = usedFileIds(context);
  for (const file of envelope.references) {
    if (file.id !== '' && !used.has(file.id)) report('OVF_FILE_UNUSED', 'warning', `File "${file.id}" (${file.href}) is listed in References but nothing refers to it`, file.at);
  }
  for (const bundle of envelope.strings) {
    if (bundle.fileRef !== undefined && !fileIds.has(bundle.fileRef)) report('OVF_STRINGS_FILEREF_MISSING', 'error', `Strings bundle refers to File "${bundle.fileRef}", which References does not list`, bundle.at);
  }
};
