// The appliance project (appliance.yaml), declared once. The TypeScript types, the runtime check
// of every file we load, and resources/appliance.schema.json (for editors) all come from here.
// Field names are neutral: targets translate them into each platform's dialect.
import { z } from 'zod';
import { guestOsNames } from './os.ts';
import { esxiReleases } from './vmx.ts';

/** The project file format version; a newer file is refused rather than misread. */
export const projectFormatVersion = 1;

export const targetIds = [
  'vmware-esxi',
  'vmware-workstation',
  'xenserver',
  'xcp-ng',
  'hyperv',
  'virtualbox',
  'proxmox',
  'ovirt',
  'kvm',
  'aws',
  'azure',
  'gce',
] as const;
export type TargetId = (typeof targetIds)[number];

/** An identifier that is safe as an OVF id, a HostResource suffix (Proxmox: [A-Za-z0-9-._~]) and a file-name part. */
const id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9._-]{0,62}$/, 'an identifier starts with a letter and holds only letters, digits, ".", "_" and "-" (at most 63)');

/** A path inside the project folder, written with forward slashes. Checked against the folder at load. */
const projectPath = z.string().min(1).max(1024).describe('path relative to the project folder');

/** Text in one language, or a map from language tag (en-US) to text. */
const localText = z.union([z.string().max(65536), z.record(z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as en-US'), z.string().max(65536))]);
export type LocalText = z.infer<typeof localText>;

const controllerType = z.enum(['ide', 'sata', 'scsi', 'nvme', 'virtio-scsi']);
export type ControllerType = z.infer<typeof controllerType>;

const controller = z
  .object({
    id,
    type: controllerType,
    model: z.enum(['lsilogic', 'lsilogicsas', 'pvscsi', 'buslogic']).optional().describe('SCSI model; lsilogic when omitted'),
  })
  .strict();

const capacityMiB = z.number().int().min(1).max(64 * 1024 * 1024);

const disk = z
  .object({
    id,
    source: projectPath.optional().describe('disk image (raw, VMDK, VHD, VHDX, qcow2); omit for a blank disk of capacityMiB'),
    capacityMiB: capacityMiB.optional().describe('virtual size; defaults to the source size rounded up to a whole MiB'),
    controller: id,
    unit: z.number().int().min(0).max(63),
    boot: z.boolean().optional(),
    options: z
      .array(id)
      .min(1)
      .optional()
      .describe('the deployment options (by id) this disk exists in, as ovf:configuration on its Item; every option when omitted'),
    optionCapacityMiB: z
      .record(id, capacityMiB)
      .optional()
      .describe('blank disk only: the virtual size under each deployment option (by id); an option left out gets capacityMiB'),
  })
  .strict();

const media = z
  .object({
    id,
    source: projectPath.optional().describe('ISO image; omit for an empty drive'),
    controller: id,
    unit: z.number().int().min(0).max(63),
  })
  .strict();

const nic = z
  .object({
    network: z.string().min(1).max(128),
    model: z.enum(['e1000', 'e1000e', 'vmxnet3', 'virtio', 'pcnet32']).optional().describe('e1000e when omitted; targets may substitute their own'),
    mac: z
      .string()
      .regex(/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/)
      .optional(),
  })
  .strict();

const virtualSystem = z
  .object({
    id,
    name: z.string().min(1).max(256),
    description: localText.optional(),
    os: z.enum(guestOsNames),
    firmware: z.enum(['bios', 'efi']).default('bios'),
    secureBoot: z.boolean().default(false),
    cpus: z.number().int().min(1).max(768),
    coresPerSocket: z.number().int().min(1).max(768).optional(),
    memoryMiB: z.number().int().min(4).max(24 * 1024 * 1024),
    controllers: z.array(controller).max(16),
    disks: z.array(disk).max(64),
    media: z.array(media).max(8).default([]),
    nics: z.array(nic).max(16).default([]),
  })
  .strict();

const network = z.object({ name: z.string().min(1).max(128), description: localText.optional() }).strict();

const propertyType = z.enum(['string', 'boolean', 'uint8', 'uint16', 'uint32', 'uint64', 'sint8', 'sint16', 'sint32', 'sint64', 'real32', 'real64']);

const property = z
  .object({
    key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/, 'a property key holds letters, digits, "_", "." and "-"'),
    type: propertyType,
    qualifiers: z.string().max(65536).optional().describe('CIM qualifiers such as MinLen(1) MaxLen(64) or ValueMap{"a","b"}'),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    optionDefaults: z
      .record(id, z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('the default under each deployment option (by option id); an option left out inherits `default`'),
    password: z.boolean().default(false),
    userConfigurable: z.boolean().default(true),
    category: localText.optional(),
    label: localText.optional(),
    description: localText.optional(),
    system: id.optional().describe('the virtual system whose ProductSection holds it; the first one when omitted'),
  })
  .strict();

const deploymentOption = z
  .object({
    id,
    label: localText,
    description: localText,
    default: z.boolean().default(false),
    systems: z
      .record(
        id,
        z
          .object({
            cpus: z.number().int().min(1).max(768).optional(),
            memoryMiB: z.number().int().min(4).max(24 * 1024 * 1024).optional(),
          })
          .strict(),
      )
      .default({})
      .describe('per virtual system overrides for this option'),
  })
  .strict();

const startupItem = z
  .object({
    system: id,
    order: z.number().int().min(0).max(1000),
    startDelay: z.number().int().min(0).max(86400).default(0),
    stopDelay: z.number().int().min(0).max(86400).default(0),
    waitingForGuest: z.boolean().default(false),
    startAction: z.enum(['powerOn', 'none']).default('powerOn'),
    stopAction: z.enum(['powerOff', 'guestShutdown', 'none']).default('powerOff'),
  })
  .strict();

const target = z
  .object({
    id: z.enum(targetIds),
    esxi: z
      .enum(esxiReleases)
      .optional()
      .describe('vmware-esxi: the oldest ESXi release to support (sets vmx-NN); 6.7 when omitted'),
    generation: z.union([z.literal(1), z.literal(2)]).optional().describe('hyperv: VM generation; 2 when omitted'),
    package: z.enum(['ova', 'ovf']).optional().describe('OVF targets: one .ova file or an OVF folder; ova when omitted'),
  })
  .strict();

export const projectSchema = z
  .object({
    format: z.literal(projectFormatVersion).describe('appliance.yaml format version'),
    product: z
      .object({
        name: z.string().min(1).max(256),
        vendor: z.string().max(256).optional(),
        version: z.string().max(64).optional(),
        fullVersion: z.string().max(256).optional(),
        productUrl: z.url().optional(),
        vendorUrl: z.url().optional(),
        appUrl: z.string().max(1024).optional(),
        icon: projectPath.optional(),
      })
      .strict(),
    eulas: z
      .array(z.object({ lang: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/), file: projectPath }).strict())
      .default([])
      .describe('licence texts, one file per language'),
    networks: z.array(network).default([]),
    systems: z.array(virtualSystem).min(1).max(32),
    startup: z.array(startupItem).default([]),
    properties: z.array(property).default([]),
    deploymentOptions: z.array(deploymentOption).default([]),
    files: z.array(z.object({ path: projectPath, description: z.string().max(1024).optional() }).strict()).default([]),
    targets: z.array(target).default([]),
  })
  .strict();

export type Project = z.output<typeof projectSchema>;
export type ProjectInput = z.input<typeof projectSchema>;
export type VirtualSystem = Project['systems'][number];
export type Disk = VirtualSystem['disks'][number];
export type Controller = VirtualSystem['controllers'][number];
export type Nic = VirtualSystem['nics'][number];
export type Property = Project['properties'][number];
export type TargetEntry = Project['targets'][number];
