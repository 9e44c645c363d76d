/**
 * Headless Chromium for the site's browser tests: Debian's build, nothing that phones home,
 * and the viewports the pages are checked at.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Debian's chromium (installed by .ci/run); playwright never downloads a browser here.
 * CHROMIUM_PATH points elsewhere where the machine has another build (GitHub's Ubuntu
 * runners ship /usr/bin/google-chrome, set by the workflows).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Nothing that phones home: no QUIC, sync, component updates or background requests. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The viewports the pages are checked at: a laptop and a phone. */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * Headless chromium. launch() starts it with a fresh temporary profile of its own
 * (--user-data-dir=$TMPDIR/playwright_chromiumdev_profile-*, removed on close); playwright
 * refuses a --user-data-dir among launch()'s args, and a persistent context would rule
 * out the separate phone and no-JavaScript contexts the tests need.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A new page of `context` at `url`, which must answer 200. Everything the browser tests load
 * is local: a step that takes seconds fails instead of waiting playwright's 30 s.
 */
export async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  return page;
}
