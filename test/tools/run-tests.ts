// Runs every suite (unit, integration, corpus, end-to-end) in one node:test run, so the closing
// `N passed, N failed, N skipped` line counts all of them. Arguments narrow the run to some files:
// `npm test -- test/unit/engine/ovf`. Every temporary file of the run (fixtures, packages, disks,
// browser profiles) goes into one folder that is removed at the end, so runs never fill the disk;
// APPLIANCE_KEEP_TEST_TMP=1 keeps it for a post-mortem.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const suites = ['test/unit', 'test/integration', 'test/corpus', 'test/e2e'];
const filters = process.argv.slice(2);
const patterns = filters.length > 0 ? filters.map((f) => (f.endsWith('.ts') ? f : `${f.replace(/\/$/, '')}/**/*.test.ts`)) : suites.map((s) => `${s}/**/*.test.ts`);

const scratch = mkdtempSync(join(tmpdir(), 'appliance-tests-'));
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=600000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${root}test/tools/summary-reporter.mjs`,
    '--test-reporter-destination=stdout',
    ...patterns,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, APPLIANCE_TEST_ROOT: root, TMPDIR: scratch } },
);
if (process.env.APPLIANCE_KEEP_TEST_TMP === '1') console.log(`temporary files kept in ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
