// MBR and GPT partition tables (UEFI spec 2.x chapter 5). Pure decoding over bytes the caller
// reads; the extended-partition chain is followed with a bound so a loop cannot hang.
import { guidText } from './vhdx-structures.ts';

export interface Partition {
  readonly index: number;
  readonly scheme: 'mbr' | 'gpt';
  /** MBR type byte as two hex digits, or the GPT type GUID. */
  readonly type: string;
  readonly typeName: string;
  readonly offset: number;
  readonly length: number;
  readonly name?: string;
  readonly bootable?: boolean;
}

const MBR_TYPES: Record<number, string> = {
  0x01: 'FAT12', 0x04: 'FAT16 <32M', 0x05: 'Extended', 0x06: 'FAT16', 0x07: 'NTFS/exFAT/HPFS', 0x0b: 'FAT32 (CHS)', 0x0c: 'FAT32 (LBA)',
  0x0e: 'FAT16 (LBA)', 0x0f: 'Extended (LBA)', 0x27: 'Windows recovery', 0x82: 'Linux swap', 0x83: 'Linux', 0x85: 'Linux extended',
  0x8e: 'Linux LVM', 0xa5: 'FreeBSD', 0xa6: 'OpenBSD', 0xa9: 'NetBSD', 0xee: 'GPT protective', 0xef: 'EFI system', 0xfd: 'Linux RAID',
};

const GPT_TYPES: Record<string, string> = {
  'C12A7328-F81F-11D2-BA4B-00A0C93EC93B': 'EFI system',
  '21686148-6449-6E6F-744E-656564454649': 'BIOS boot',
  '0FC63DAF-8483-4772-8E79-3D69D8477DE4': 'Linux filesystem',
  '0657FD6D-A4AB-43C4-84E5-0933C84B4F4F': 'Linux swap',
  'E6D6D379-F507-44C2-A23C-238F2A3DF928': 'Linux LVM',
  'A19D880F-05FC-4D3B-A006-743F0F84911E': 'Linux RAID',
  '4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709': 'Linux root (x86-64)',
  '44479540-F297-41B2-9AF7-D131D5F0458A': 'Linux root (x86)',
  'BC13C2FF-59E6-4262-A352-B275FD6F7172': 'Linux extended boot',
  '933AC7E1-2EB4-4F13-B844-0E14E2AEF915': 'Linux home',
  'EBD0A0A2-B9E5-4433-87C0-68B6B72699C7': 'Microsoft basic data',
  'E3C9E316-0B5C-4DB8-817D-F92DF00215AE': 'Microsoft reserved',
  'DE94BBA4-06D1-4D40-A16A-BFD50179D6AC': 'Windows recovery',
  '516E7CB4-6ECF-11D6-8FF8-00022D09712B': 'FreeBSD data',
  '83BD6B9D-7F41-11DC-BE0B-001560B84F0F': 'FreeBSD boot',
  '516E7CBA-6ECF-11D6-8FF8-00022D09712B': 'FreeBSD ZFS',
  '6A898CC3-1DD2-11B2-99A6-080020736631': 'Solaris /usr or Apple ZFS',
  '48465300-0000-11AA-AA11-00306543ECAC': 'Apple HFS+',
};

/** Reads `length` bytes of the disk at `offset`. */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

const MAX_LOGICAL = 128;
const MAX_GPT_ENTRIES = 1024;

export async function readPartitions(read: ReadAt, diskSize: number): Promise<{ scheme: 'mbr' | 'gpt' | 'none'; partitions: Partition[] }> {
  if (diskSize < 1024) return { scheme: 'none', partitions: [] };
  const mbr = await read(0, 512);
  const gpt = await readGpt(read, diskSize);
  if (gpt) return { scheme: 'gpt', partitions: gpt };
  if (mbr[510] !== 0x55 || mbr[511] !== 0xaa) return { scheme: 'none', partitions: [] };
  const entries = mbrEntries(mbr);
  // A FAT/NTFS boot sector also ends in 55 AA; real tables have sane entries only.
  if (entries.some((e) => e.status !== 0 && e.status !== 0x80) || entries.every((e) => e.type === 0)) return { scheme: 'none', partitions: [] };
  const partitions: Partition[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry.type === 0) continue;
    partitions.push(mbrPartition(i + 1, entry, 0));
    if (entry.type === 0x05 || entry.type === 0x0f || entry.type === 0x85) partitions.push(...(await logicalPartitions(read, entry.start * 512, diskSize)));
  }
  return { scheme: 'mbr', partitions };
}

interface MbrEntry {
  readonly status: number;
  readonly type: number;
  readonly start: number;
  readonly sectors: number;
}

function mbrEntries(sector: Buffer): MbrEntry[] {
  return [0, 1, 2, 3].map((i) => {
    const at = 446 + i * 16;
    return { status: sector[at]!, type: sector[at + 4]!, start: sector.readUInt32LE(at + 8), sectors: sector.readUInt32LE(at + 12) };
  });
}

function mbrPartition(index: number, entry: MbrEntry, base: number): Partition {
  return { index, scheme: 'mbr', type: entry.type.toString(16).padStart(2, '0'), typeName: MBR_TYPES[entry.type] ?? 'unknown', offset: base + entry.start * 512, length: entry.sectors * 512, bootable: entry.status === 0x80 };
}

async function logicalPartitions(read: ReadAt, extendedStart: number, diskSize: number): Promise<Partition[]> {
  const found: Partition[] = [];
  const visited = new Set<number>();
  let ebr = extendedStart;
  while (found.length < MAX_LOGICAL && ebr + 512 <= diskSize && !visited.has(ebr)) {
    visited.add(ebr);
    const sector = await read(ebr, 512);
    if (sector[510] !== 0x55 || sector[511] !== 0xaa) break;
    const [first, next] = mbrEntries(sector);
    if (first && first.type !== 0) found.push(mbrPartition(5 + found.length, first, ebr));
    if (!next || next.type === 0) break;
    ebr = extendedStart + next.start * 512;
  }
  return found;
}

async function readGpt(read: ReadAt, diskSize: number): Promise<Partition[] | undefined> {
  for (const sectorSize of [512, 4096]) {
    if (sectorSize * 2 > diskSize) continue;
    const header = await read(sectorSize, 512);
    if (header.toString('latin1', 0, 8) !== 'EFI PART') continue;
    const entriesLba = Number(header.readBigUInt64LE(72));
    const count = Math.min(header.readUInt32LE(80), MAX_GPT_ENTRIES);
    const entrySize = header.readUInt32LE(84);
    if (entrySize < 128 || entrySize > 4096 || entriesLba * sectorSize + count * entrySize > diskSize) return [];
    const table = await read(entriesLba * sectorSize, count * entrySize);
    const partitions: Partition[] = [];
    for (let i = 0; i < count; i++) {
      const entry = table.subarray(i * entrySize, (i + 1) * entrySize);
      if (entry.subarray(0, 16).every((b) => b === 0)) continue;
      const type = guidText(entry.subarray(0, 16));
      const first = Number(entry.readBigUInt64LE(32));
      const last = Number(entry.readBigUInt64LE(40));
      const name = entry.subarray(56, 128).toString('utf16le').replace(/\0.*$/s, '');
      partitions.push({ index: i + 1, scheme: 'gpt', type, typeName: GPT_TYPES[type] ?? 'unknown', offset: first * sectorSize, length: Math.max(0, last - first + 1) * sectorSize, ...(name ? { name } : {}) });
    }
    return partitions;
  }
  return undefined;
}
