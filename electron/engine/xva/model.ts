// ova.xml -> the export's typed model. xapi's export.ml writes one XML-RPC struct with `version`
// (build facts) and `objects`, an array of {class, id, snapshot}: `id` is a fresh "Ref:N" and
// `snapshot` the database record (VM, VBD, VDI, VIF, network, SR ...) with its references
// rewritten to those ids. The VM's disks are reached VM.VBDs -> VBD.VDI; a VDI's data are the tar
// members named after its id (chunks.ts).
import type { Finding } from '../../common/finding.ts';
import { inputError } from '../errors.ts';
import { decodeDescriptor } from '../ovf/decode.ts';
import { parseXml } from '../ovf/xml-read.ts';
import { isArray, isStruct, memberMap, memberRefs, memberText, rpcValue, type RpcStruct } from './xml-rpc.ts';

/** The largest disk the project model holds (schema.ts: 64 TiB); a larger one is hostile or corrupt. */
export const MAX_VIRTUAL_SIZE = 64 * 2 ** 40;

export interface XvaObject {
  readonly class: string;
  readonly id: string;
  readonly snapshot: RpcStruct;
  readonly line: number;
}

export interface XvaVdi {
  readonly ref: string;
  readonly name: string;
  readonly description?: string;
  /** Absent when ova.xml's value is missing, not a number, or past MAX_VIRTUAL_SIZE (a finding says which). */
  readonly virtualSize?: number;
  readonly line: number;
}

export interface XvaDrive {
  readonly ref: string;
  /** VBD.type: Disk or CD (Floppy on very old exports). */
  readonly type: string;
  /** VBD.userdevice: the slot the guest sees, "0" = first disk (xvda / hda). */
  readonly device: string;
  readonly bootable: boolean;
  readonly vdi?: XvaVdi;
  readonly line: number;
}

export interface XvaNic {
  readonly ref: string;
  readonly device: string;
  readonly mac: string;
  readonly network?: string;
  readonly line: number;
}

export interface XvaVm {
  readonly ref: string;
  readonly name: string;
  readonly description: string;
  readonly memoryBytes?: number;
  readonly vcpus?: number;
  /** HVM_boot_params.firmware; PV guests (no HVM_boot_policy) boot through a bootloader instead. */
  readonly firmware: 'bios' | 'uefi';
  readonly secureBoot: boolean;
  readonly hvm: boolean;
  readonly bootOrder?: string;
  readonly isTemplate: boolean;
  readonly isSnapshot: boolean;
  readonly platform: Readonly<Record<string, string>>;
  /** other_config's base_template_name ("Debian Bookworm 12"): the export's only hint of the guest OS. */
  readonly baseTemplate?: string;
  readonly disks: readonly XvaDrive[];
  readonly cds: readonly XvaDrive[];
  readonly nics: readonly XvaNic[];
  readonly line: number;
}

export interface XvaModel {
  /** ova.xml as text, for the report's descriptor view. */
  readonly text: string;
  readonly version: Readonly<Record<string, string>>;
  readonly objects: readonly XvaObject[];
  readonly vms: readonly XvaVm[];
  readonly vdis: readonly XvaVdi[];
  readonly findings: readonly Finding[];
}

/** ova.xml's size bound: a VM's metadata is tens of KiB; 16 MiB is the OVF descriptor limit too. */
export const MAX_OVA_XML_BYTES = 16 * 1024 * 1024;

