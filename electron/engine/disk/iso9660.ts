// ISO 9660 (ECMA-119): detected by its primary volume descriptor at sector 16; read as raw data.
import type { FormatModule } from './types.ts';
import { rawReader } from './raw.ts';

const DESCRIPTORS_AT = 16 * 2048;

export interface PrimaryVolumeDescriptor {
  readonly systemId: string;
  readonly volumeId: string;
  readonly volumeSpaceSize: number;
  readonly logicalBlockSize: number;
}

export function isIso9660(bytes: Buffer, at = DESCRIPTORS_AT): boolean {
  return bytes.length >= at + 7 && bytes.toString('latin1', at + 1, at + 6) === 'CD001' && bytes[at + 6] === 1;
}

/** Decodes the primary volume descriptor (type 1) at `at`; undefined when it is not one. */
export function decodePrimaryVolumeDescriptor(bytes: Buffer, at = DESCRIPTORS_AT): PrimaryVolumeDescriptor | undefined {
  if (!isIso9660(bytes, at) || bytes.length < at + 2048 || bytes[at] !== 1) return undefined;
  return {
    systemId: bytes.toString('latin1', at + 8, at + 40).trim(),
    volumeId: bytes.toString('latin1', at + 40, at + 72).trim(),
    // Both-endian fields: the little-endian half comes first.
    volumeSpaceSize: bytes.readUInt32LE(at + 80),
    logicalBlockSize: bytes.readUInt16LE(at + 128),
  };
}

export const isoFormat: FormatModule = {
  name: 'iso',
  probe: (head, _tail, fileSize) => (fileSize >= DESCRIPTORS_AT + 2048 && isIso9660(head) ? 0.95 : 0),
  async open(file) {
    const pvd = decodePrimaryVolumeDescriptor(await file.readUpTo(0, DESCRIPTORS_AT + 2048));
    if (!pvd) return rawReader(file, 'iso');
    const volumeBytes = pvd.volumeSpaceSize * pvd.logicalBlockSize;
    const warnings = volumeBytes > file.size ? [`the volume declares ${volumeBytes} bytes but the file holds ${file.size}: it is truncated`] : [];
    return rawReader(file, 'iso', { volumeId: pvd.volumeId, systemId: pvd.systemId, volumeBytes }, warnings);
  },
};
