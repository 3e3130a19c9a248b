/**
 * A stored lesson whose video fails while playing (WebKit now and then fails one mid-seek and plays it on a
 * second load): the workbench loads it again and goes back to where it was, without a word to the coach; a
 * second failure soon after is said in plain words, with none of the browser's own text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importStored, openApp, type Session } from './harness';

describe('a video that fails while a stored lesson is open', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
    await importStored(session.page, 'lesson.mp4');
    await session.page.reload();
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, { timeout: 30_000 });
  });
  afterAll(async () => session?.close());

  it('loads the video again at the same moment after a first failure, and says nothing', async () => {
    const { page } = session;
    await page.locator('video').evaluate(async (v: HTMLVideoElement) => {
      v.pause();
      v.currentTime = 12.4;
      await new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
      (window as unknown as { emptied: number }).emptied = 0;
      v.addEventListener('emptied', () => (window as unknown as { emptied: number }).emptied++);
      v.dispatchEvent(new Event('error'));
    });
    await page.waitForFunction(() => {
      const v = document.querySelector('video');
      return (window as unknown as { emptied: number }).emptied > 0 && !!v && v.readyState >= 2 && !v.seeking && Math.abs(v.currentTime - 12.4) < 0.05;
    }, undefined, { timeout: 20_000 });
    expect(await page.getByTestId('media-error').count()).toBe(0);
  });

  it('says a second failure soon after in plain words', async () => {
    const { page } = session;
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.dispatchEvent(new Event('error')));
    await expect.poll(() => page.getByTestId('media-error').textContent(), { timeout: 10_000 }).toBe('This video could not be played here (the browser stopped playing it).');
  });
});
