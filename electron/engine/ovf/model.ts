// The typed model of an OVF envelope, one interface per DSP0243 section. It is a read-only view of
// the XML tree (see read-envelope.ts): every object says where it came from (`at`), unknown
// sections are listed, not lost, and edits go through edit.ts, which changes the tree and
// re-derives the model. Optional fields are absent when the descriptor does not give them.
import type { OvfVersionFamily } from './namespaces.ts';

/** Where a model object sits in the descriptor: an element path and the 1-based source line. */
export interface Place {
  readonly path: string;
  /** 0 for an element an edit created. */
  readonly line: number;
}

/** A localisable message (Msg_Type): text plus an optional ovf:msgid into the Strings bundles. */
export interface Msg {
  readonly text: string;
  readonly msgid?: string;
}

/** References/File. */
export interface OvfFile {
  readonly id: string;
  readonly href: string;
  /** ovf:size in bytes (the compressed size when compression is set). */
  readonly size?: number;
  readonly compression?: string;
  readonly chunkSize?: number;
  readonly at: Place;
}

/** DiskSection/Disk. */
export interface VirtualDisk {
  readonly diskId: string;
  /** ovf:capacity as written: an integer or a `${property}` reference. */
  readonly capacity: string;
  readonly capacityAllocationUnits?: string;
  /** capacity x allocation units, when both are known and the product is a safe integer. */
  readonly capacityBytes?: number;
  readonly populatedSize?: number;
  readonly format?: string;
  readonly fileRef?: string;
  readonly parentRef?: string;
  readonly at: Place;
}

export interface DiskSection {
  readonly info: Msg;
  readonly disks: readonly VirtualDisk[];
  readonly at: Place;
}

export interface Network {
  readonly name: string;
  readonly description?: Msg;
  readonly at: Place;
}

export interface NetworkSection {
  readonly info: Msg;
  readonly networks: readonly Network[];
  readonly at: Place;
}

export interface DeploymentConfiguration {
  readonly id: string;
  readonly isDefault: boolean;
  readonly label?: Msg;
  readonly description?: Msg;
  readonly at: Place;
}

export interface DeploymentOptionSection {
  readonly info: Msg;
  readonly configurations: readonly DeploymentConfiguration[];
  readonly at: Place;
}

/** The three item forms: RASD `Item`, and OVF 2.x `StorageItem` (SASD) / `EthernetPortItem` (EPASD). */
export type ItemKind = 'Item' | 'StorageItem' | 'EthernetPortItem';

/** A RASD/SASD/EPASD item. `fields` holds every CIM property by local name, in document order. */
export interface HardwareItem {
  readonly kind: ItemKind;
  /** InstanceID (OVF 0.9 spells it InstanceId). */
  readonly instanceId?: string;
  readonly resourceType?: number;
  readonly resourceSubType?: string;
  readonly elementName?: string;
  readonly virtualQuantity?: string;
  readonly allocationUnits?: string;
  readonly parent?: string;
  readonly address?: string;
  readonly addressOnParent?: string;
  readonly hostResources: readonly string[];
  readonly connections: readonly string[];
  readonly automaticAllocation?: string;
  /** ovf:required, default true. */
  readonly required: boolean;
  /** ovf:configuration: the deployment options this item belongs to; empty = all. */
  readonly configurations: readonly string[];
  /** ovf:bound: min, max or normal (ranges). */
  readonly bound?: string;
  readonly fields: Readonly<Record<string, readonly string[]>>;
  readonly at: Place;
}

/** VirtualHardwareSection/System (VSSD). */
export interface VirtualSystemSettings {
  readonly elementName?: string;
  readonly instanceId?: string;
  readonly virtualSystemIdentifier?: string;
  /** VirtualSystemType split on commas and spaces (`vmx-13 vmx-14` is common). */
  readonly virtualSystemTypes: readonly string[];
  readonly at: Place;
}

/** A vendor element inside a VirtualHardwareSection such as vmw:Config or vmw:ExtraConfig. */
export interface HardwareExtension {
  readonly name: string;
  readonly namespace: string;
  readonly key?: string;
  readonly value?: string;
  readonly at: Place;
}

export interface VirtualHardwareSection {
  readonly info: Msg;
  readonly id?: string;
  /** ovf:transport split on commas and spaces (the schema says comma, VMware writes space). */
  readonly transports: readonly string[];
  readonly system?: VirtualSystemSettings;
  readonly items: readonly HardwareItem[];
  readonly extensions: readonly HardwareExtension[];
  readonly at: Place;
}

export interface PropertyValue {
  readonly value: string;
  readonly configuration?: string;
  readonly at: Place;
}

export interface Property {
  readonly key: string;
  /** class.key.instance, the name the OVF environment uses. */
  readonly fullKey: string;
  readonly type: string;
  readonly qualifiers?: string;
  readonly userConfigurable: boolean;
  readonly password: boolean;
  readonly value?: string;
  readonly label?: Msg;
  readonly description?: Msg;
  /** The Category heading the property appears under. */
  readonly category?: string;
  readonly values: readonly PropertyValue[];
  readonly at: Place;
}

