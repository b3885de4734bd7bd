import { createRequire } from 'node:module';

// package.json sits two folders up from both electron/cli/*.ts and dist/cli/*.js.
export const version: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
