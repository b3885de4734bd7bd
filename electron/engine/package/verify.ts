// verifyPackage: is the package complete, intact, and who signed it? Every file the manifest or
// the descriptor names is looked up inside the package (names that point outside are reported,
// never opened), each present file is hashed once in place, and the .cert is checked against the
// manifest and the trust store. The result lists every file with its status.
import { EngineError, isEngineError } from '../errors.ts';
import type { Progress } from '../../common/progress.ts';
import { ProgressMeter, type JobContext } from '../job.ts';
import { DEFAULT_MAX_DESCRIPTOR_BYTES, parseDescriptor } from '../ovf/index.ts';
import { loadTrustStore, type TrustStore, type TrustStoreOptions } from '../trust/trust-store.ts';
import { verifyManifestSignature, type SignatureResult } from '../trust/verify-signature.ts';
import { parseManifest, type Manifest, type ManifestAlgorithm } from './manifest.ts';
import { openPackage, staysInside, type PackageFile, type PackageKind, type PackageSource } from './package-source.ts';
import { FileMeters } from './file-meters.ts';
import { digestFiles } from './range-digest.ts';
import { referencedFiles } from './references.ts';

export type FileStatus =
  /** Listed in the manifest and the digest matches. */
  | 'ok'
  | 'mismatch'
  /** Listed in the manifest or referenced by the descriptor, but not in the package. */
  | 'missing'
  /** In the package (or referenced) but not listed in the manifest: not protected by it. */
  | 'unlisted'
  /** The manifest names a path outside the package; it was not opened. */
  | 'outside'
  /** The package has no manifest, so nothing could be checked. */
  | 'unchecked'
  /** Present, but its size is not the ovf:size the descriptor declares (importers refuse it). */
  | 'wrong-size';

export interface FileResult {
  readonly name: string;
  readonly status: FileStatus;
  readonly size?: number;
  readonly algorithm?: ManifestAlgorithm;
  readonly expected?: string;
  readonly actual?: string;
  /** The descriptor's References name this file (the descriptor itself counts as referenced). */
  readonly referenced: boolean;
  /** ovf:size from References, when it is given for this (unchunked) file. */
  readonly declaredSize?: number;
}

export interface PackageVerification {
  readonly path: string;
  readonly kind: PackageKind;
  readonly descriptor: string;
  readonly manifest?: { readonly name: string; readonly dialect: Manifest['dialect']; readonly algorithms: readonly ManifestAlgorithm[]; readonly entries: number };
  readonly files: readonly FileResult[];
  readonly signature: SignatureResult;
  /** No mismatch, missing, outside or wrong-size file, and the signature (if any) is valid, trusted or not. */
  readonly ok: boolean;
  readonly bytesHashed: number;
  readonly seconds: number;
}

export interface VerifyOptions extends JobContext {
  /** A ready trust store, or the options to load one (system + user store + extra PEMs). */
  readonly trustStore?: TrustStore;
  readonly trust?: TrustStoreOptions;
  readonly now?: Date;
}

/** Manifests and certificates are text files of a few KiB; ovftool pads certificates to 100 KiB. */
const MAX_SMALL_FILE = 4 * 1024 * 1024;

