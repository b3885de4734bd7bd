// The disks of an OVA or OVF folder read where they are: each disk file is opened through the
// package reader (an OVA member is a window onto the archive, never extracted) and inspected as
// the disk engine inspects a standalone image. What the descriptor declares (ovf:format, capacity)
// is then checked against what the bytes really are. A compressed or chunked file is judged by its
// head: its first part, or the first few MiB of its inflated stream.
import type { Finding } from '../../common/finding.ts';
import type { DiskReport } from '../../common/inspection.ts';
import type { Location } from '../../common/problem.ts';
import { formatBytes } from '../../common/progress.ts';
import { DiskFile } from '../disk/disk-file.ts';
import { inspectDiskFile, type DiskInspection } from '../disk/inspect.ts';
import { probeFile } from '../disk/probe.ts';
import type { SourceFormat } from '../disk/types.ts';
import type { VmdkDescriptor } from '../disk/vmdk-descriptor.ts';
import { inputError, isEngineError } from '../errors.ts';
import type { OvfFile, VirtualDisk } from '../ovf/model.ts';
import { staysInside, type PackageFile, type PackageSource } from '../package/package-source.ts';
import { chunkName } from '../package/references.ts';
import { declaredFormat, disagreements } from './disk-claims.ts';
import { diskReportOf, formatNames, subformatOf } from './disk-report.ts';
import { inflateHead } from './gzip-head.ts';
import { textDescriptorOf } from './vmdk-extents.ts';

/** How much of a compressed disk is inflated to find its header, partition table and filesystems. */
export const INFLATED_HEAD_BYTES = 4 * 1024 * 1024;

export interface DeclaredDisk {
  /** The descriptor's view of the disk (envelope-report's entry). */
  readonly report: DiskReport;
  readonly disk: VirtualDisk;
  readonly reference?: OvfFile;
}

export interface MemberDiskResult {
  readonly report: DiskReport;
  readonly findings: readonly Finding[];
}

/** How the bytes were reached: all of them, or only a head. */
type View = { readonly file: DiskFile; readonly partial?: string; readonly note?: string };

export async function inspectMemberDisk(source: PackageSource, declared: DeclaredDisk, descriptorName: string): Promise<MemberDiskResult> {
  const { report, disk, reference } = declared;
  const at: Location = { file: descriptorName, path: disk.at.path, line: disk.at.line };
  if (!reference) return { report, findings: [] };
  const href = reference.href.replace(/^(\.\/)+/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference.href)) return { report: noted(report, 'read', 'external file, fetched by the importer'), findings: [] };
  const name = reference.chunkSize === undefined ? href : chunkName(href, 0);
  const member = staysInside(href) ? await source.find(name).catch(() => undefined) : undefined;
  if (!member) return { report: noted(report, 'problem', `${name} is not in the package`), findings: [] };
  let inspection: DiskInspection;
  let view: View | undefined;
  let probed: SourceFormat | undefined;
  // Until the disk engine takes the file (and closes it whatever happens), closing it is ours to do:
  // an OVA's handle is shared and closes with its last reader.
  let handedOver = false;
  try {
    view = await openView(source, member, reference);
    const text = await textDescriptorOf(view.file);
    if (text && (source.kind === 'ova' || view.partial || text.extents.some((extent) => !staysInside(extent.file)))) {
      return extentsElsewhere(report, disk, text, source.kind, name, at);
    }
    // A head cut from a longer image may not be enough to open it; the probe still names the format.
    if (view.partial) probed = (await probeFile(view.file).catch(() => []))[0]?.format;
    handedOver = true;
    inspection = await inspectDiskFile(view.file);
  } catch (error) {
    const reason = isEngineError(error) ? `${error.message} [${error.code}]` : error instanceof Error ? error.message : String(error);
    if (view?.partial) {
      const findings = probed ? disagreements(disk, { format: probed, headOnly: true }, name, at) : [];
      return { report: withFindings(probedOnly(report, view.partial, probed, reason), findings), findings };
    }
    return {
      report: noted(report, 'problem', `the disk could not be read: ${reason}`),
      findings: [{ code: 'INSPECT_DISK_UNREADABLE', severity: 'warning', message: `disk ${disk.diskId} (${name}) could not be read: ${reason}`, location: at }],
    };
  } finally {
    if (view && !handedOver) await view.file.close().catch(() => undefined);
  }
  const { virtualBytes, allocatedBytes, ...facts } = diskReportOf(inspection, report.id, report.file ?? href);
  const partial = view.partial;
  // A head alone says nothing true about the whole stream's length or its stored size, and the
  // reader's complaints about the missing rest are expected.
  const headOnly = partial !== undefined && (inspection.format === 'raw' || inspection.format === 'iso');
  const details: Record<string, string> = { ...report.details, ...facts.details, read: partial ?? view.note ?? 'in place' };
  if (partial) delete details.warnings;
  if (partial || view.note) delete details['file size'];
  const size = headOnly ? report.virtualBytes : virtualBytes;
  const stored = partial ? report.allocatedBytes : allocatedBytes;
  const merged: DiskReport = {
    ...facts,
    ...(size !== undefined ? { virtualBytes: size } : {}),
    ...(stored !== undefined ? { allocatedBytes: stored } : {}),
    details,
  };
  const subformat = subformatOf(inspection);
  const findings = disagreements(disk, { format: inspection.format, ...(subformat ? { subformat } : {}), ...(headOnly ? { headOnly } : { virtualSize: inspection.virtualSize }) }, name, at);
  return { report: withFindings(merged, findings), findings };
}

