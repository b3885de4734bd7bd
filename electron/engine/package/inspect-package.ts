// The package part of an inspection: what is inside an OVA or OVF folder and in which order, the
// tar dialect, the manifest's form, and the signature's status. Reads headers, the descriptor,
// the manifest and the certificate only, never the disks, so it answers in milliseconds for any
// package size. indexPackage is the lighter call the GUI makes on drop.
import { isEngineError } from '../errors.ts';
import { DEFAULT_MAX_DESCRIPTOR_BYTES, parseDescriptor } from '../ovf/index.ts';
import { loadTrustStore, type TrustStore, type TrustStoreOptions } from '../trust/trust-store.ts';
import { verifyManifestSignature, type SignatureResult } from '../trust/verify-signature.ts';
import { parseManifest, type ManifestAlgorithm } from './manifest.ts';
import { openPackage, type PackageKind, type PackageSource } from './package-source.ts';
import { referencedFiles } from './references.ts';

export type MemberRole = 'descriptor' | 'manifest' | 'certificate' | 'referenced' | 'other';

export interface PackageMember {
  readonly name: string;
  readonly size: number;
  /** Data offset inside the OVA; absent for folder packages. */
  readonly offset?: number;
  readonly role: MemberRole;
}

export interface PackageIndex {
  readonly path: string;
  readonly kind: PackageKind;
  /** Tar dialect ('ustar', 'gnu + base-256', ...); absent for folder packages. */
  readonly dialect?: string;
  readonly members: readonly PackageMember[];
  readonly descriptor: string;
  readonly manifest?: string;
  readonly certificate?: string;
  readonly milliseconds: number;
}

export interface PackageStructure extends PackageIndex {
  /** Order problems an importer may stumble on; empty when the order is the recommended one. */
  readonly orderNotes: readonly string[];
  /** Files References names that the package lacks. */
  readonly missing: readonly string[];
  readonly manifestInfo?: { readonly dialect: 'strict' | 'lenient'; readonly algorithms: readonly ManifestAlgorithm[]; readonly entries: number; readonly error?: string };
  readonly signature: SignatureResult;
}

export async function indexPackage(path: string): Promise<PackageIndex> {
  const started = performance.now();
  return describeIndex(await openPackage(path), started);
}

function describeIndex(source: PackageSource, started: number): PackageIndex {
  const role = (name: string): MemberRole => (name === source.descriptor.name ? 'descriptor' : name === source.manifest?.name ? 'manifest' : name === source.certificate?.name ? 'certificate' : 'other');
  const members = source.tar ? source.tar.members.map((m) => ({ name: m.name, size: m.size, offset: m.offset, role: role(m.name) })) : source.files.map((f) => ({ name: f.name, size: f.size, role: role(f.name) }));
  return {
    path: source.path,
    kind: source.kind,
    ...(source.tar ? { dialect: source.tar.dialect } : {}),
    members,
    descriptor: source.descriptor.name,
    ...(source.manifest ? { manifest: source.manifest.name } : {}),
    ...(source.certificate ? { certificate: source.certificate.name } : {}),
    milliseconds: performance.now() - started,
  };
}

export async function inspectPackage(path: string, options: { trustStore?: TrustStore; trust?: TrustStoreOptions } = {}): Promise<PackageStructure> {
  const started = performance.now();
  const source = await openPackage(path);
  const index = describeIndex(source, started);
  const descriptor = parseDescriptor(await source.readSmall(source.descriptor, DEFAULT_MAX_DESCRIPTOR_BYTES), source.descriptor.name);
  const references = await referencedFiles(descriptor.envelope.references, source, source.descriptor.name);
  const referencedNames = references.files.map((f) => f.name);
  const present = new Set<string>();
  for (const name of referencedNames) if (await source.find(name).catch(() => undefined)) present.add(name);
  const members: PackageMember[] = source.tar
    ? index.members.map((m) => (m.role === 'other' && present.has(m.name) ? { ...m, role: 'referenced' } : m))
    : [...index.members, ...(await Promise.all([...present].map(async (name) => ({ name, size: (await source.find(name))!.size, role: 'referenced' as const }))))];

  let manifestBytes: Buffer | undefined;
  let manifestInfo: PackageStructure['manifestInfo'];
  if (source.manifest) {
    manifestBytes = await source.readSmall(source.manifest, 4 * 1024 * 1024);
    try {
      const manifest = parseManifest(manifestBytes, source.manifest.name);
      manifestInfo = { dialect: manifest.dialect, algorithms: manifest.algorithms, entries: manifest.entries.length };
    } catch (error) {
      if (!isEngineError(error)) throw error;
      manifestInfo = { dialect: 'lenient', algorithms: [], entries: 0, error: error.message };
    }
  }
  let signature: SignatureResult = { status: 'absent', signatureValid: false, message: 'the package is not signed (no .cert file)', chain: [] };
  if (source.certificate) {
    signature = verifyManifestSignature({
      certFile: await source.readSmall(source.certificate, 4 * 1024 * 1024),
      certName: source.certificate.name,
      ...(manifestBytes && source.manifest ? { manifest: manifestBytes, manifestName: source.manifest.name } : {}),
      trustStore: options.trustStore ?? (await loadTrustStore(options.trust)),
    });
  }
  return {
    ...index,
    members,
    orderNotes: source.tar ? orderNotes(members, referencedNames) : [],
    missing: referencedNames.filter((name) => !present.has(name)),
    ...(manifestInfo ? { manifestInfo } : {}),
    signature,
    milliseconds: performance.now() - started,
  };
}

/** DSP0243's order: descriptor first; manifest and certificate right after it or both at the end; files in References order. */
function orderNotes(members: readonly PackageMember[], referenced: readonly string[]): string[] {
  const notes: string[] = [];
  const names = members.map((m) => m.name);
  if (members[0]?.role !== 'descriptor') notes.push(`the descriptor is not the first member (streaming importers such as vSphere need it first); first is "${names[0]}"`);
  const companions = members.filter((m) => m.role === 'manifest' || m.role === 'certificate').map((m) => names.indexOf(m.name));
  const afterDescriptor = companions.every((at, i) => at === 1 + i);
  const atEnd = companions.every((at, i) => at === members.length - companions.length + i);
  if (companions.length > 0 && !afterDescriptor && !atEnd) notes.push('the manifest and certificate are neither right after the descriptor nor both at the end');
  const inPackage = names.filter((name) => referenced.includes(name));
  const expected = referenced.filter((name) => inPackage.includes(name));
  if (inPackage.join('\0') !== expected.join('\0')) notes.push(`files are not in References order (expected ${expected.join(', ')})`);
  return notes;
}
