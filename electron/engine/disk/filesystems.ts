// Filesystem and volume signatures at the start of a partition (or of a whole disk). Pure: it
// looks at the first FS_PROBE_BYTES bytes only.
export const FS_PROBE_BYTES = 68 * 1024;

export function detectFilesystem(b: Buffer): string | undefined {
  const text = (at: number, length: number) => (b.length >= at + length ? b.toString('latin1', at, at + length) : '');
  if (b.length >= 1024 + 100 && b.readUInt16LE(1024 + 56) === 0xef53) {
    const compat = b.readUInt32LE(1024 + 92);
    const incompat = b.readUInt32LE(1024 + 96);
    // extents, 64bit or flex_bg mean ext4; a journal alone means ext3.
    if (incompat & (0x40 | 0x80 | 0x200)) return 'ext4';
    return compat & 0x4 ? 'ext3' : 'ext2';
  }
  if (text(0, 4) === 'XFSB') return 'xfs';
  if (text(3, 8) === 'NTFS    ') return 'ntfs';
  if (text(3, 8) === 'EXFAT   ') return 'exfat';
  if (text(65536 + 64, 8) === '_BHRfS_M') return 'btrfs';
  if (text(0, 6) === 'LUKS\xba\xbe') return 'luks';
  for (const sector of [0, 1, 2, 3]) {
    if (text(sector * 512, 8) === 'LABELONE' && text(sector * 512 + 24, 8) === 'LVM2 001') return 'lvm2-pv';
  }
  if (text(4096 - 10, 10) === 'SWAPSPACE2' || text(4096 - 10, 10) === 'SWAP-SPACE') return 'swap';
  if (text(32769, 5) === 'CD001') return 'iso9660';
  if (b.length >= 512 && b[510] === 0x55 && b[511] === 0xaa) {
    if (text(82, 8) === 'FAT32   ') return 'fat32';
    if (text(54, 8) === 'FAT16   ') return 'fat16';
    if (text(54, 8) === 'FAT12   ') return 'fat12';
  }
  return undefined;
}
