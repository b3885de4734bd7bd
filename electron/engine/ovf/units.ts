// Programmatic units (DMTF DSP0004 annex C) as OVF uses them in ovf:capacityAllocationUnits and
// rasd:AllocationUnits: `byte`, `byte * 2^30`, `byte*10^6`, `bit * 2^3`, plus the older names
// VirtualBox and OVF 0.9 files use (`MegaBytes`, `GigaBytes`, read as powers of 1024 like COT does).

const legacyNames: Record<string, number> = {
  byte: 1,
  bytes: 1,
  kilobyte: 2 ** 10,
  kilobytes: 2 ** 10,
  kb: 2 ** 10,
  megabyte: 2 ** 20,
  megabytes: 2 ** 20,
  mb: 2 ** 20,
  gigabyte: 2 ** 30,
  gigabytes: 2 ** 30,
  gb: 2 ** 30,
  terabyte: 2 ** 40,
  terabytes: 2 ** 40,
  tb: 2 ** 40,
};

/**
 * Bytes per unit for a byte-based allocation unit, or undefined when the text is not one (hertz,
 * counts, garbage). `byte * 2^20` -> 1048576.
 */
export function bytesPerUnit(units: string | undefined): number | undefined {
  if (units === undefined) return 1;
  const text = units.trim();
  const legacy = legacyNames[text.toLowerCase()];
  if (legacy !== undefined) return legacy;
  const match = /^(byte|bit)\s*(?:\*\s*(\d+)\s*\^\s*(\d+))?(?:\s*\*\s*(\d+))?$/i.exec(text);
  if (!match) return undefined;
  const base = match[2] === undefined ? 1 : Number(match[2]) ** Number(match[3]);
  const factor = match[4] === undefined ? 1 : Number(match[4]);
  const perUnit = base * factor * (match[1]?.toLowerCase() === 'bit' ? 1 / 8 : 1);
  return Number.isSafeInteger(perUnit) && perUnit > 0 ? perUnit : undefined;
}

/** quantity x units in bytes, or undefined when either is unknown or the product passes 2^53. */
export function toBytes(quantity: string | undefined, units: string | undefined): number | undefined {
  if (quantity === undefined || !/^\s*\d+\s*$/.test(quantity)) return undefined;
  const perUnit = bytesPerUnit(units);
  if (perUnit === undefined) return undefined;
  const bytes = Number(quantity) * perUnit;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** The unit text COT and open-vmdk write for a size: the largest power of 1024 that divides it. */
export function unitsFor(bytes: number): { quantity: number; units: string } {
  for (const exponent of [40, 30, 20, 10]) {
    const unit = 2 ** exponent;
    if (bytes >= unit && bytes % unit === 0) return { quantity: bytes / unit, units: `byte * 2^${exponent}` };
  }
  return { quantity: bytes, units: 'byte' };
}
