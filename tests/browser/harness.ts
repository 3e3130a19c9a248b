/** Shared steps for the browser journeys: a persistent Chromium profile, importing files, reading IndexedDB. */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { readTableInPage } from './page-scripts';

/** Where the app is served during the tests. */
export const APP_URL = `http://127.0.0.1:${process.env.REFRAME_TEST_PORT ?? '4173'}/`;
/** Generated fixture files. */
export const FIXTURES = resolve(import.meta.dirname, '../fixtures/out');

/** Path of a generated fixture. */
export const fixture = (name: string) => join(FIXTURES, name);

/** A browser with a real, persistent profile (as a coach's browser has), and its page. */
export interface Session {
  context: BrowserContext;
  page: Page;
  profile: string;
  /** Every request the page and its workers made (for the no-network checks). */
  requests: string[];
  /** Console reports of requests the Content-Security-Policy blocked. */
  blocked: string[];
  /** Errors the page logged or threw. */
  pageErrors: string[];
  close(): Promise<void>;
  /** Close the browser and open it again on the same profile. */
  restart(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--mute-audio',
];

/** Options for opening the app. */
export interface OpenOptions {
  /** Script run in the page before the app (e.g. to make the browser report a nearly full disk). */
  initScript?: string;
  /** Where the app is served, when not by the shared preview server (APP_URL). */
  url?: string;
}

async function launch(profile: string, session: Partial<Session>, options: OpenOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = context.pages()[0] ?? (await context.newPage());
  // The context sees the requests of every page and of their workers.
  context.on('request', (request) => session.requests?.push(request.url()));
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) session.blocked?.push(message.text());
  });
  page.on('pageerror', (error) => session.pageErrors?.push(String(error)));
  return { context, page };
}

/** Start Chromium on a fresh persistent profile and open the app. */
export async function openApp(options: OpenOptions = {}): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'reframe-profile-'));
  const session: Session = {
    profile,
    requests: [],
    blocked: [],
    pageErrors: [],
    context: undefined as unknown as BrowserContext,
    page: undefined as unknown as Page,
    async close() {
      await session.context.close();
      rmSync(profile, { recursive: true, force: true });
    },
    async restart() {
      await session.context.close();
      Object.assign(session, await launch(profile, session, options));
      await session.page.goto(options.url ?? APP_URL);
    },
  };
  Object.assign(session, await launch(profile, session, options));
  await session.page.goto(options.url ?? APP_URL);
  return session;
}

/** Import files through the stable `import-input` hook. */
export async function importFiles(page: Page, ...names: string[]): Promise<void> {
  await page.getByTestId('import-input').setInputFiles(names.map(fixture));
}

/** Import one fixture and wait until its lesson (titled by the file's name) is stored. */
export async function importStored(page: Page, name: string): Promise<void> {
  await importFiles(page, name);
  await waitForStored(page, name.replace(/^.*\//, '').replace(/\.[^.]+$/, ''));
}

/** Wait until no import is checking or storing any more. */
export async function waitForImports(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const jobs = [...document.querySelectorAll('[data-testid="import-job"]')];
    return jobs.length > 0 && jobs.every((j) => ['done', 'failed', 'cancelled'].includes(j.getAttribute('data-phase') ?? ''));
  }, undefined, { timeout: 60_000 });
}

/** Poll `condition` until it holds (usable in hooks, unlike expect.poll). */
export async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Wait until the lesson's stored record is complete ('ready'). */
export async function waitForStored(page: Page, title: string): Promise<void> {
  await until(async () => (await readTable<{ title: string; status: string }>(page, 'lessons')).some((r) => r.title === title && r.status === 'ready'), 60_000, `lesson “${title}” stored`);
}

/** All records of one IndexedDB table, read with the raw API (not through the app); Blobs described by size. */
export async function readTable<T = Record<string, unknown>>(page: Page, name: string): Promise<T[]> {
  return (await page.evaluate(readTableInPage, name)) as T[];
}

/** The workbench's `<video>` element state. */
export async function videoState(page: Page) {
  return page.locator('video').evaluate((v: HTMLVideoElement) => ({
    currentTime: v.currentTime,
    duration: v.duration,
    paused: v.paused,
    videoWidth: v.videoWidth,
    videoHeight: v.videoHeight,
    readyState: v.readyState,
  }));
}

/** Assert the video really plays: its clock advances by at least `seconds`. */
export async function expectPlaying(page: Page, seconds = 0.5): Promise<number> {
  await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, { timeout: 20_000 });
  const start = (await videoState(page)).currentTime;
  await page.locator('video').evaluate((v: HTMLVideoElement) => v.play());
  await page.waitForFunction((t0) => (document.querySelector('video')?.currentTime ?? 0) > t0 + 0.5, start, { timeout: 20_000 });
  const later = await videoState(page);
  expect(later.currentTime).toBeGreaterThan(start + seconds);
  return later.currentTime;
}

/** Usage reported by the browser's storage estimate. */
export async function storageUsage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}
