// Guest operating systems a project can name, and what each platform calls them. The CIM id is
// CIM_OperatingSystem.OsType (OVF OperatingSystemSection ovf:id); the vSphere guest id is what
// `vmw:osType` carries so ovftool does not fall back to "Other (32-bit)"; the Proxmox ostype
// follows the table in ../shared/reference/ovf-package.md §8 (govmomi cim.go, PVE OVF.pm).

export interface GuestOs {
  readonly cimId: number;
  readonly description: string;
  readonly vmwareGuestId: string;
  readonly bits: 32 | 64;
  readonly family: 'linux' | 'windows' | 'bsd' | 'other';
}

export const guestOsTable = {
  other: { cimId: 1, description: 'Other', vmwareGuestId: 'otherGuest', bits: 32, family: 'other' },
  'other-64': { cimId: 102, description: 'Other 64-bit', vmwareGuestId: 'otherGuest64', bits: 64, family: 'other' },
  linux: { cimId: 36, description: 'Linux', vmwareGuestId: 'otherLinuxGuest', bits: 32, family: 'linux' },
  'linux-64': { cimId: 101, description: 'Linux 64-bit', vmwareGuestId: 'otherLinux64Guest', bits: 64, family: 'linux' },
  'linux26-64': { cimId: 100, description: 'Linux 2.6.x 64-bit', vmwareGuestId: 'other26xLinux64Guest', bits: 64, family: 'linux' },
  'debian-64': { cimId: 96, description: 'Debian 64-bit', vmwareGuestId: 'debian12_64Guest', bits: 64, family: 'linux' },
  'ubuntu-64': { cimId: 94, description: 'Ubuntu 64-bit', vmwareGuestId: 'ubuntu64Guest', bits: 64, family: 'linux' },
  'rhel-64': { cimId: 80, description: 'Red Hat Enterprise Linux 64-bit', vmwareGuestId: 'rhel9_64Guest', bits: 64, family: 'linux' },
  'centos-64': { cimId: 107, description: 'CentOS 64-bit', vmwareGuestId: 'centos64Guest', bits: 64, family: 'linux' },
  'oracle-linux-64': { cimId: 109, description: 'Oracle Linux 64-bit', vmwareGuestId: 'oracleLinux64Guest', bits: 64, family: 'linux' },
  'sles-64': { cimId: 85, description: 'SUSE Linux Enterprise Server 64-bit', vmwareGuestId: 'sles64Guest', bits: 64, family: 'linux' },
  'freebsd-64': { cimId: 78, description: 'FreeBSD 64-bit', vmwareGuestId: 'freebsd64Guest', bits: 64, family: 'bsd' },
  'windows-2012r2': { cimId: 115, description: 'Windows Server 2012 R2', vmwareGuestId: 'windows9Server64Guest', bits: 64, family: 'windows' },
  'windows-2019': { cimId: 121, description: 'Windows Server 2019', vmwareGuestId: 'windows2019srv_64Guest', bits: 64, family: 'windows' },
  'windows-2022': { cimId: 123, description: 'Windows Server 2022', vmwareGuestId: 'windows2019srvNext_64Guest', bits: 64, family: 'windows' },
} as const satisfies Record<string, GuestOs>;

export type GuestOsName = keyof typeof guestOsTable;
export const guestOsNames = Object.keys(guestOsTable) as [GuestOsName, ...GuestOsName[]];

/** The neutral name for a CIM id (import), falling back to the generic entry of the same width. */
export function guestOsForCimId(cimId: number): GuestOsName | undefined {
  return guestOsNames.find((name) => guestOsTable[name].cimId === cimId);
}
