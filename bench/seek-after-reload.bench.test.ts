// Seeking a stored lesson after a reload, in Chromium and in Firefox (issue 26): a 350 MB lesson with
// its index at the front and the same at the end, and the 1 GB hour. Each is imported into a fresh
// persistent profile, the page reloaded, and the stored lesson timed: first frame after the reload,
// then a seek to 90% and to 30% of its length and 0.5 s of play from there. Played from the service
// worker's URL (as the app does), then, after the service worker is unregistered, from a blob: URL of
// the parts joined in memory (as the app did before), in the same profile and run.
import { expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fixture, openApp, readTable } from '../tests/browser/harness';
import { openFirefox, readTable as readFirefoxTable } from '../tests/firefox/harness';
import { seekAndPlayInPage, type SeekResult } from '../tests/browser/page-scripts';

const out = resolve(import.meta.dirname, 'out');
const LESSONS = [
  { name: '350 MB, index at the front', path: fixture('seek-350mb-faststart.mp4'), title: 'seek-350mb-faststart' },
  { name: '350 MB, index at the end', path: fixture('seek-350mb-moov-at-end.mp4'), title: 'seek-350mb-moov-at-end' },
  { name: '1 GB hour, index at the end', path: resolve(out, 'hour-lesson.mp4'), title: 'hour-lesson' },
];

/** What the bench needs of a browser, whichever drives it. */
interface Driver {
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  reload(): Promise<void>;
  importFile(path: string): Promise<void>;
  ready(title: string): Promise<boolean>;
  close(): Promise<void>;
}

async function chromiumDriver(): Promise<Driver> {
  const session = await openApp();
  const { page } = session;
  return {
    evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => unknown, arg) as never,
    reload: async () => void (await page.reload()),
    importFile: (path) => page.getByTestId('import-input').setInputFiles(path),
    ready: async (title) => (await readTable<{ title: string; status: string }>(page, 'lessons')).some((l) => l.title === title && l.status === 'ready'),
    close: () => session.close(),
  };
}

async function firefoxDriver(): Promise<Driver> {
  const session = await openFirefox();
  return {
    evaluate: (fn, arg) => session.page.evaluate(fn as (a: unknown) => unknown, arg) as never,
    reload: async () => void (await session.page.reload()),
    importFile: async (path) => {
      const input = await session.page.waitForSelector('[data-testid="import-input"]');
      await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
    },
    ready: async (title) => (await readFirefoxTable<{ title: string; status: string }>(session.page, 'lessons')).some((l) => l.title === title && l.status === 'ready'),
    close: () => session.close(),
  };
}

/** Milliseconds from a reload until the lesson's video shows a frame, and where it plays from. */
async function reloadToFirstFrame(driver: Driver): Promise<{ ms: number; scheme: string }> {
  const t0 = performance.now();
  await driver.reload();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const state = await driver.evaluate(() => {
      const v = document.querySelector('video');
      return v && v.readyState >= 2 ? v.currentSrc.split(':')[0] : null;
    }, null);
    if (state) return { ms: performance.now() - t0, scheme: state };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no frame within 60 s of the reload');
}

const row = (browser: string, lesson: string, source: string, open: number, seeks: SeekResult[]) =>
  `${browser.padEnd(9)} ${lesson.padEnd(28)} ${source.padEnd(15)} first frame ${(open / 1000).toFixed(2)} s; ` +
  seeks.map((s) => `${Math.round((s.target / (seeks[0].target / 0.9)) * 100)}%: ${s.seekMs === null ? 'no seeked' : `${Math.round(s.seekMs)} ms`} landed ${(s.landed - s.target).toFixed(2)} s off, ${s.playMs === null ? 'did not play' : `played in ${Math.round(s.playMs)} ms`}${s.error ? ` (${s.error})` : ''}`).join('; ');

test('a stored lesson seeks after a reload, from the service worker and from a blob: URL', async () => {
  execFileSync('bash', [resolve(import.meta.dirname, 'make-hour-lesson.sh')], { stdio: 'inherit' });
  const lines: string[] = [];
  const served: SeekResult[] = [];
  for (const [browser, open] of [['Chromium', chromiumDriver], ['Firefox', firefoxDriver]] as const) {
    for (const lesson of LESSONS) {
      const driver = await open();
      try {
        await driver.importFile(lesson.path);
        const deadline = Date.now() + 600_000;
        while (!(await driver.ready(lesson.title))) {
          if (Date.now() > deadline) throw new Error(`${lesson.name} not stored in ${browser}`);
          await new Promise((r) => setTimeout(r, 500));
        }
        for (const source of ['service worker', 'blob: URL'] as const) {
          if (source === 'blob: URL') await driver.evaluate(async () => Promise.all((await navigator.serviceWorker.getRegistrations()).map((r) => r.unregister())), null);
          const first = await reloadToFirstFrame(driver);
          const duration = await driver.evaluate(() => document.querySelector('video')!.duration, null);
          const seeks: SeekResult[] = [];
          for (const fraction of [0.9, 0.3]) seeks.push(await driver.evaluate(seekAndPlayInPage, { target: duration * fraction, timeoutMs: 20_000 }));
          lines.push(row(browser, lesson.name, `${source} (${first.scheme})`, first.ms, seeks));
          console.log(lines.at(-1));
          if (source === 'service worker') served.push(...seeks);
        }
      } finally {
        await driver.close();
      }
    }
  }
  console.log(['', 'Seek after a reload (first frame, then seeks to 90% and 30% and 0.5 s of play):', ...lines].join('\n'));
  // Served by the service worker, every seek lands within a second and plays, in both browsers.
  for (const seek of served) {
    expect(Math.abs(seek.landed - seek.target)).toBeLessThan(1);
    expect(seek.playMs).not.toBeNull();
  }
});
