// The package files a descriptor's References section names, as the names they have inside the
// package: chunked files (ovf:chunkSize) expand to their "<href>.000000000", ".000000001"...
// parts; URLs are external and not part of the package.
import { inputError } from '../errors.ts';
import type { OvfFile } from '../ovf/index.ts';
import { staysInside, type PackageSource } from './package-source.ts';

export interface ReferencedFile {
  /** The name inside the package. */
  readonly name: string;
  readonly reference: OvfFile;
  /** Index of the part, for a chunked file. */
  readonly chunk?: number;
}

export interface ReferenceReport {
  readonly files: readonly ReferencedFile[];
  /** href values that are URLs: fetched by the importer, not carried in the package. */
  readonly external: readonly string[];
}

/** The name of part `index` of a chunked file (DSP0243: nine-digit, zero-padded suffix). */
export function chunkName(href: string, index: number): string {
  return `${href}.${String(index).padStart(9, '0')}`;
}

const MAX_CHUNKS = 100_000;

export async function referencedFiles(references: readonly OvfFile[], source: PackageSource, descriptorName: string): Promise<ReferenceReport> {
  const files: ReferencedFile[] = [];
  const external: string[] = [];
  for (const reference of references) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference.href)) {
      external.push(reference.href);
      continue;
    }
    const href = reference.href.replace(/^(\.\/)+/, '');
    if (!staysInside(href)) {
      throw inputError('PACKAGE_PATH_OUTSIDE', `File "${reference.id}" has href "${reference.href}", which points outside the package`, { file: descriptorName, path: reference.at.path, line: reference.at.line });
    }
    if (reference.chunkSize === undefined) {
      files.push({ name: href, reference });
      continue;
    }
    let index = 0;
    while (index < MAX_CHUNKS && (await source.find(chunkName(href, index)))) {
      files.push({ name: chunkName(href, index), reference, chunk: index });
      index += 1;
    }
    // No part at all: report the first one as the missing file.
    if (index === 0) files.push({ name: chunkName(href, 0), reference, chunk: 0 });
  }
  return { files, external };
}