export interface Icon {
  readonly fileRef: string;
  readonly height?: number;
  readonly width?: number;
  readonly mimeType?: string;
  readonly at: Place;
}

/** The product fields, in the order the schema wants them. */
export const productFields = ['Product', 'Vendor', 'Version', 'FullVersion', 'ProductUrl', 'VendorUrl', 'AppUrl'] as const;
export type ProductField = (typeof productFields)[number];

export interface ProductSection {
  readonly info: Msg;
  readonly class?: string;
  readonly instance?: string;
  readonly product?: Msg;
  readonly vendor?: Msg;
  readonly version?: Msg;
  readonly fullVersion?: Msg;
  readonly productUrl?: Msg;
  readonly vendorUrl?: Msg;
  readonly appUrl?: Msg;
  readonly icons: readonly Icon[];
  readonly categories: readonly Msg[];
  readonly properties: readonly Property[];
  readonly at: Place;
}

export interface EulaSection {
  readonly info: Msg;
  readonly license: Msg;
  readonly at: Place;
}

export interface AnnotationSection {
  readonly info: Msg;
  readonly annotation: Msg;
  readonly at: Place;
}

export interface OperatingSystemSection {
  readonly info: Msg;
  /** The CIM_OperatingSystem OsType number. */
  readonly id?: number;
  readonly version?: string;
  /** vmw:osType, the vSphere guest id. */
  readonly osType?: string;
  readonly description?: Msg;
  readonly at: Place;
}

export interface StartupItem {
  readonly id: string;
  readonly order?: number;
  readonly startDelay?: number;
  readonly waitingForGuest?: boolean;
  readonly stopDelay?: number;
  readonly startAction?: string;
  readonly stopAction?: string;
  readonly at: Place;
}

export interface StartupSection {
  readonly info: Msg;
  readonly items: readonly StartupItem[];
  readonly at: Place;
}

export interface InstallSection {
  readonly info: Msg;
  readonly initialBootStopDelay?: number;
  readonly at: Place;
}

/** A section the model does not type (vendor sections, ResourceAllocationSection ...), kept in place. */
export interface OtherSection {
  /** The element name as written, or for OVF 0.9 the xsi:type. */
  readonly name: string;
  readonly namespace: string;
  /** ovf:required, default true: a consumer that does not understand a required section must fail. */
  readonly required: boolean;
  readonly info?: Msg;
  readonly at: Place;
}

/** The sections a VirtualSystem or VirtualSystemCollection may hold. */
export interface ContentSections {
  readonly products: readonly ProductSection[];
  readonly eulas: readonly EulaSection[];
  readonly annotation?: AnnotationSection;
  readonly operatingSystem?: OperatingSystemSection;
  readonly hardware: readonly VirtualHardwareSection[];
  readonly install?: InstallSection;
  readonly startup?: StartupSection;
  readonly resourceAllocation?: readonly HardwareItem[];
  readonly others: readonly OtherSection[];
}

export interface VirtualSystem extends ContentSections {
  readonly kind: 'VirtualSystem';
  readonly id: string;
  readonly info?: Msg;
  readonly name?: Msg;
  readonly at: Place;
}

export interface VirtualSystemCollection extends ContentSections {
  readonly kind: 'VirtualSystemCollection';
  readonly id: string;
  readonly info?: Msg;
  readonly name?: Msg;
  readonly content: readonly Content[];
  readonly at: Place;
}

export type Content = VirtualSystem | VirtualSystemCollection;

export interface StringsBundle {
  readonly lang?: string;
  readonly fileRef?: string;
  readonly messages: readonly { readonly msgid: string; readonly text: string }[];
  readonly at: Place;
}

export interface Envelope {
  readonly family: OvfVersionFamily;
  /** The envelope namespace exactly as the file writes it. */
  readonly namespace: string;
  /** ovf:version, when given. */
  readonly version?: string;
  readonly lang?: string;
  readonly references: readonly OvfFile[];
  readonly diskSection?: DiskSection;
  readonly networkSection?: NetworkSection;
  readonly deploymentOptions?: DeploymentOptionSection;
  /** Envelope-level sections the model does not type. */
  readonly others: readonly OtherSection[];
  readonly content?: Content;
  readonly strings: readonly StringsBundle[];
  readonly at: Place;
}

/** Every VirtualSystem under the content, depth first. */
export function virtualSystems(content: Content | undefined): VirtualSystem[] {
  if (!content) return [];
  if (content.kind === 'VirtualSystem') return [content];
  return content.content.flatMap((child) => virtualSystems(child));
}

/** Every VirtualSystem and VirtualSystemCollection under the content, depth first, content first. */
export function allContent(content: Content | undefined): Content[] {
  if (!content) return [];
  if (content.kind === 'VirtualSystem') return [content];
  return [content, ...content.content.flatMap((child) => allContent(child))];
}
