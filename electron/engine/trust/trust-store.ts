// The certificates a verification trusts as roots: the operating system's (/etc/ssl/certs on
// Linux, Node's bundled Mozilla roots elsewhere), the studio's user store (PEM files in
// <home>/trust, which the GUI manages), and any PEM the caller adds (`--trust`).
import { X509Certificate } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { fileError, inputError } from '../errors.ts';
import { applianceHome } from '../home.ts';
import { certificatesFromPem, summarize, type CertificateSummary } from './certificate.ts';

export type TrustSource = 'system' | 'user' | 'given';

export interface TrustAnchor {
  readonly certificate: X509Certificate;
  readonly source: TrustSource;
}

export interface TrustStore {
  readonly anchors: readonly TrustAnchor[];
  /** The anchor with this SHA-256 fingerprint, if trusted. */
  find(certificate: X509Certificate): TrustAnchor | undefined;
  /** Anchors whose subject is `issuer` (candidates to have signed a certificate). */
  bySubject(issuer: string): readonly TrustAnchor[];
}

export interface TrustStoreOptions {
  /** Include the operating system's roots (default true). */
  readonly system?: boolean;
  /** The studio home whose trust/ folder is the user store (default applianceHome()). */
  readonly home?: string;
  /** Extra PEM files to trust for this verification. */
  readonly extra?: readonly string[];
  /** Where the system roots live; tests point it elsewhere. */
  readonly systemDir?: string;
}

export function userTrustDir(home = applianceHome()): string {
  return join(home, 'trust');
}

export async function loadTrustStore(options: TrustStoreOptions = {}): Promise<TrustStore> {
  const anchors: TrustAnchor[] = [];
  if (options.system ?? true) for (const certificate of await systemRoots(options.systemDir ?? '/etc/ssl/certs')) anchors.push({ certificate, source: 'system' });
  for (const certificate of await pemFolder(userTrustDir(options.home))) anchors.push({ certificate, source: 'user' });
  for (const path of options.extra ?? []) {
    const text = await readFile(path, 'latin1').catch((error: unknown) => Promise.reject(fileError(error, path)));
    const list = certificatesFromPem(text, path);
    if (list.length === 0) throw inputError('TRUST_CERT_MISSING', 'the trust file holds no PEM certificate', { file: path });
    for (const certificate of list) anchors.push({ certificate, source: 'given' });
  }
  return makeStore(anchors);
}

export function makeStore(anchors: readonly TrustAnchor[]): TrustStore {
  const byFingerprint = new Map(anchors.map((a) => [a.certificate.fingerprint256, a] as const));
  const subjects = new Map<string, TrustAnchor[]>();
  for (const anchor of anchors) subjects.set(anchor.certificate.subject, [...(subjects.get(anchor.certificate.subject) ?? []), anchor]);
  return {
    anchors,
    find: (certificate) => byFingerprint.get(certificate.fingerprint256),
    bySubject: (issuer) => subjects.get(issuer) ?? [],
  };
}

async function systemRoots(dir: string): Promise<X509Certificate[]> {
  // Debian and Fedora keep one bundle with every root; reading it is one file instead of 300.
  for (const bundle of ['ca-certificates.crt', 'ca-bundle.crt']) {
    const text = await readFile(join(dir, bundle), 'latin1').catch(() => undefined);
    if (text) return certificatesFromPem(text, join(dir, bundle));
  }
  const fromFolder = await pemFolder(dir);
  return fromFolder.length > 0 ? fromFolder : rootCertificates.map((pem) => new X509Certificate(pem));
}

async function pemFolder(dir: string): Promise<X509Certificate[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const list: X509Certificate[] = [];
  for (const name of names.filter((n) => /\.(pem|crt)$/i.test(n)).sort()) {
    const text = await readFile(join(dir, name), 'latin1').catch(() => '');
    // A broken file in the user's store must not stop every verification: skip it.
    try {
      list.push(...certificatesFromPem(text, join(dir, name)));
    } catch {
      continue;
    }
  }
  return list;
}

/** Adds a certificate to the user store (named by its fingerprint, so adding twice is harmless). */
export async function trustCertificate(certificate: X509Certificate, home = applianceHome()): Promise<string> {
  const dir = userTrustDir(home);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${certificate.fingerprint256.replace(/:/g, '').toLowerCase()}.pem`);
  await writeFile(`${path}.tmp`, certificate.toString());
  await rename(`${path}.tmp`, path);
  return path;
}

/** What the user store holds, for the GUI's trust settings: one entry per certificate file. */
export async function listTrusted(home = applianceHome()): Promise<(CertificateSummary & { readonly file: string })[]> {
  const dir = userTrustDir(home);
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: (CertificateSummary & { file: string })[] = [];
  for (const name of names.filter((n) => /\.(pem|crt)$/i.test(n)).sort()) {
    const text = await readFile(join(dir, name), 'latin1').catch(() => '');
    try {
      for (const certificate of certificatesFromPem(text, join(dir, name))) entries.push({ ...summarize(certificate), file: join(dir, name) });
    } catch {
      continue;
    }
  }
  return entries;
}

/** Removes the user-store files holding the certificate with this SHA-256 fingerprint; returns how many. */
export async function untrustCertificate(fingerprint: string, home = applianceHome()): Promise<number> {
  const wanted = fingerprint.replace(/:/g, '').toUpperCase();
  const files = new Set((await listTrusted(home)).filter((entry) => entry.fingerprint.replace(/:/g, '') === wanted).map((entry) => entry.file));
  for (const file of files) await rm(file, { force: true });
  return files.size;
}
