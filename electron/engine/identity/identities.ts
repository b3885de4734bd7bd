// Signing identities the studio remembers: the certificate (and its chain) with what a person needs
// to choose one (subject, issuer, expiry), and where the private key lives on disk. The key bytes
// are never stored: each build reads the key file again, and a passphrase is kept only as the
// opaque bytes the desktop's secret store sealed (Electron safeStorage), never in clear.
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Catalog } from '../catalog/catalog.ts';
import { EngineError, fileError } from '../errors.ts';
import { certificatesFromPem, codeSigningProblem, summarize } from '../trust/certificate.ts';
import { loadSigningIdentity, type SigningIdentity, type SigningInput } from '../trust/keys.ts';
import type { IdentityCertificate } from '../../common/ipc-project.ts';
import { expiryAt } from './expiry.ts';

/** Where the key and certificates of an identity live: files the person chose, by absolute path. */
export interface KeyLocation {
  readonly keyPath: string;
  readonly certPath?: string;
  readonly chainPath?: string;
  /** Whether opening the key needs a passphrase (PKCS#12, encrypted PEM). */
  readonly needsPassphrase: boolean;
}

export interface IdentityRecord extends IdentityCertificate {
  readonly keyLocation: KeyLocation;
  readonly addedAt: string;
}

export interface IdentityImport extends SigningInput {
  /** A name for lists; the certificate's subject CN when absent. */
  readonly label?: string;
}

interface IdentityRow {
  id: number;
  label: string;
  certificate_pem: string;
  key_location: string;
  added_at: string;
  passphrase_sealed: Buffer | null;
}

/**
 * Opens the key with the passphrase (which proves the person holds it and that key and
 * certificate belong together), then records the identity. Importing the same certificate again
 * updates where its key lives.
 */
export async function importIdentity(catalog: Catalog, input: IdentityImport, now = new Date()): Promise<IdentityRecord> {
  const keyPath = resolve(input.keyPath);
  const needsPassphrase = await keyNeedsPassphrase(keyPath);
  if (needsPassphrase && input.passphrase === undefined) throw passphraseRequired('this key', keyPath);
  const signing = await loadSigningIdentity({ ...input, keyPath });
  const location: KeyLocation = {
    keyPath,
    ...(input.certPath ? { certPath: resolve(input.certPath) } : {}),
    ...(input.chainPath ? { chainPath: resolve(input.chainPath) } : {}),
    needsPassphrase,
  };
  const summary = summarize(signing.certificate);
  const pem = [signing.certificate, ...signing.chain].map((c) => c.toString().trimEnd()).join('\n') + '\n';
  const label = input.label?.trim() || commonName(summary.subject) || summary.subject;
  catalog.db
    .prepare(
      `INSERT INTO identities(label, certificate_pem, key_location, subject, issuer, not_after, fingerprint_sha256, added_at)
       VALUES (@label, @pem, @location, @subject, @issuer, @notAfter, @fingerprint, @addedAt)
       ON CONFLICT(fingerprint_sha256) DO UPDATE SET label = excluded.label, certificate_pem = excluded.certificate_pem,
         key_location = excluded.key_location, passphrase_sealed = NULL`,
    )
    .run({ label, pem, location: JSON.stringify(location), subject: summary.subject, issuer: summary.issuer, notAfter: summary.validTo, fingerprint: summary.fingerprint, addedAt: now.toISOString() });
  const row = catalog.db.prepare('SELECT id FROM identities WHERE fingerprint_sha256 = ?').get(summary.fingerprint) as { id: number };
  return getIdentity(catalog, row.id, now);
}

export function listIdentities(catalog: Catalog, now = new Date()): IdentityRecord[] {
  const rows = catalog.db.prepare('SELECT * FROM identities ORDER BY label COLLATE NOCASE, id').all() as IdentityRow[];
  return rows.map((row) => toRecord(row, now));
}

export function getIdentity(catalog: Catalog, id: number, now = new Date()): IdentityRecord {
  return toRecord(rowOf(catalog, id), now);
}

