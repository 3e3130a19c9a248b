/**
 * Starts the Vite dev server (the app's own config, headers and CSP) and Debian's Chromium on the dev-only
 * face harness page: the app's face worker run on any file, for tests/browser/face-blur.test.ts and the bench.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FacesSummary } from './faces-page';
import type { FaceSearch } from '../../../src/jobs/faces';
import type { ClipExportRequest } from '../../../src/jobs/transcode';

export type { FacesSummary };

/** Port of this harness's own dev server (the analysis harness uses 5199, the transcode harness 5198). */
export const FACES_HARNESS_PORT = 5197;
const ROOT = resolve(import.meta.dirname, '../../..');
const PAGE_URL = `http://127.0.0.1:${FACES_HARNESS_PORT}/tests/browser/pages/faces.html`;

/** A dev server, a browser and the harness page. */
export interface FacesHarness {
  page: Page;
  /** Console lines and page errors, for failure messages. */
  logs: string[];
  /** Choose `path` in the page's file input and look for faces in it. */
  run(path: string, search: FaceSearch): Promise<FacesSummary>;
  /** Choose `path` and export a clip of it through the transcode worker, saved to `dest`. */
  exportTo(path: string, request: ClipExportRequest, dest: string): Promise<{ wallMs: number; execMs: number }>;
  close(): Promise<void>;
}

/** Start everything; `close()` stops it. */
export async function startFacesHarness(): Promise<FacesHarness> {
  const server: ViteDevServer = await createServer({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    clearScreen: false,
    server: { port: FACES_HARNESS_PORT, strictPort: true, host: '127.0.0.1', hmr: false },
    // Pre-bundle the worker's dependencies up front: discovering them at run time would reload the page mid-test.
    optimizeDeps: { include: ['mp4box', 'fft.js', '@vladmandic/face-api'], entries: ['tests/browser/pages/faces.html'] },
  });
  await server.listen();
  const profile = mkdtempSync(join(tmpdir(), 'reframe-faces-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--mute-audio'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const logs: string[] = [];
  page.on('console', (message) => logs.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => logs.push(`[pageerror] ${String(error)}`));
  page.on('response', (response) => void (response.status() >= 400 && logs.push(`[http ${response.status()}] ${response.url()}`)));
  await page.goto(PAGE_URL);
  await page.waitForFunction(() => typeof window.runFaces === 'function', null, { timeout: 60_000 });
  return {
    page,
    logs,
    async run(path, search) {
      await page.setInputFiles('#file', path);
      return page.evaluate((s) => window.runFaces(s), search);
    },
    async exportTo(path, request, dest) {
      await page.setInputFiles('#file', path);
      const result = await page.evaluate((r) => window.runBlurExport(r), request);
      if (result.kind !== 'done') throw new Error(`export failed: ${result.error}\n${logs.slice(-10).join('\n')}`);
      const chunk = 4 * 1024 * 1024;
      const parts: Buffer[] = [];
      for (let offset = 0; offset < result.size!; offset += chunk) parts.push(Buffer.from(await page.evaluate(([o, c]) => window.blurClipBase64(o, c), [offset, chunk] as const), 'base64'));
      writeFileSync(dest, Buffer.concat(parts));
      return { wallMs: result.wallMs, execMs: result.execMs! };
    },
    async close() {
      await context.close().catch(() => undefined);
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
