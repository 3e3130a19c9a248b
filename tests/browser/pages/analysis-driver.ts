/**
 * Starts the Vite dev server (with the app's own config, headers and CSP) and Debian's Chromium on
 * the dev-only analysis harness page; shared by tests/browser/analysis-harness.test.ts and the bench.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HarnessRun, HarnessSummary } from './analysis-page';

export type { HarnessRun, HarnessSummary };

/** Port of the harness's own dev server (the journeys use 4173 for `vite preview`). */
export const HARNESS_PORT = 5199;
const ROOT = resolve(import.meta.dirname, '../../..');
const PAGE_URL = `http://127.0.0.1:${HARNESS_PORT}/tests/browser/pages/analysis.html`;

/** A dev server, a browser on a persistent profile and the harness page. */
export interface AnalysisHarness {
  server: ViteDevServer;
  context: BrowserContext;
  page: Page;
  /** Console lines and page errors, for failure messages. */
  logs: string[];
  /** The browser's profile directory (to find its processes). */
  profile: string;
  /** Choose `path` in the page's file input and run the analysis on it. */
  run(path: string, run: HarnessRun): Promise<HarnessSummary>;
  /** Reload the page (a fresh page-side client and worker). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Start everything; `close()` stops it. */
export async function startAnalysisHarness(): Promise<AnalysisHarness> {
  const server = await createServer({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    clearScreen: false,
    server: { port: HARNESS_PORT, strictPort: true, host: '127.0.0.1', hmr: false },
    // Pre-bundle the worker's dependency up front: discovering it at run time would reload the page mid-test.
    optimizeDeps: { include: ['mp4box', 'fft.js'], entries: ['tests/browser/pages/analysis.html'] },
  });
  await server.listen();
  const profile = mkdtempSync(join(tmpdir(), 'reframe-analysis-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // ForceEagerMeasureMemory: performance.measureUserAgentSpecificMemory() answers at once instead of at the next GC.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--mute-audio', '--enable-blink-features=ForceEagerMeasureMemory'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const logs: string[] = [];
  page.on('console', (message) => logs.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => logs.push(`[pageerror] ${String(error)}`));
  const open = async () => {
    await page.goto(PAGE_URL);
    await page.waitForFunction(() => typeof window.runAnalysis === 'function', null, { timeout: 60_000 });
  };
  await open();
  return {
    server,
    context,
    page,
    logs,
    profile,
    async run(path, run) {
      await page.setInputFiles('#file', path);
      return page.evaluate((options) => window.runAnalysis(options), run);
    },
    reload: open,
    async close() {
      await context.close().catch(() => undefined);
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