export function readOvaXml(bytes: Uint8Array, file: string): XvaModel {
  if (bytes.byteLength > MAX_OVA_XML_BYTES) throw inputError('XVA_OVA_XML_TOO_LARGE', `ova.xml is ${bytes.byteLength} bytes, more than the ${MAX_OVA_XML_BYTES}-byte limit`, { file });
  const text = decodeDescriptor(bytes, file).text;
  const document = parseXml(text, file);
  const root = rpcValue(document.root, file);
  if (!isStruct(root)) throw inputError('XVA_XML_RPC', 'ova.xml does not hold the struct xapi writes (version and objects)', { file, line: document.root.line });
  const list = root.members.get('objects');
  if (!isArray(list)) throw inputError('XVA_NO_OBJECTS', 'ova.xml has no "objects" array: it describes no VM', { file, line: root.line });
  const findings: Finding[] = [];
  const finding = (code: string, severity: Finding['severity'], message: string, line: number) => findings.push({ code, severity, message, location: { file, line } });
  const objects: XvaObject[] = [];
  for (const item of list.items) {
    const snapshot = isStruct(item) ? item.members.get('snapshot') : undefined;
    const cls = isStruct(item) ? memberText(item, 'class') : undefined;
    const id = isStruct(item) ? memberText(item, 'id') : undefined;
    if (!isStruct(item) || !isStruct(snapshot) || !cls || !id) {
      finding('XVA_BAD_OBJECT', 'error', 'an entry of "objects" lacks its class, id or snapshot record; it is ignored', typeof item === 'object' ? item.line : list.line);
      continue;
    }
    objects.push({ class: cls, id, snapshot, line: item.line });
  }
  const byId = new Map(objects.map((object) => [object.id, object]));
  const number = (record: RpcStruct, field: string, what: string, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    const text = memberText(record, field);
    if (text === undefined) return undefined;
    const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
    if (!Number.isSafeInteger(value) || value > max) {
      finding('XVA_BAD_NUMBER', 'error', `${what}: ${field} "${text.slice(0, 40)}" is not a usable number${Number.isSafeInteger(value) ? ` (more than ${max})` : ''}`, record.line);
      return undefined;
    }
    return value;
  };

  const vdis = new Map<string, XvaVdi>();
  for (const object of objects.filter((o) => o.class === 'VDI')) {
    const name = memberText(object.snapshot, 'name_label') ?? object.id;
    const description = memberText(object.snapshot, 'name_description');
    const virtualSize = number(object.snapshot, 'virtual_size', `VDI ${object.id} "${name}"`, MAX_VIRTUAL_SIZE);
    vdis.set(object.id, { ref: object.id, name, ...(description ? { description } : {}), ...(virtualSize !== undefined ? { virtualSize } : {}), line: object.line });
  }

  const vms: XvaVm[] = [];
  for (const object of objects.filter((o) => o.class === 'VM')) {
    const record = object.snapshot;
    const name = memberText(record, 'name_label') ?? object.id;
    const drives: XvaDrive[] = [];
    for (const ref of memberRefs(record, 'VBDs')) {
      const vbd = byId.get(ref);
      if (!vbd || vbd.class !== 'VBD') {
        finding('XVA_DANGLING_REF', 'warning', `VM "${name}" names ${ref} among its VBDs, but the export holds no such VBD`, record.line);
        continue;
      }
      const vdiRef = memberText(vbd.snapshot, 'VDI') ?? '';
      const vdi = vdis.get(vdiRef);
      const type = memberText(vbd.snapshot, 'type') ?? 'Disk';
      const empty = memberText(vbd.snapshot, 'empty') === 'true';
      if (!vdi && !empty && type === 'Disk') finding('XVA_DANGLING_REF', 'error', `VM "${name}": disk ${ref} names VDI "${vdiRef}", which the export does not hold`, vbd.line);
      drives.push({ ref, type, device: memberText(vbd.snapshot, 'userdevice') ?? '', bootable: memberText(vbd.snapshot, 'bootable') === 'true', ...(vdi ? { vdi } : {}), line: vbd.line });
    }
    const nics: XvaNic[] = [];
    for (const ref of memberRefs(record, 'VIFs')) {
      const vif = byId.get(ref);
      if (!vif || vif.class !== 'VIF') {
        finding('XVA_DANGLING_REF', 'warning', `VM "${name}" names ${ref} among its VIFs, but the export holds no such VIF`, record.line);
        continue;
      }
      const network = byId.get(memberText(vif.snapshot, 'network') ?? '');
      const networkName = network ? memberText(network.snapshot, 'name_label') : undefined;
      nics.push({ ref, device: memberText(vif.snapshot, 'device') ?? '', mac: memberText(vif.snapshot, 'MAC') ?? '', ...(networkName ? { network: networkName } : {}), line: vif.line });
    }
    const bootParams = memberMap(record, 'HVM_boot_params');
    const platform = memberMap(record, 'platform');
    const hvm = (memberText(record, 'HVM_boot_policy') ?? '') !== '';
    const memoryBytes = number(record, 'memory_static_max', `VM "${name}"`);
    const vcpus = number(record, 'VCPUs_max', `VM "${name}"`);
    const baseTemplate = memberMap(record, 'other_config').base_template_name;
    const bySlot = (a: XvaDrive, b: XvaDrive) => Number(a.device) - Number(b.device) || a.device.localeCompare(b.device);
    vms.push({
      ref: object.id,
      name,
      description: memberText(record, 'name_description') ?? '',
      ...(memoryBytes !== undefined ? { memoryBytes } : {}),
      ...(vcpus !== undefined ? { vcpus } : {}),
      firmware: bootParams.firmware === 'uefi' ? 'uefi' : 'bios',
      secureBoot: platform.secureboot === 'true',
      hvm,
      ...(bootParams.order ? { bootOrder: bootParams.order } : {}),
      isTemplate: memberText(record, 'is_a_template') === 'true',
      isSnapshot: memberText(record, 'is_a_snapshot') === 'true',
      platform,
      ...(baseTemplate ? { baseTemplate } : {}),
      disks: drives.filter((drive) => drive.type === 'Disk').sort(bySlot),
      cds: drives.filter((drive) => drive.type !== 'Disk').sort(bySlot),
      nics: nics.sort((a, b) => Number(a.device) - Number(b.device)),
      line: object.line,
    });
  }
  if (vms.length === 0) finding('XVA_NO_VM', 'error', 'ova.xml holds no VM object: there is nothing to import', root.line);
  const version = isStruct(root.members.get('version')) ? memberMap(root, 'version') : {};
  return { text, version, objects, vms, vdis: [...vdis.values()], findings };
}
