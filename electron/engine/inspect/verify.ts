// Background verification of an opened package (issue 5's verifyPackage) turned into the report's
// Verification: every file's verdict, the signature with its chain, and one line for the catalog.
import { damagingVerdicts, type Verification } from '../../common/inspection.ts';
import type { JobContext } from '../job.ts';
import { verifyPackage, type PackageVerification } from '../package/verify.ts';
import { isXvaPath } from '../xva/archive.ts';
import { verifyXvaForInspection } from '../xva/verify.ts';

export function toVerification(result: PackageVerification, at = new Date()): Verification {
  const damaged = result.files.filter((file) => damagingVerdicts.includes(file.status));
  const checked = result.files.filter((file) => file.status === 'ok').length;
  const outcome = damaged.length > 0 ? 'damaged' : result.manifest ? 'intact' : 'unverifiable';
  // What the manifest leaves out is protected neither by it nor by a signature over it.
  const unlisted = result.files.filter((file) => file.status === 'unlisted').map((file) => file.name);
  const uncovered = unlisted.length > 0 ? `; not covered by the manifest: ${unlisted.slice(0, 3).join(', ')}${unlisted.length > 3 ? ', ...' : ''}` : '';
  const files =
    outcome === 'damaged'
      ? `${damaged.length} of ${result.files.length} files damaged or missing`
      : outcome === 'intact'
        ? `intact (${checked} file${checked === 1 ? '' : 's'}${uncovered})`
        : 'no manifest';
  const signer = result.signature.signer?.subject.match(/CN=([^,]+)/)?.[1] ?? result.signature.signer?.subject;
  const by = signer ? ` by ${signer}` : '';
  const status = result.signature.status;
  const signature = status === 'absent' ? 'unsigned' : status === 'trusted' ? `signed${by}, trusted` : status === 'untrusted' ? `signed${by}, not trusted here` : `signature ${status.replace(/-/g, ' ')}`;
  return {
    outcome,
    summary: `${files}, ${signature}`,
    files: result.files.map((file) => ({
      name: file.name,
      verdict: file.status,
      ...(file.algorithm ? { algorithm: file.algorithm } : {}),
      ...(file.expected ? { expected: file.expected } : {}),
      ...(file.actual ? { actual: file.actual } : {}),
      ...(file.size !== undefined ? { size: file.size } : {}),
      ...(file.declaredSize !== undefined ? { declaredSize: file.declaredSize } : {}),
    })),
    signature: {
      verdict: result.signature.status,
      message: result.signature.message,
      ...(result.signature.algorithm ? { algorithm: result.signature.algorithm } : {}),
      chain: result.signature.chain.map((link) => ({
        subject: link.subject,
        issuer: link.issuer,
        validFrom: link.validFrom,
        validTo: link.validTo,
        serialNumber: link.serialNumber,
        fingerprint: link.fingerprint,
        key: link.key,
        selfSigned: link.selfSigned,
        source: link.source,
      })),
    },
    verifiedAt: at.toISOString(),
  };
}

/**
 * Verifies what inspection opened: a package against the system roots and the user's trust store
 * under `home`, a XenServer export chunk by chunk.
 */
export async function verifyForInspection(path: string, home: string, context: JobContext): Promise<Verification> {
  if (await isXvaPath(path)) return verifyXvaForInspection(path, context);
  return toVerification(await verifyPackage(path, { ...context, trust: { home } }));
}
