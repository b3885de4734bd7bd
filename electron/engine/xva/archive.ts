// Opens an XVA in place: the tar's headers (tar-index.ts refuses names that climb out, links,
// truncation), ova.xml read into the model, and each VDI's chunk map. Nothing is extracted.
import { open, type FileHandle } from 'node:fs/promises';
import type { Finding } from '../../common/finding.ts';
import { fileError, inputError } from '../errors.ts';
import { compressionOf, detectKind } from '../inspect/detect.ts';
import { indexTar, type TarIndex, type TarMember } from '../package/tar-index.ts';
import { chunkFolders, chunkMap, type ChunkMap } from './chunks.ts';
import { MAX_OVA_XML_BYTES, readOvaXml, type XvaModel } from './model.ts';

export interface XvaArchive {
  readonly path: string;
  readonly tar: TarIndex;
  readonly ovaXml: TarMember;
  readonly model: XvaModel;
  /** By VDI id; a VDI whose data the export does not carry has none. */
  readonly chunkMaps: ReadonlyMap<string, ChunkMap>;
  /** The model's findings, the chunk maps' and the archive's own. */
  readonly findings: readonly Finding[];
}

/** The archive's headers and ova.xml's bytes: what can be shown even when ova.xml does not parse. */
export interface XvaTar {
  readonly path: string;
  readonly tar: TarIndex;
  readonly ovaXml: TarMember;
  readonly ovaXmlBytes: Buffer;
}

export async function openXva(path: string): Promise<XvaArchive> {
  return modelOf(await readXvaTar(path));
}

export function modelOf(read: XvaTar): XvaArchive {
  const model = readOvaXml(read.ovaXmlBytes, `${read.path}/ova.xml`);
  return { path: read.path, tar: read.tar, ovaXml: read.ovaXml, model, ...placeChunks(read.path, read.tar, model) };
}

export async function readXvaTar(path: string): Promise<XvaTar> {
  const handle = await open(path, 'r').catch((error: unknown) => Promise.reject(fileError(error, path)));
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    const compression = compressionOf(head);
    if (compression) {
      const tool = compression === 'gzip' ? 'gunzip -k' : 'zstd -d';
      throw inputError('XVA_COMPRESSED', `this is a ${compression}-compressed XVA (xe vm-export compress=${compression}); the studio reads the tar in place, so decompress it first (${tool} FILE)`, { file: path, offset: 0 });
    }
    const tar = await indexTar(path);
    const ovaXml = tar.members.find((member) => member.name === 'ova.xml');
    if (!ovaXml) throw inputError('XVA_NO_OVA_XML', 'the archive holds no ova.xml: it is not a XenServer export (or its metadata was lost)', { file: path });
    if (ovaXml.size > MAX_OVA_XML_BYTES) throw inputError('XVA_OVA_XML_TOO_LARGE', `ova.xml is ${ovaXml.size} bytes, more than the ${MAX_OVA_XML_BYTES}-byte limit`, { file: path, path: 'ova.xml' });
    const ovaXmlBytes = Buffer.alloc(ovaXml.size);
    await handle.read(ovaXmlBytes, 0, ovaXmlBytes.length, ovaXml.offset);
    return { path, tar, ovaXml, ovaXmlBytes };
  } catch (error) {
    throw fileError(error, path);
  } finally {
    await handle.close();
  }
}

function placeChunks(path: string, tar: TarIndex, model: XvaModel): { chunkMaps: Map<string, ChunkMap>; findings: Finding[] } {
  const findings: Finding[] = [...model.findings];
  const note = (code: string, severity: Finding['severity'], message: string, at: string) => findings.push({ code, severity, message, location: { file: path, path: at } });
  if (tar.members[0]?.name !== 'ova.xml') note('XVA_OVA_XML_NOT_FIRST', 'error', `ova.xml is not the first member (the first is "${tar.members[0]?.name}"): xapi reads the metadata first and refuses such a stream`, 'ova.xml');
  const folders = chunkFolders(tar.members);
  const chunkMaps = new Map<string, ChunkMap>();
  const diskVdis = new Set(model.vms.flatMap((vm) => vm.disks.flatMap((drive) => (drive.vdi ? [drive.vdi.ref] : []))));
  for (const vdi of model.vdis) {
    const members = folders.get(vdi.ref);
    if (!members) {
      if (diskVdis.has(vdi.ref)) note('XVA_DISK_NO_DATA', 'error', `disk "${vdi.name}" (${vdi.ref}) has no chunks in the archive: a metadata-only export, or its data was lost`, vdi.ref);
      continue;
    }
    const map = chunkMap(vdi.ref, members, vdi.virtualSize, path);
    chunkMaps.set(vdi.ref, map);
    findings.push(...map.findings);
  }
  for (const [ref, members] of folders) {
    if (!chunkMaps.has(ref)) note('XVA_ORPHAN_CHUNKS', 'warning', `${members.length} member(s) under "${ref}/" belong to no VDI of ova.xml; they are ignored`, `${ref}/`);
  }
  for (const member of tar.members) {
    if (member.name !== 'ova.xml' && !member.name.includes('/')) note('XVA_EXTRA_MEMBER', 'warning', `member "${member.name}" is neither ova.xml nor a chunk; xapi does not expect it`, member.name);
  }
  return { chunkMaps, findings };
}

/**
 * Reads `length` bytes of a VDI's virtual disk at `offset` through its chunk map: chunk bytes
 * where a chunk lies, zeros elsewhere. Reads stay inside each chunk's member, which the tar index
 * has already checked lies inside the file.
 */
export async function readVirtual(handle: FileHandle, map: ChunkMap, offset: number, length: number): Promise<Buffer> {
  const out = Buffer.alloc(length);
  const end = offset + length;
  let low = 0;
  let high = map.chunks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const chunk = map.chunks[mid]!;
    if (chunk.offset + chunk.member.size <= offset) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < map.chunks.length; i++) {
    const chunk = map.chunks[i]!;
    if (chunk.offset >= end) break;
    const from = Math.max(offset, chunk.offset);
    const to = Math.min(end, chunk.offset + chunk.member.size);
    await handle.read(out, from - offset, to - from, chunk.member.offset + (from - chunk.offset));
  }
  return out;
}

/** An XVA by its bytes (a tar whose first member is ova.xml) or, compressed, by its name. */
export async function isXvaPath(path: string): Promise<boolean> {
  if (/\.xva(\.gz|\.zst)?$/i.test(path)) return true;
  const detected = await detectKind(path).catch(() => undefined);
  return detected?.kind === 'xva';
}
