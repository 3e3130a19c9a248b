/**
 * Issue 26, item 1, in Chromium: a stored lesson of 350 MB, with its index at the front and at the
 * end, seeks to 90% and 30% of its length after a reload and plays there, now that the stored lesson is played from the
 * service worker's URL (the Firefox suite checks the same in tests/firefox/reload-seek.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, openApp, waitForStored, type Session } from './harness';
import { seekAndPlayInPage } from './page-scripts';

describe.each(['seek-350mb-faststart', 'seek-350mb-moov-at-end'])('Chromium: the stored 350 MB lesson %s after a reload', (title) => {
  let session: Session;
  let duration = 0;
  beforeAll(async () => {
    session = await openApp();
    await importFiles(session.page, `${title}.mp4`);
    await session.page.waitForURL(/#\/lesson\//);
    await waitForStored(session.page, title);
    await session.page.reload();
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, { timeout: 30_000 });
    duration = await session.page.locator('video').evaluate((v: HTMLVideoElement) => v.duration);
  });
  afterAll(async () => session?.close());

  it('plays the stored lesson from the service worker, not from a blob: URL', async () => {
    const source = await session.page.locator('video').evaluate((v: HTMLVideoElement) => v.currentSrc);
    expect(source).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/lesson-media\//);
  });

  for (const fraction of [0.9, 0.3]) {
    it(`seeks to ${fraction * 100}% within a second of the target and plays there`, async () => {
      expect(duration).toBeGreaterThan(1000);
      const result = await session.page.evaluate(seekAndPlayInPage, { target: duration * fraction, timeoutMs: 20_000 });
      console.log(`chromium ${title} seek ${fraction * 100}% of ${duration.toFixed(0)} s (${result.scheme}): seeked in ${result.seekMs?.toFixed(0)} ms, playing 0.5 s on in ${result.playMs?.toFixed(0)} ms`);
      expect(result.error).toBeNull();
      expect(result.seekMs).not.toBeNull();
      expect(Math.abs(result.landed - result.target)).toBeLessThan(1);
      expect(result.playMs).not.toBeNull();
    });
  }
});
