// The OVF manifest (<base>.mf): one "ALG(name)= hexdigest" line per file. Output is always that
// strict form (ESXi rejects the spaced variant); input accepts every dialect seen in the wild:
// "SHA1 (name) = hex" (GNU coreutils tag style, govmomi's testdata), CRLF endings, blank lines,
// trailing space padding (ovftool pads manifests it may rewrite), lower-case algorithm names.
import { inputError } from '../errors.ts';

export type ManifestAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface ManifestEntry {
  readonly algorithm: ManifestAlgorithm;
  readonly name: string;
  /** Lower-case hex. */
  readonly digest: string;
  readonly line: number;
}

export interface Manifest {
  readonly entries: readonly ManifestEntry[];
  /** 'strict' when every line is exactly `ALG(name)= hex` with LF endings. */
  readonly dialect: 'strict' | 'lenient';
  readonly algorithms: readonly ManifestAlgorithm[];
}

const HEX_LENGTH: Record<ManifestAlgorithm, number> = { sha1: 40, sha256: 64, sha512: 128 };

// The name runs to the last ")" before "=", as govmomi reads it, so names holding ")" survive.
const LINE = /^\s*(SHA-?1|SHA-?256|SHA-?512)\s*\((.*)\)\s*=\s*([0-9A-Fa-f]+)\s*$/i;
const STRICT_LINE = /^(SHA1|SHA256|SHA512)\(.*\)= [0-9a-f]+$/;

export function parseManifest(bytes: Buffer | string, file: string): Manifest {
  let text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const entries: ManifestEntry[] = [];
  const seen = new Set<string>();
  let strict = !text.includes('\r');
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') {
      // A final newline yields one empty string; anything else blank is padding.
      if (index !== lines.length - 1) strict = false;
      return;
    }
    const parsed = parseDigestLine(raw);
    if (!parsed) throw inputError('MANIFEST_BAD_LINE', `line is not "ALG(file)= digest": ${JSON.stringify(raw.trim().slice(0, 120))}`, { file, line });
    if (!STRICT_LINE.test(raw)) strict = false;
    const { algorithm, name, hex: digest } = parsed;
    if (digest.length !== HEX_LENGTH[algorithm]) {
      throw inputError('MANIFEST_BAD_DIGEST', `${algorithm.toUpperCase()} digest of "${name}" has ${digest.length} hex digits, expected ${HEX_LENGTH[algorithm]}`, { file, line });
    }
    const key = `${algorithm}\0${name}`;
    if (seen.has(key)) throw inputError('MANIFEST_DUPLICATE', `"${name}" is listed twice with ${algorithm.toUpperCase()}`, { file, line });
    seen.add(key);
    entries.push({ algorithm, name, digest, line });
  });
  const algorithms = [...new Set(entries.map((e) => e.algorithm))];
  return { entries, dialect: strict ? 'strict' : 'lenient', algorithms };
}

/**
 * One "ALG(name)= hex" line in any of the dialects above, with no check of the hex length: the
 * .cert file's signature line has the same shape but carries a signature, not a digest.
 */
export function parseDigestLine(raw: string): { algorithm: ManifestAlgorithm; name: string; hex: string } | undefined {
  const match = LINE.exec(raw);
  if (!match) return undefined;
  return { algorithm: match[1]!.toLowerCase().replace('-', '') as ManifestAlgorithm, name: match[2]!, hex: match[3]!.toLowerCase() };
}

export function manifestLine(algorithm: ManifestAlgorithm, name: string, digest: string): string {
  return `${algorithm.toUpperCase()}(${name})= ${digest}\n`;
}

export function formatManifest(entries: readonly { algorithm: ManifestAlgorithm; name: string; digest: string }[]): string {
  return entries.map((e) => manifestLine(e.algorithm, e.name, e.digest)).join('');
}

/** Byte length of the strict manifest for these names, known before any digest is computed. */
export function manifestSize(algorithm: ManifestAlgorithm, names: readonly string[]): number {
  const placeholder = '0'.repeat(HEX_LENGTH[algorithm]);
  return names.reduce((sum, name) => sum + Buffer.byteLength(manifestLine(algorithm, name, placeholder)), 0);
}

export function parseManifestAlgorithm(name: string): ManifestAlgorithm | undefined {
  const lower = name.toLowerCase().replace('-', '');
  return lower === 'sha1' || lower === 'sha256' || lower === 'sha512' ? lower : undefined;
}
