// Where the shared third-party corpus lives: ../shared/corpus beside the repository, or the folder
// named by APPLIANCE_CORPUS. Corpus tests skip with `corpusMissing` as their reason when it is absent.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const corpusDir = process.env.APPLIANCE_CORPUS ? resolve(process.env.APPLIANCE_CORPUS) : fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
export const corpusPresent = existsSync(corpusDir);
export const corpusMissing = `the shared corpus is not at ${corpusDir} (set APPLIANCE_CORPUS to its folder); corpus-based checks are skipped`;
