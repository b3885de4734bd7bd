// Where the shared third-party corpus lives (../shared/corpus beside the repository), and whether it is there.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const corpusDir = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));
export const corpusPresent = existsSync(corpusDir);
export const corpusMissing = `the shared corpus is not at ${corpusDir}; corpus-based checks are skipped`;
