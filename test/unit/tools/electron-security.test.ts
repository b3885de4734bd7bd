import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { reviewElectronSecurity } from '../../tools/electron-security.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'security-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, 'renderer'), { recursive: true });
  return dir;
}

const goodHtml = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; img-src 'self' data:" />`;
const guards = "contents.setWindowOpenHandler(() => ({ action: 'deny' }));\ncontents.on('will-navigate', (e) => e.preventDefault());\nsession.setPermissionRequestHandler((a, b, cb) => cb(false));\n";

test('the studio has no high-severity Electron security finding', () => {
  assert.deepEqual(reviewElectronSecurity(root), []);
});

test('a window with node integration, no sandbox and a weak CSP is reported', () => {
  const dir = tree({
    'electron/main/index.ts': `new BrowserWindow({ webPreferences: { preload: 'p', contextIsolation: false, nodeIntegration: true, webSecurity: false } });\n${guards}`,
    'resources/index.html': `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-eval'" />`,
  });
  const checks = reviewElectronSecurity(dir).map((f) => `${f.check}:${f.line}`);
  assert.deepEqual(checks.sort(), ['CONTEXTISOLATION:1', 'CSP:0', 'CSP:0', 'NODEINTEGRATION:1', 'SANDBOX:1', 'WEBSECURITY:1']);
});

test('missing navigation guards, openExternal of a variable and eval are reported', () => {
  const dir = tree({
    'electron/main/index.ts': 'shell.openExternal(url);\neval(code);\n',
    'resources/index.html': goodHtml,
  });
  const checks = reviewElectronSecurity(dir).map((f) => f.check);
  assert.deepEqual(checks.sort(), ['DANGEROUS_FUNCTIONS', 'NAVIGATION', 'NEW_WINDOWS', 'OPEN_EXTERNAL', 'PERMISSIONS']);
});
