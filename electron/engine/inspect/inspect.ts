// One inspection report for any dropped file: detect its kind, then ask the engine that reads it
// (OVF issue 4, packages and trust issue 5, disks issue 6, targets issue 8). A file that cannot be
// understood still gets a report: what it is, its size, and the reason with its place, so the
// studio shows something true instead of a blank screen.
import { basename } from 'node:path';
import type { Finding } from '../../common/finding.ts';
import { sortFindings } from '../../common/finding.ts';
import type { DescriptorText, DiskReport, InspectionReport, Overview } from '../../common/inspection.ts';
import { inputKindLabels } from '../../common/inspection.ts';
import type { Problem } from '../../common/problem.ts';
import { formatBytes } from '../../common/progress.ts';
import { EngineError, isEngineError } from '../errors.ts';
import { decodeDescriptor } from '../ovf/decode.ts';
import { allContent, DEFAULT_MAX_DESCRIPTOR_BYTES, parseDescriptor, validateDescriptor, type OvfDescriptor } from '../ovf/index.ts';
import { openPackage, type PackageSource } from '../package/package-source.ts';
import { xvaReport } from '../xva/report.ts';
import { detectKind, type Detected } from './detect.ts';
import { diskFileReport } from './disk-report.ts';
import { envelopeSections } from './envelope-report.ts';
import { hardwareFacts, importability, targetDiskFormat } from './importability.ts';
import { inspectMemberDisk } from './member-disk.ts';
import { packageStructure, signerOf } from './package-report.ts';

/** Bumped whenever the report's shape changes, so the catalog never serves a stale shape. */
export const REPORT_VERSION = 2;

type Base = Pick<InspectionReport, 'path' | 'name' | 'kind' | 'size' | 'mtimeMs' | 'inspectedAt'>;

function emptyReport(base: Base, overview: Overview, started: number): InspectionReport {
  return { ...base, elapsedMs: Math.round(performance.now() - started), overview, systems: [], deploymentOptions: [], disks: [], networks: [], properties: [], eulas: [], findings: [], verifiable: false };
}

function problemOf(error: unknown, file: string): Problem {
  if (isEngineError(error)) return error.toProblem();
  return { code: 'INSPECT_FAILED', kind: 'internal', message: error instanceof Error ? error.message : String(error), location: { file } };
}

export async function inspectPath(path: string): Promise<InspectionReport> {
  const started = performance.now();
  const detected = await detectKind(path);
  const base: Base = { path, name: basename(path), kind: detected.kind, size: detected.size, mtimeMs: detected.mtimeMs, inspectedAt: new Date().toISOString() };
  const label = inputKindLabels[detected.kind];
  try {
    switch (detected.kind) {
      case 'ova':
      case 'ovf':
      case 'ovf-folder':
        return await inspectPackage(base, started);
      case 'xva':
        return await inspectXva(base, started);
      case 'unknown':
        throw new EngineError(
          'INSPECT_UNKNOWN_KIND',
          'input',
          detected.isFolder
            ? 'this folder holds no .ovf descriptor'
            : 'this is not a file the studio reads: expected an .ova, .ovf, OVF folder, disk image (VMDK, VHD, VHDX, QCOW2, raw), .iso or .xva',
          { file: path },
        );
      default:
        return await inspectDisk(base, detected, started);
    }
  } catch (error) {
    const problem = problemOf(error, path);
    return { ...emptyReport(base, { summary: `${label}: ${problem.message}`, systems: [], importableWhere: [] }, started), problem };
  }
}

async function inspectDisk(base: Base, detected: Detected, started: number): Promise<InspectionReport> {
  const disk = await diskFileReport(base.path, base.name);
  const size = disk.virtualBytes === undefined ? '' : `, ${formatBytes(disk.virtualBytes)}`;
  const format = targetDiskFormat(disk.format);
  return {
    ...emptyReport(
      base,
      {
        summary: `${disk.format}${size}`,
        systems: [],
        ...(disk.virtualBytes !== undefined ? { totalDiskBytes: disk.virtualBytes } : {}),
        importableWhere: importability({ kind: detected.kind, systems: 1, diskFormats: [format], ...(disk.virtualBytes !== undefined ? { largestDiskBytes: disk.virtualBytes } : {}), controllers: [], nicModels: [] }),
      },
      started,
    ),
    disks: [disk],
  };
}

async function inspectXva(base: Base, started: number): Promise<InspectionReport> {
  const report = await xvaReport(base.path);
  return { ...base, elapsedMs: Math.round(performance.now() - started), ...report };
}

