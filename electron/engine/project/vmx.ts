// VMware hardware versions and the ESXi releases that introduced them, shared by the ESXi target
// (release -> vmx-NN) and the importer (vmx-NN -> oldest release that runs it). Source: govmomi
// vim25/types/hardware_version.go (targets.md §1).
export const esxiReleases = ['6.5', '6.7', '6.7u2', '7.0', '7.0u1', '7.0u2', '8.0', '8.0u2'] as const;
export type EsxiRelease = (typeof esxiReleases)[number];

export const esxiHardwareVersion: Record<EsxiRelease, number> = {
  '6.5': 13,
  '6.7': 14,
  '6.7u2': 15,
  '7.0': 17,
  '7.0u1': 18,
  '7.0u2': 19,
  '8.0': 20,
  '8.0u2': 21,
};

/** The oldest release whose hardware version is at least `vmx` (undefined past the table). */
export function esxiForHardwareVersion(vmx: number): EsxiRelease | undefined {
  return esxiReleases.find((release) => esxiHardwareVersion[release] >= vmx);
}
