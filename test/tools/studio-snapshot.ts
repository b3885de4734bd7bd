// npm run studio:snapshot -- --out DIR FILE...
// Starts the built renderer in the end-to-end harness (Debian Chromium, the real handler table),
// drops each FILE on the window, waits until its inspection and verification have ended (a project
// folder or its appliance.yaml opens in the editor on its Properties section instead), and
// writes DIR/<file name>.png (the window) and DIR/<file name>.txt (the page's visible text).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumMissingReason, closeBrowser, openStudio } from '../e2e/harness.ts';
import { isProjectPath, openProjectInEditor } from '../e2e/editor-page.ts';
import { settled, visibleText } from '../e2e/studio-page.ts';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, dark: { type: 'boolean' } }, allowPositionals: true });
if (!values.out || positionals.length === 0) {
  console.error('usage: npm run studio:snapshot -- --out DIR [--dark] FILE...');
  process.exit(2);
}
const missing = chromiumMissingReason();
if (missing) {
  console.error(`cannot take snapshots: ${missing}`);
  process.exit(1);
}
// The studio's footer shows the real version, as in the app.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const studio = await openStudio({ colorScheme: values.dark ? 'dark' : 'light', version });
let failed = 0;
try {
  for (const file of positionals.map((p) => resolve(p))) {
    const name = basename(file);
    try {
      if (isProjectPath(file)) await openProjectInEditor(studio.page, file);
      else {
        await studio.drop([file]);
        await settled(studio.page);
      }
      await studio.page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
      writeFileSync(join(out, `${name}.txt`), `${await visibleText(studio.page)}\n`);
      console.log(`${name}: ${join(out, `${name}.png`)}, ${join(out, `${name}.txt`)}`);
    } catch (error) {
      failed += 1;
      console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
} finally {
  await studio.close();
  await closeBrowser();
}
if (studio.errors.length > 0) console.error(`page errors:\n${studio.errors.join('\n')}`);
process.exit(failed > 0 ? 1 : 0);