interface DescriptorRead {
  readonly text?: DescriptorText;
  readonly descriptor?: OvfDescriptor;
  readonly problem?: Problem;
}

/** Reads and parses the descriptor; keeps its text even when it does not parse, to show where. */
async function readDescriptor(source: PackageSource): Promise<DescriptorRead> {
  const name = source.descriptor.name;
  let bytes: Buffer;
  try {
    bytes = await source.readSmall(source.descriptor, DEFAULT_MAX_DESCRIPTOR_BYTES);
  } catch (error) {
    return { problem: problemOf(error, name) };
  }
  let text: DescriptorText | undefined;
  try {
    const decoded = decodeDescriptor(bytes, name);
    text = { name, text: decoded.text, encoding: decoded.encoding };
    return { text, descriptor: parseDescriptor(bytes, name) };
  } catch (error) {
    return { ...(text ? { text } : {}), problem: problemOf(error, name) };
  }
}

async function inspectPackage(base: Base, started: number): Promise<InspectionReport> {
  const source = await openPackage(base.path);
  const read = await readDescriptor(source);
  const envelope = read.descriptor?.envelope;
  const structure = await packageStructure(source, envelope);
  const signedBy = await signerOf(source).catch((error: unknown) => `unreadable certificate: ${problemOf(error, source.certificate?.name ?? base.name).message}`);
  const sections = envelope ? envelopeSections(envelope) : undefined;
  const declaredDisks = envelope?.diskSection?.disks ?? [];
  const memberDisks = await Promise.all(
    (sections?.disks ?? []).map((report, i) => {
      const disk = declaredDisks[i]!;
      const reference = envelope?.references.find((file) => file.id === disk.fileRef);
      return inspectMemberDisk(source, { report, disk, ...(reference ? { reference } : {}) }, source.descriptor.name);
    }),
  );
  const disks: readonly DiskReport[] = memberDisks.map((disk) => disk.report);
  const findings: Finding[] = read.descriptor ? sortFindings([...read.descriptor.readFindings, ...validateDescriptor(read.descriptor), ...memberDisks.flatMap((disk) => disk.findings)]) : [];
  const known = disks.map((disk) => disk.virtualBytes).filter((bytes): bytes is number => bytes !== undefined);
  const totalDiskBytes = known.length > 0 ? known.reduce((a, b) => a + b, 0) : undefined;
  const product = sections?.product;
  const systems = sections?.systems.map((system) => system.name) ?? [];
  const productName = product?.product?.text ?? systems[0] ?? base.name;
  const annotation = allContent(envelope?.content).find((content) => content.annotation)?.annotation?.annotation.text.trim();
  const summary = read.problem
    ? `${inputKindLabels[base.kind]} with an unreadable descriptor`
    : `${productName}${product?.version ? ` ${product.version.text}` : ''}${product?.vendor ? ` (${product.vendor.text})` : ''}`;
  const overview: Overview = {
    summary,
    ...(product?.product ? { product: product.product.text } : {}),
    ...(product?.vendor ? { vendor: product.vendor.text } : {}),
    ...(product?.version ? { version: product.version.text } : {}),
    ...(product?.productUrl ? { productUrl: product.productUrl.text } : {}),
    // A description is a paragraph, not a document (one govmomi fixture annotates with 1.6 MB).
    ...(annotation ? { description: annotation.length > 600 ? `${annotation.slice(0, 600)}…` : annotation } : {}),
    systems,
    ...(totalDiskBytes !== undefined ? { totalDiskBytes } : {}),
    ...(signedBy ? { signedBy } : {}),
    importableWhere: envelope
      ? importability({
          kind: base.kind,
          systems: systems.length,
          diskFormats: disks.map((disk) => targetDiskFormat(disk.format)),
          ...(known.length > 0 ? { largestDiskBytes: Math.max(...known) } : {}),
          ...hardwareFacts(envelope),
        })
      : [],
  };
  return {
    ...base,
    elapsedMs: Math.round(performance.now() - started),
    overview,
    systems: sections?.systems ?? [],
    deploymentOptions: sections?.deploymentOptions ?? [],
    disks,
    networks: sections?.networks ?? [],
    properties: sections?.properties ?? [],
    eulas: sections?.eulas ?? [],
    package: structure,
    ...(read.text ? { descriptor: read.text } : {}),
    findings,
    ...(read.problem ? { problem: read.problem } : {}),
    verifiable: source.manifest !== undefined || source.certificate !== undefined,
  };
}