export function removeIdentity(catalog: Catalog, id: number): boolean {
  return catalog.db.prepare('DELETE FROM identities WHERE id = ?').run(id).changes > 0;
}

/** Keeps (or, with null, forgets) the passphrase as bytes sealed by the desktop's secret store. */
export function storeSealedPassphrase(catalog: Catalog, id: number, sealed: Uint8Array | null): void {
  rowOf(catalog, id);
  catalog.db.prepare('UPDATE identities SET passphrase_sealed = ? WHERE id = ?').run(sealed === null ? null : Buffer.from(sealed), id);
}

export function sealedPassphrase(catalog: Catalog, id: number): Buffer | undefined {
  return rowOf(catalog, id).passphrase_sealed ?? undefined;
}

/**
 * The signer for one build: reads the key file again and checks it still belongs to the recorded
 * certificate, so a key file replaced behind the studio's back cannot sign under an old name.
 */
export async function unlockIdentity(catalog: Catalog, id: number, passphrase?: string): Promise<{ signing: SigningIdentity; input: SigningInput; record: IdentityRecord }> {
  const record = getIdentity(catalog, id);
  const { keyLocation } = record;
  if (keyLocation.needsPassphrase && passphrase === undefined) throw passphraseRequired(`the key of "${record.label}"`, keyLocation.keyPath);
  const input: SigningInput = {
    keyPath: keyLocation.keyPath,
    ...(keyLocation.certPath ? { certPath: keyLocation.certPath } : {}),
    ...(keyLocation.chainPath ? { chainPath: keyLocation.chainPath } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
  };
  const signing = await loadSigningIdentity(input);
  if (signing.certificate.fingerprint256 !== record.fingerprint) {
    throw new EngineError(
      'IDENTITY_KEY_CHANGED',
      'input',
      `the files of "${record.label}" now hold a different certificate (${signing.certificate.fingerprint256.slice(0, 23)}…); import the identity again if that is intended`,
      { file: keyLocation.certPath ?? keyLocation.keyPath },
    );
  }
  return { signing, input, record };
}

function passphraseRequired(what: string, file: string): EngineError {
  return new EngineError('IDENTITY_PASSPHRASE_REQUIRED', 'input', `${what} is protected by a passphrase: enter it to continue`, { file });
}

function rowOf(catalog: Catalog, id: number): IdentityRow {
  const row = catalog.db.prepare('SELECT * FROM identities WHERE id = ?').get(id) as IdentityRow | undefined;
  if (!row) throw new EngineError('IDENTITY_NOT_FOUND', 'input', `no signing identity #${id}: it may have been removed; choose another or import it again`);
  return row;
}

function toRecord(row: IdentityRow, now: Date): IdentityRecord {
  const [certificate, ...chain] = certificatesFromPem(row.certificate_pem, 'catalog');
  if (!certificate) throw new EngineError('IDENTITY_CORRUPT', 'input', `signing identity #${row.id} has no certificate in the catalog; remove it and import it again`);
  const summary = summarize(certificate);
  const usageProblem = codeSigningProblem(certificate);
  return {
    id: row.id,
    label: row.label,
    subject: summary.subject,
    issuer: summary.issuer,
    notBefore: summary.validFrom,
    notAfter: summary.validTo,
    fingerprint: summary.fingerprint,
    keyType: summary.key,
    chainLength: chain.length,
    keyLocation: JSON.parse(row.key_location) as KeyLocation,
    ...(usageProblem ? { usageProblem } : {}),
    passphraseRemembered: row.passphrase_sealed !== null,
    addedAt: row.added_at,
    expiry: expiryAt(summary.validFrom, summary.validTo, now),
  };
}

function commonName(subject: string): string | undefined {
  return /(?:^|, )CN=([^,]+)/.exec(subject)?.[1];
}

async function keyNeedsPassphrase(keyPath: string): Promise<boolean> {
  if (['.p12', '.pfx'].includes(extname(keyPath).toLowerCase())) return true;
  const text = await readFile(keyPath, 'latin1').catch((error: unknown) => Promise.reject(fileError(error, keyPath)));
  if (!text.includes('-----BEGIN')) return true;
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text);
}
