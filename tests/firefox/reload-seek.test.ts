/**
 * Issue 26, item 1: a stored lesson of 350 MB, with its index at the front and at the end, seeks to 90%
 * and 30% of its length after a reload and plays there. Firefox treated the Blob the app joined from
 * the stored parts as a stream it could not seek beyond the first minutes (index at the front).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, byTestId, importFiles, openFirefox, readTable, seekAndPlay, until, waitForStored, waitForVideo, type FirefoxSession } from './harness';

describe.each(['seek-350mb-faststart', 'seek-350mb-moov-at-end'])('Firefox: the stored 350 MB lesson %s after a reload', (title) => {
  let session: FirefoxSession;
  let duration = 0;
  beforeAll(async () => {
    session = await openFirefox();
    await importFiles(session.page, `${title}.mp4`);
    await session.page.waitForFunction(() => location.hash.startsWith('#/lesson/'), { timeout: 60_000 });
    await waitForStored(session.page, title);
    await session.page.reload();
    await waitForVideo(session.page);
    duration = await session.page.evaluate(() => document.querySelector('video')!.duration);
  });
  afterAll(async () => session?.close());

  it('plays the stored lesson from the service worker, not from a blob: URL', async () => {
    const source = await session.page.evaluate(() => document.querySelector('video')!.currentSrc);
    expect(source).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/lesson-media\//);
  });

  for (const fraction of [0.9, 0.3]) {
    it(`seeks to ${fraction * 100}% within a second of the target and plays there`, async () => {
      expect(duration).toBeGreaterThan(1000);
      const result = await seekAndPlay(session.page, duration * fraction);
      console.log(`firefox ${title} seek ${fraction * 100}% of ${duration.toFixed(0)} s (${result.scheme}): seeked in ${result.seekMs?.toFixed(0)} ms, playing 0.5 s on in ${result.playMs?.toFixed(0)} ms`);
      expect(result.error).toBeNull();
      expect(result.seekMs).not.toBeNull();
      expect(Math.abs(result.landed - result.target)).toBeLessThan(1);
      expect(result.playMs).not.toBeNull();
    });
  }

  it('deletes the lesson it played, and the storage it used is given back', async () => {
    const { page } = session;
    const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await page.goto(APP_URL + '#/');
    const before = await usage();
    expect(before).toBeGreaterThan(350_000_000);
    await (await byTestId(page, 'delete-lesson')).click();
    await (await byTestId(page, 'confirm-yes')).click();
    await byTestId(page, 'library-empty');
    expect(await readTable(page, 'videoChunks')).toEqual([]);
    // Firefox frees a deleted Blob's file once no page holds it (after garbage collection); a restart guarantees that.
    await session.restart();
    await until(async () => (await session.page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0)) < before - 340_000_000, 30_000, 'the storage given back');
  });
});
