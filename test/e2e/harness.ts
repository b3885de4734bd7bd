// The end-to-end harness: the real renderer build in Debian's Chromium, driven by Playwright, with
// the preload bridge replaced by exposeBinding onto the same handler table the main process uses.
// Drops are real DataTransfer drops; their paths come from a table the test fills, standing in
// for webUtils.getPathForFile.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { JobEvent } from '../../electron/common/ipc.ts';
import type { HandlerTable } from '../../electron/main/handlers.ts';
import { testHandlerTable, type ScriptedHost } from '../support/handlers.ts';
import type { Catalog } from '../../electron/engine/catalog/catalog.ts';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const rendererPage = join(projectRoot, 'dist/renderer/resources/index.html');
export const outputDir = join(projectRoot, 'test-output');

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--allow-file-access-from-files',
];

export interface Studio {
  readonly page: Page;
  readonly table: HandlerTable;
  readonly host: ScriptedHost;
  readonly catalog: Catalog;
  readonly home: string;
  /** Console errors and uncaught page errors seen so far. */
  readonly errors: string[];
  /** Drops files (real paths) on the window, as a user dragging them from a file manager. */
  drop(paths: readonly string[]): Promise<void>;
  /** Saves a screenshot under test-output/e2e/ and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

let browser: Browser | undefined;

async function sharedBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export function chromiumMissingReason(): string | undefined {
  if (!existsSync('/usr/bin/chromium')) return 'Debian chromium is not installed (run build/setup.sh)';
  if (!existsSync(rendererPage)) return 'the renderer is not built (npm test builds it first)';
  return undefined;
}

export async function openStudio(options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; version?: string } = {}): Promise<Studio> {
  let page: Page | undefined;
  const events: JobEvent[] = [];
  const { table, host, catalog, home } = testHandlerTable((event) => {
    events.push(event);
    void page?.evaluate((e) => (window as unknown as { __applianceJobEvent(e: unknown): void }).__applianceJobEvent(e), event).catch(() => {});
  }, options.version);
  const context = await (await sharedBrowser()).newContext({ viewport: options.viewport ?? { width: 1280, height: 820 }, colorScheme: options.colorScheme ?? 'light' });
  page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.exposeBinding('__applianceInvoke', (_source, channel: unknown, request: unknown) => table.dispatch(channel, request));
  await page.addInitScript({ path: join(projectRoot, 'test/e2e/bridge-stand-in.js') });
  await page.goto(pathToFileURL(rendererPage).href);

  const studio: Studio = {
    page,
    table,
    host,
    catalog,
    home,
    errors,
    async drop(paths) {
      const files = paths.map((path) => ({ name: basename(path), path }));
      const target = await page.$('body');
      const dataTransfer = await page.evaluateHandle((list) => {
        const transfer = new DataTransfer();
        const dropped = (window as unknown as { __applianceDroppedPaths: Map<string, string> }).__applianceDroppedPaths;
        for (const { name, path } of list) {
          dropped.set(name, path);
          transfer.items.add(new File([], name));
        }
        return transfer;
      }, files);
      for (const type of ['dragenter', 'dragover', 'drop']) await target?.dispatchEvent(type, { dataTransfer });
    },
    async screenshot(name) {
      const dir = join(outputDir, 'e2e');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      table.jobs.cancelAll();
      await context.close();
      catalog.close();
    },
  };
  return studio;
}
