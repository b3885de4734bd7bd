// What tests and the snapshot tool wait for and read on the studio's page, in one place.
import type { Locator, Page } from 'playwright-core';
import { corpusDir, corpusMissing as missingReason, corpusPresent } from '../support/corpus.ts';

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


export { corpusDir };
/** The skip reason for corpus tests, or undefined when the corpus is there. */
export const corpusMissing = corpusPresent ? undefined : missingReason;
