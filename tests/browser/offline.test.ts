/**
 * Issue 21: open it from a link, then use it offline. The built app is served by `npm run serve`
 * (scripts/serve.mjs, with the headers of the build's `_headers`); once the library says it is ready
 * to work offline, a lesson is imported, the server is killed and the browser set offline. After a
 * reload the library shows, the stored lesson plays, and a second lesson imported offline is analysed
 * and exported as a fast clip (ffmpeg.wasm from the cache), cross-origin isolated throughout. The face
 * detector's files (issue 24) are cached before it says so: faces are looked for in that clip offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FACE_DETECTOR_CACHE, FACE_DETECTOR_FILE } from '../../src/core/hosting';
import { expectPlaying, fixture, importFiles, importStored, openApp, readTable, until, waitForStored, type Session } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = resolve(ROOT, process.env.REFRAME_TEST_DIST ?? 'dist');

/** Start `npm run serve`'s script on a free port; resolves with the server and its address. */
function serve(folder = DIST): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), folder, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveServe, reject) => {
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /http:\/\/\S+\//.exec(output)?.[0];
      if (url) resolveServe({ server, url });
    });
    server.on('exit', (code) => reject(new Error(`scripts/serve.mjs exited (${code}): ${output}`)));
  });
}

/**
 * The face detector's files the face worker loads in Chromium, as this build names them: the SSD detector's
 * weights and their manifest, and TensorFlow.js's SIMD WebAssembly (its threaded build is switched off).
 */
const DETECTOR_FILES = readdirSync(join(DIST, 'assets'))
  .filter((name) => /^(ssd_mobilenetv1_model[\w-]*\.(bin|json)|tfjs-backend-wasm-simd-[\w-]+\.wasm)$/.test(name))
  .map((name) => `/assets/${name}`)
  .sort();

/** What makes the app work offline, as the page sees it. */
async function offlineState(session: Session) {
  return session.page.evaluate(async () => ({
    controlled: navigator.serviceWorker.controller !== null,
    isolated: window.crossOriginIsolated,
    cachedCore: (await caches.keys()).includes('reframe-ffmpeg-core'),
  }));
}

/** The paths held in the face detector's cache. */
async function cachedDetectorFiles(session: Session): Promise<string[]> {
  return session.page.evaluate(async (name) => {
    const cache = await caches.open(name);
    return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
  }, FACE_DETECTOR_CACHE);
}

