// What tests and the snapshot tool wait for and read on the studio's page, in one place.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

/** The screen of the tab in front (every tab stays mounted; the others are hidden). */
export function activeScreen(page: Page): Locator {
  return page.locator('main > div:not([hidden])').last();
}

/**
 * Waits until the file in front is inspected (its report or its error is shown) and its
 * background verification, if any, has ended.
 */
export async function settled(page: Page, timeout = 20_000): Promise<void> {
  const screen = activeScreen(page);
  await screen.locator('article.inspection, [role="alert"]').first().waitFor({ timeout });
  if ((await screen.locator('article.inspection').count()) === 0) return;
  await screen.locator('article.inspection:not([data-verification="pending"]):not([data-verification="running"])').waitFor({ timeout });
}

/** The page's visible text, as a person reads it (innerText skips hidden tabs). */
export async function visibleText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

/** Clicks a report section tab ("Hardware", "Findings" ...) in the file in front. */
export async function openSection(page: Page, name: string): Promise<Locator> {
  const screen = activeScreen(page);
  await screen.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  return screen.getByRole('tabpanel');
}

/** The folder beside the repository that holds the third-party corpus, or undefined when absent. */
export const corpusDir = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
export const corpusMissing = existsSync(corpusDir) ? undefined : `the corpus folder ${corpusDir} is absent`;
