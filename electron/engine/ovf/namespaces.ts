// The namespaces an OVF descriptor uses, and how the variants seen in the wild map onto them.
// Prefixes mean nothing (files use ovf:, ovf-namespace:, ovf2:, the default namespace...): only
// the URI counts. Variants: OVF 0.9's VMware envelope namespace, oVirt's trailing slash, and the
// `.xsd` suffix VirtualBox and COT put on the SASD/EPASD namespaces (DSP0243 2.x examples differ).

export type OvfVersionFamily = '0.9' | '1.x' | '2.x';

export const OVF_ENVELOPE_1 = 'http://schemas.dmtf.org/ovf/envelope/1';
export const OVF_ENVELOPE_2 = 'http://schemas.dmtf.org/ovf/envelope/2';
export const OVF_ENVELOPE_09 = 'http://www.vmware.com/schema/ovf/1/envelope';
const CIM_SCHEMA = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/';
export const RASD = `${CIM_SCHEMA}CIM_ResourceAllocationSettingData`;
export const VSSD = `${CIM_SCHEMA}CIM_VirtualSystemSettingData`;
export const SASD = `${CIM_SCHEMA}CIM_StorageAllocationSettingData`;
export const EPASD = `${CIM_SCHEMA}CIM_EthernetPortAllocationSettingData`;
export const CIM_COMMON = 'http://schemas.dmtf.org/wbem/wscim/1/common';
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const VMW = 'http://www.vmware.com/schema/ovf';
export const VBOX = 'http://www.virtualbox.org/ovf/machine';

/** What a namespace is to the OVF reader. */
export type NamespaceRole = 'ovf' | 'rasd' | 'vssd' | 'sasd' | 'epasd' | 'cim' | 'xsi' | 'xml' | 'vmw' | 'vbox' | 'other';

const roles = new Map<string, NamespaceRole>([
  [OVF_ENVELOPE_1, 'ovf'],
  [OVF_ENVELOPE_2, 'ovf'],
  [OVF_ENVELOPE_09, 'ovf'],
  [RASD, 'rasd'],
  [VSSD, 'vssd'],
  [SASD, 'sasd'],
  [EPASD, 'epasd'],
  [CIM_COMMON, 'cim'],
  [XSI, 'xsi'],
  [XML_NS, 'xml'],
  [VMW, 'vmw'],
  [VBOX, 'vbox'],
]);

/** The canonical form of a namespace URI: no trailing slash, no `.xsd` suffix. */
export function canonicalNamespace(uri: string): string {
  return uri.trim().replace(/\/+$/, '').replace(/\.xsd$/, '');
}

const roleCache = new Map<string, NamespaceRole>();

export function namespaceRole(uri: string): NamespaceRole {
  let role = roles.get(uri) ?? roleCache.get(uri);
  if (role === undefined) {
    role = roles.get(canonicalNamespace(uri)) ?? 'other';
    // Bounded: a hostile file could declare many namespaces, and they are not worth remembering.
    if (roleCache.size < 1000) roleCache.set(uri, role);
  }
  return role;
}

/** Whether `uri` is a variant spelling (trailing slash, `.xsd`) of a namespace we know. */
export function isVariantSpelling(uri: string): boolean {
  return !roles.has(uri) && roles.has(canonicalNamespace(uri));
}

export function envelopeFamily(uri: string): OvfVersionFamily | undefined {
  switch (canonicalNamespace(uri)) {
    case OVF_ENVELOPE_1:
      return '1.x';
    case OVF_ENVELOPE_2:
      return '2.x';
    case OVF_ENVELOPE_09:
      return '0.9';
    default:
      return undefined;
  }
}