export async function verifyPackage(path: string, options: VerifyOptions = {}): Promise<PackageVerification> {
  const started = performance.now();
  const source = await openPackage(path);
  const descriptorName = source.descriptor.name;
  const descriptorBytes = await source.readSmall(source.descriptor, DEFAULT_MAX_DESCRIPTOR_BYTES);
  const descriptor = parseDescriptor(descriptorBytes, descriptorName);
  const references = await referencedFiles(descriptor.envelope.references, source, descriptorName);
  const referencedNames = new Set([descriptorName, ...references.files.map((f) => f.name)]);

  let manifest: Manifest | undefined;
  let manifestBytes: Buffer | undefined;
  if (source.manifest) {
    manifestBytes = await source.readSmall(source.manifest, MAX_SMALL_FILE);
    manifest = parseManifest(manifestBytes, source.manifest.name);
  }

  const results = new Map<string, FileResult>();
  const jobs: { file: PackageFile; algorithm: ManifestAlgorithm; expected: string; name: string }[] = [];
  for (const entry of manifest?.entries ?? []) {
    const name = entry.name.replace(/^(\.\/)+/, '');
    if (!staysInside(name)) {
      results.set(`${entry.algorithm}:${entry.name}`, { name: entry.name, status: 'outside', algorithm: entry.algorithm, expected: entry.digest, referenced: false });
      continue;
    }
    const file = await findSafely(source, name);
    if (!file) {
      results.set(`${entry.algorithm}:${name}`, { name, status: 'missing', algorithm: entry.algorithm, expected: entry.digest, referenced: referencedNames.has(name) });
      continue;
    }
    jobs.push({ file, algorithm: entry.algorithm, expected: entry.digest, name });
  }
  const listed = new Set((manifest?.entries ?? []).map((e) => e.name.replace(/^(\.\/)+/, '')));
  const companions = new Set([source.manifest?.name, source.certificate?.name]);
  const candidates = source.kind === 'ova' ? [...source.files.map((f) => f.name), ...referencedNames] : [...referencedNames];
  for (const name of new Set(candidates)) {
    if (listed.has(name) || companions.has(name)) continue;
    const file = await findSafely(source, name);
    results.set(`-:${name}`, file ? { name, status: manifest ? 'unlisted' : 'unchecked', size: file.size, referenced: referencedNames.has(name) } : { name, status: 'missing', referenced: true });
  }

  // ovf:size is the size of the file as stored; a chunked file declares the total of its parts.
  const declared = new Map(references.files.filter((f) => f.chunk === undefined && f.reference.size !== undefined).map((f) => [f.name, f.reference.size!] as const));
  const total = jobs.reduce((sum, job) => sum + job.file.size, 0);
  const statusOf = (job: (typeof jobs)[number], digest: string) => hashedStatus(digest === job.expected, job.file.size, declared.get(job.name));
  const meters = new FileMeters(jobs, (index, digest) => statusOf(jobs[index]!, digest));
  const onProgress = options.onProgress;
  // The label names the files being hashed at the moment of each report.
  const labelled = (progress: Progress): Progress => {
    const hashing = meters.hashing();
    return { ...progress, ...(hashing.length > 0 ? { label: `Verifying ${hashing.join(', ')}` } : {}), files: meters.report() };
  };
  const meter = new ProgressMeter(total, onProgress && ((progress) => onProgress(labelled(progress))));
  meter.setLabel(`Verifying ${descriptorName}`);
  const digests = await digestFiles(source, jobs, {
    signal: options.signal,
    onBytes: (bytes, index) => {
      meters.add(index, bytes);
      meter.add(bytes);
    },
    onDigest: (index, digest) => meters.finish(index, digest),
  });
  meter.setLabel(`Verified ${descriptorName}`);
  meter.flush();
  jobs.forEach((job, index) => {
    const actual = digests[index]!;
    results.set(`${job.algorithm}:${job.name}`, {
      name: job.name,
      status: statusOf(job, actual),
      size: job.file.size,
      algorithm: job.algorithm,
      expected: job.expected,
      actual,
      referenced: referencedNames.has(job.name),
    });
  });

  for (const [key, result] of results) {
    const size = declared.get(result.name);
    if (size === undefined || result.size === undefined || result.size === size) continue;
    results.set(key, { ...result, declaredSize: size, status: result.status === 'mismatch' ? 'mismatch' : 'wrong-size' });
  }

  const signature = await checkSignature(source, manifestBytes, options);
  const order = new Map(source.files.map((f, i) => [f.name, i] as const));
  const files = [...results.values()].sort((a, b) => (order.get(a.name) ?? 1e9) - (order.get(b.name) ?? 1e9) || a.name.localeCompare(b.name));
  const failed = files.some((f) => f.status === 'mismatch' || f.status === 'missing' || f.status === 'outside' || f.status === 'wrong-size');
  const signatureOk = signature.status === 'trusted' || signature.status === 'untrusted' || signature.status === 'absent';
  return {
    path: source.path,
    kind: source.kind,
    descriptor: descriptorName,
    ...(source.manifest && manifest ? { manifest: { name: source.manifest.name, dialect: manifest.dialect, algorithms: manifest.algorithms, entries: manifest.entries.length } } : {}),
    files,
    signature,
    ok: !failed && signatureOk,
    bytesHashed: total,
    seconds: (performance.now() - started) / 1000,
  };
}

/** A hashed file's status: its digest first, then its size against the ovf:size declared for it. */
function hashedStatus(digestMatches: boolean, size: number, declaredSize: number | undefined): 'ok' | 'mismatch' | 'wrong-size' {
  if (!digestMatches) return 'mismatch';
  return declaredSize !== undefined && declaredSize !== size ? 'wrong-size' : 'ok';
}

/** A folder package may hold a symlink leading outside: that is a finding about the file, not a crash. */
async function findSafely(source: PackageSource, name: string): Promise<PackageFile | undefined> {
  try {
    return await source.find(name);
  } catch (error) {
    if (isEngineError(error) && error.code === 'PACKAGE_PATH_OUTSIDE') return undefined;
    throw error;
  }
}

async function checkSignature(source: PackageSource, manifestBytes: Buffer | undefined, options: VerifyOptions): Promise<SignatureResult> {
  if (!source.certificate) return { status: 'absent', signatureValid: false, message: 'the package is not signed (no .cert file)', chain: [] };
  const certFile = await source.readSmall(source.certificate, MAX_SMALL_FILE);
  const trustStore = options.trustStore ?? (await loadTrustStore(options.trust));
  try {
    return verifyManifestSignature({
      certFile,
      certName: source.certificate.name,
      ...(manifestBytes && source.manifest ? { manifest: manifestBytes, manifestName: source.manifest.name } : {}),
      trustStore,
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (error) {
    if (error instanceof EngineError) return { status: 'malformed', signatureValid: false, message: error.message, chain: [], certificateFile: source.certificate.name };
    throw error;
  }
}