async function openView(source: PackageSource, member: PackageFile, reference: OvfFile): Promise<View> {
  const label = source.kind === 'ova' ? `${source.path}/${member.name}` : member.name;
  if (reference.compression !== undefined) {
    if (reference.compression !== 'gzip') throw inputError('INSPECT_COMPRESSION_UNKNOWN', `ovf:compression="${reference.compression}" is not a compression the studio reads (only gzip is defined by DSP0243)`, { file: member.name });
    const opened = await source.open(member);
    try {
      const stream = DiskFile.inRange({ path: label, source: opened.handle, offset: opened.offset, size: opened.size });
      const head = await inflateHead((offset, length) => stream.read(offset, length, 'the compressed stream'), opened.size, INFLATED_HEAD_BYTES);
      const file = DiskFile.fromBytes(label, head);
      // A stream that ended before the limit was inflated whole: the image is all there.
      return head.length < INFLATED_HEAD_BYTES ? { file, note: `compressed (gzip): inflated whole (${formatBytes(head.length)})` } : { file, partial: `compressed (gzip): the first ${formatBytes(head.length)} inflated` };
    } finally {
      await opened.close();
    }
  }
  const opened = await source.open(member);
  // A folder's disk is a plain file: opened by path it keeps what only a path gives (sparse size,
  // the extents a descriptor-only VMDK names beside it).
  if (source.kind === 'ovf' && reference.chunkSize === undefined) {
    await opened.close();
    return { file: await DiskFile.open(opened.path) };
  }
  const file = DiskFile.inRange({ path: label, source: opened.handle, offset: opened.offset, size: opened.size, close: () => opened.close() });
  return reference.chunkSize === undefined ? { file } : { file, partial: `chunked: the first part (${formatBytes(opened.size)}) read` };
}

/**
 * A descriptor-only VMDK whose extents are not opened (an OVA member, or names leading outside the
 * folder): its own text still gives the subformat and the size.
 */
function extentsElsewhere(report: DiskReport, disk: VirtualDisk, text: VmdkDescriptor, kind: PackageSource['kind'], name: string, at: Location): MemberDiskResult {
  const virtualSize = text.extents.reduce((sum, extent) => sum + extent.sectors * 512, 0);
  const outside = text.extents.filter((extent) => !staysInside(extent.file));
  const findings: Finding[] = [
    ...outside.map((extent) => ({ code: 'INSPECT_DISK_EXTENT_OUTSIDE', severity: 'error' as const, message: `disk ${disk.diskId}: ${name} names the extent "${extent.file}", which lies outside the package; it was not opened`, location: at })),
    ...disagreements(disk, { format: 'vmdk', subformat: text.createType, virtualSize }, name, at),
  ];
  const extents = text.extents.map((extent) => extent.file).join(', ');
  const read = kind === 'ova' ? `descriptor only: its extents (${extents}) are not read from the archive` : `descriptor only: its extents (${extents}) were not opened`;
  return { report: withFindings({ ...report, format: `VMDK ${text.createType}`, virtualBytes: virtualSize, partitions: [], details: { ...report.details, subformat: text.createType, read } }, findings), findings };
}

/** The head did not open as a whole image: name its format from the probe and say why. */
function probedOnly(report: DiskReport, partial: string, probed: SourceFormat | undefined, reason: string): DiskReport {
  // The descriptor's name stays when the probe agrees with it: it carries the subformat a probe cannot see.
  const agrees = probed !== undefined && declaredFormat(report.details['format URI']).family === probed;
  const format = probed && !agrees ? (formatNames[probed] ?? probed) : report.format;
  return { ...report, format, details: { ...report.details, read: partial, ...(probed ? { detected: `${formatNames[probed] ?? probed}, from its header` } : {}), 'not read further': reason } };
}

function withFindings(report: DiskReport, findings: readonly Finding[]): DiskReport {
  return findings.length > 0 ? { ...report, findings } : report;
}

function noted(report: DiskReport, key: string, text: string): DiskReport {
  return { ...report, details: { ...report.details, [key]: text } };
}
