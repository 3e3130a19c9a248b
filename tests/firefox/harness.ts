/**
 * Shared steps for the Firefox journeys: Debian's Firefox ESR driven by puppeteer-core over WebDriver
 * BiDi (no browser download), in a persistent profile as a coach's browser has, against the app that
 * tests/browser/global-setup.ts serves.
 */
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_URL, fixture, until } from '../browser/harness';
import { readTableInPage, seekAndPlayInPage, type SeekResult } from '../browser/page-scripts';

export { APP_URL, fixture, until };

/** A Firefox with a persistent profile, its page, and where its downloads land. */
export interface FirefoxSession {
  browser: Browser;
  page: Page;
  profile: string;
  downloads: string;
  /** Errors the page threw. */
  pageErrors: string[];
  /** Errors the page logged. */
  consoleErrors: string[];
  close(): Promise<void>;
  /** Close the browser and open it again on the same profile. */
  restart(): Promise<void>;
}

/** Options for opening the app in Firefox. */
export interface FirefoxOptions {
  /**
   * 'allow': the browser grants persistent storage without asking (the journeys' default);
   * 'unanswered': it asks the coach, as Firefox does, and nobody answers.
   */
  persistence?: 'allow' | 'unanswered';
}

async function launch(profile: string, downloads: string, session: Partial<FirefoxSession>, options: FirefoxOptions): Promise<{ browser: Browser; page: Page }> {
  const answer = options.persistence === 'unanswered' ? {} : { 'dom.storageManager.prompt.testing': true, 'dom.storageManager.prompt.testing.allow': true };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    defaultViewport: { width: 1440, height: 900 },
    extraPrefsFirefox: {
      // Let the tests play video without a click, as the Chromium suite does.
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      // Downloads go straight to a folder the test reads.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      // No prompt for persistent storage unless a test asks for one.
      ...answer,
    },
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  page.on('pageerror', (error) => session.pageErrors?.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') session.consoleErrors?.push(message.text());
  });
  return { browser, page };
}

/** Start Firefox on a fresh persistent profile and open the app. */
export async function openFirefox(options: FirefoxOptions = {}): Promise<FirefoxSession> {
  const profile = mkdtempSync(join(tmpdir(), 'reframe-firefox-'));
  const downloads = mkdtempSync(join(tmpdir(), 'reframe-firefox-downloads-'));
  const session: FirefoxSession = {
    profile,
    downloads,
    pageErrors: [],
    consoleErrors: [],
    browser: undefined as unknown as Browser,
    page: undefined as unknown as Page,
    async close() {
      await session.browser.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(downloads, { recursive: true, force: true });
    },
    async restart() {
      await session.browser.close();
      Object.assign(session, await launch(profile, downloads, session, options));
      await session.page.goto(APP_URL);
    },
  };
  Object.assign(session, await launch(profile, downloads, session, options));
  await session.page.goto(APP_URL);
  return session;
}

/** The element with this data-testid (waits for it). */
export async function byTestId(page: Page, id: string, timeout = 30_000): Promise<ElementHandle<Element>> {
  const handle = await page.waitForSelector(`[data-testid="${id}"]`, { timeout });
  if (!handle) throw new Error(`No element [data-testid="${id}"]`);
  return handle;
}

/** Import fixtures through the stable `import-input` hook. */
export async function importFiles(page: Page, ...names: string[]): Promise<void> {
  const input = (await page.waitForSelector('[data-testid="import-input"]')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(...names.map(fixture));
}

/** All records of one IndexedDB table. */
export async function readTable<T = Record<string, unknown>>(page: Page, name: string): Promise<T[]> {
  return (await page.evaluate(readTableInPage, name)) as T[];
}

/** Wait until the lesson titled `title` is completely stored. */
export async function waitForStored(page: Page, title: string, timeoutMs = 120_000): Promise<void> {
  await until(async () => (await readTable<{ title: string; status: string }>(page, 'lessons')).some((r) => r.title === title && r.status === 'ready'), timeoutMs, `lesson “${title}” stored`);
}

/** Wait until the page's `<video>` has a frame to show. */
export async function waitForVideo(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, { timeout });
}

/** Seek the lesson's video to `target`, then play on from there (see tests/browser/page-scripts.ts). */
export function seekAndPlay(page: Page, target: number, timeoutMs = 20_000): Promise<SeekResult> {
  return page.evaluate(seekAndPlayInPage, { target, timeoutMs });
}