describe('offline (issue 21)', () => {
  let session: Session;
  let server: ChildProcess;
  let url: string;
  const page = () => session.page;

  beforeAll(async () => {
    ({ server, url } = await serve());
    session = await openApp({ url });
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await session?.close();
  });

  it('says when it is ready to work offline, with the service worker in control and the page cross-origin isolated', async () => {
    const p = page();
    await p.getByTestId('offline-ready').waitFor({ timeout: 90_000 });
    expect(await p.getByTestId('offline-status').getAttribute('data-state')).toBe('ready');
    expect(await offlineState(session)).toEqual({ controlled: true, isolated: true, cachedCore: true });
    // Faces can be looked for offline too (issue 24): the detector's files were cached with ffmpeg's core.
    expect(DETECTOR_FILES).toHaveLength(3);
    expect(await cachedDetectorFiles(session)).toEqual(DETECTOR_FILES);
    // The manifest an install needs, from the same origin.
    const manifest = await p.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href)).json());
    expect(manifest).toMatchObject({ display: 'standalone', theme_color: '#1f4e5f', start_url: '/' });
    expect(manifest.icons.some((icon: { purpose: string }) => icon.purpose === 'maskable')).toBe(true);
    expect(manifest.file_handlers[0].accept['video/mp4']).toContain('.mp4');
  });

  it('imports a lesson while online', async () => {
    await importStored(page(), 'lesson.mp4');
    await page().waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 60_000 });
  });

  it('starts again with the server gone and the network off: the library shows and the stored lesson plays', async () => {
    server.kill('SIGKILL');
    await until(async () => server.exitCode !== null || server.signalCode !== null, 10_000, 'the server to stop');
    await expect(fetch(url)).rejects.toThrow();
    await session.context.setOffline(true);
    const p = page();
    await p.goto(url);
    await p.getByTestId('lesson-item').filter({ hasText: 'lesson' }).first().waitFor({ timeout: 30_000 });
    await p.getByTestId('offline-ready').waitFor({ timeout: 30_000 });
    expect(await offlineState(session)).toEqual({ controlled: true, isolated: true, cachedCore: true });
    await p.getByTestId('lesson-item').first().click();
    await expectPlaying(p);
    await p.locator('video').evaluate((v: HTMLVideoElement) => v.pause());
  });

  it('imports and analyses a second lesson offline, and exports a fast clip of it with ffmpeg.wasm from the cache', async () => {
    const p = page();
    await p.goto(`${url}#/`);
    await importStored(p, 'second-lesson.mp4');
    await p.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    const seek = (t: number) => p.locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);
    await seek(2);
    await p.keyboard.press('[');
    await seek(5);
    await p.keyboard.press(']');
    await p.getByTestId('clip-from-loop').click();
    await p.getByTestId('tab-lesson').click();
    await p.getByTestId('export-mode-fast').check();
    await p.getByTestId('export-captions').selectOption('none');
    const [download] = await Promise.all([p.waitForEvent('download', { timeout: 120_000 }), p.getByTestId('export-clips').click()]);
    const path = join(mkdtempSync(join(tmpdir(), 'reframe-offline-')), 'clip.mp4');
    await download.saveAs(path);
    const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', path]).toString().split('\n').filter(Boolean);
    expect(streams).toEqual(expect.arrayContaining(['video', 'audio']));
    // Nothing went elsewhere, nothing was refused by the CSP, nothing broke.
    expect(session.requests.filter((request) => !request.startsWith(url) && !/^(blob|data):/.test(request))).toEqual([]);
    expect(session.blocked).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  it('looks for faces in that clip offline, with the detector and TensorFlow.js\'s WebAssembly from the cache (issue 24)', async () => {
    const p = page();
    await p.getByTestId('export-audience').selectOption('beyond');
    const before = session.requests.length;
    await p.getByTestId('find-faces').click();
    const preview = p.locator('[data-testid="face-preview"][data-state="done"], [data-testid="face-preview"][data-state="failed"]');
    await preview.waitFor({ timeout: 120_000 });
    expect(await p.getByTestId('face-preview').getAttribute('data-state'), await p.getByTestId('face-preview').textContent() ?? '').toBe('done');
    // Whether second-lesson.mp4 shows anything like a face does not matter: the detector ran.
    expect(await p.getByTestId('face-summary').getAttribute('data-found')).toMatch(/^\d+$/);
    // The worker asked for exactly the files cached at the first visit: the SIMD WebAssembly among them, so
    // TensorFlow.js ran on it rather than falling back to a slower backend.
    const asked = session.requests.slice(before).map((request) => new URL(request).pathname).filter((path) => FACE_DETECTOR_FILE.test(path));
    expect([...new Set(asked)].sort()).toEqual(DETECTOR_FILES);
    expect(await cachedDetectorFiles(session)).toEqual(DETECTOR_FILES);
    expect(session.requests.filter((request) => !request.startsWith(url) && !/^(blob|data):/.test(request))).toEqual([]);
    expect(session.blocked).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});

describe('a new version (issue 21)', () => {
  let session: Session;
  let server: ChildProcess;
  let url: string;
  // A copy of the build, so a new version can be hosted over it.
  const hosted = join(mkdtempSync(join(tmpdir(), 'reframe-hosted-')), 'dist');

  beforeAll(async () => {
    cpSync(DIST, hosted, { recursive: true });
    ({ server, url } = await serve(hosted));
    session = await openApp({ url });
    await session.page.getByTestId('offline-ready').waitFor({ timeout: 90_000 });
    await importStored(session.page, 'lesson.mp4');
    await session.page.goto(`${url}#/`);
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await session?.close();
    rmSync(hosted, { recursive: true, force: true });
  });

  it('is announced without reloading, waits while an import is under way, and starts when the coach agrees, with the lessons kept', async () => {
    const p = session.page;
    // The page this coach is working in: gone only if the page reloads.
    await p.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    appendFileSync(join(hosted, 'service-worker.js'), '\n// the next version\n');
    await p.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await p.getByTestId('update-ready').waitFor({ timeout: 30_000 });
    expect(await p.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null)).toBe(true);
    expect(await p.evaluate(() => 'stillTheSamePage' in window)).toBe(true);
    expect(await p.getByTestId('update-reload').isEnabled()).toBe(true);
    // Not in the middle of an import (a 100 MB file takes a while to store; this one is then cancelled).
    await importFiles(p, 'big.mp4');
    await p.getByTestId('update-waiting').waitFor({ timeout: 10_000 });
    expect(await p.getByTestId('update-reload').isDisabled()).toBe(true);
    await p.goto(`${url}#/`);
    // Cancel the import if it is still being stored (on a quiet machine 100 MB may be stored already); either
    // way the update stops waiting once no import is under way.
    await p
      .locator('[data-testid="import-job"]:has-text("big.mp4") [data-testid="import-cancel"]')
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await p.getByTestId('update-waiting').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await p.evaluate(() => 'stillTheSamePage' in window)).toBe(true);
    await Promise.all([p.waitForEvent('load', { timeout: 30_000 }), p.getByTestId('update-reload').click()]);
    // Should the library not come back, say what the page shows instead.
    await p.getByTestId('lesson-item').first().waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
      const shown = await p.locator('body').innerText().catch(() => '(no page)');
      throw new Error(`${error.message}\n${p.url()} shows: ${shown.slice(0, 600)}`);
    });
    expect(await p.evaluate(() => 'stillTheSamePage' in window)).toBe(false);
    // The version that waited is the one in control now.
    expect(await p.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting === null && navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await p.getByTestId('update-ready').count()).toBe(0);
    await p.getByTestId('offline-ready').waitFor({ timeout: 30_000 });
    await p.getByTestId('lesson-item').first().click();
    await expectPlaying(p);
    expect(session.pageErrors).toEqual([]);
  });
});

describe('a video opened with the installed app (issue 21)', () => {
  let session: Session;
  afterAll(async () => session?.close());

  it('is imported as if dropped on the library', async () => {
    // What Chromium does for an installed app opened with a file: the page's launch queue gets its handle.
    session = await openApp({ initScript: "Object.defineProperty(window, 'launchQueue', { value: { setConsumer(consumer) { window.openWith = consumer; } } });" });
    const p = session.page;
    await p.waitForFunction(() => 'openWith' in window, undefined, { timeout: 20_000 });
    await p.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<input type="file" id="opened-file">'));
    await p.locator('#opened-file').setInputFiles(fixture('second-lesson.mp4'));
    await p.evaluate(() => {
      const file = document.querySelector<HTMLInputElement>('#opened-file')!.files![0];
      (window as unknown as { openWith: (params: unknown) => void }).openWith({ files: [{ getFile: async () => file }] });
    });
    await waitForStored(p, 'second-lesson');
    expect((await readTable<{ title: string }>(p, 'lessons')).map((lesson) => lesson.title)).toEqual(['second-lesson']);
  });
});
