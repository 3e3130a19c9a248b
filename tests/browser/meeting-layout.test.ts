/**
 * Issue 18, item 5: meeting mode is a presenter view. At 1280x720 (a laptop or meeting-room
 * projector) and 1440x900 the video, replay counter, perspective and its note field are in view
 * without scrolling, the app header is hidden and Esc leaves; and the video has one set of playback
 * controls (the app's), in the workbench and in the meeting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importFiles, openApp, readTable, waitForStored, type Session } from './harness';

/** Set REFRAME_SHOTS to a folder to keep a screenshot of each size there. */
const SHOTS = process.env.REFRAME_SHOTS;

/** Playback controls on view: the app's play buttons and anything video.js draws. */
async function controlSets(page: Page) {
  return page.evaluate(() => {
    const shown = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => el.checkVisibility() && el.getBoundingClientRect().height > 0).length;
    return {
      app: shown('[data-testid="play-toggle"], [data-testid="meeting-play"]'),
      videojs: shown('.vjs-control-bar, .vjs-big-play-button, .vjs-play-control'),
      native: [...document.querySelectorAll('video')].filter((v) => v.controls).length,
    };
  });
}

describe('meeting mode as a presenter view', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openApp();
    await importFiles(session.page, 'lesson.mp4');
    await session.page.waitForURL(/#\/lesson\//);
    await waitForStored(session.page, 'lesson');
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
  });
  afterAll(async () => session?.close());

  it('has one set of playback controls in the workbench', async () => {
    const { page } = session;
    await page.getByTestId('play-toggle').waitFor();
    expect(await controlSets(page)).toEqual({ app: 1, videojs: 0, native: 0 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/workbench-1440x900.png` });
    // The one set works from the keyboard: Space plays.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press(' ');
    await page.waitForFunction(() => !document.querySelector('video')!.paused);
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('video')!.paused);
  });

  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
  ]) {
    it(`shows video, counter, perspective and its note field without scrolling at ${width}x${height}, header hidden`, async () => {
      const { page } = session;
      await page.setViewportSize({ width, height });
      if (!/\/meeting$/.test(page.url())) {
        for (const [start, end] of [
          [4, 9],
          [10, 12],
          [13, 15],
        ]) {
          await page.locator('video').evaluate((v: HTMLVideoElement, t) => (v.currentTime = t), start);
          await page.keyboard.press('[');
          await page.locator('video').evaluate((v: HTMLVideoElement, t) => (v.currentTime = t), end);
          await page.keyboard.press(']');
          await page.getByTestId('clip-from-loop').click();
        }
        await expect.poll(async () => (await readTable(page, 'clips')).length).toBe(3);
        await page.getByTestId('open-meeting').click();
        await page.waitForURL(/\/meeting$/);
      }
      await page.getByTestId('perspective-note').waitFor();
      await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
      expect(await page.locator('header.top').count()).toBe(0);
      // A toast on screen ("Clip deleted", with its Undo) covers none of what the pair is looking at.
      const last = page.getByTestId('clip-item').last();
      const deleted = page.getByTestId('toast').filter({ hasText: `Clip deleted: ${await last.getByTestId('clip-title').inputValue()}` });
      await last.getByRole('button', { name: 'Delete clip' }).click();
      const toast = (await deleted.boundingBox({ timeout: 5_000 }))!;
      const covered: string[] = [];
      const outside: string[] = [];
      for (const [name, locator] of Object.entries({
        video: page.locator('video'),
        'replay counter': page.getByTestId('replay-counter'),
        perspective: page.getByTestId('perspective'),
        'note field': page.getByTestId('perspective-note'),
        'play button': page.getByTestId('meeting-play'),
        'clip list': page.getByTestId('clip-item').first(),
      })) {
        const b = await locator.boundingBox();
        if (!b || b.height < 10 || b.x < 0 || b.y < 0 || b.x + b.width > width + 0.5 || b.y + b.height > height + 0.5) outside.push(`${name}: ${JSON.stringify(b)}`);
        else if (toast.x < b.x + b.width && b.x < toast.x + toast.width && toast.y < b.y + b.height && b.y < toast.y + toast.height) covered.push(name);
      }
      expect(outside, `outside the ${width}x${height} viewport`).toEqual([]);
      expect(covered, 'under the toast').toEqual([]);
      // The video is the largest thing on screen, not a thumbnail.
      const video = (await page.locator('video').boundingBox())!;
      expect(video.height).toBeGreaterThan(height * 0.4);
      const [scrollHeight, viewHeight] = await page.evaluate(() => [document.scrollingElement!.scrollHeight, window.innerHeight]);
      expect(scrollHeight).toBeLessThanOrEqual(viewHeight);
      expect(await controlSets(page)).toEqual({ app: 1, videojs: 0, native: 0 });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/meeting-${width}x${height}.png` });
    });
  }

  it('leaves meeting mode with Esc, but not while typing a note', async () => {
    const { page } = session;
    await page.getByTestId('perspective-note').fill('Names a pupil');
    await page.getByTestId('perspective-note').press('Escape');
    expect(page.url()).toMatch(/\/meeting$/);
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('Escape');
    await page.waitForURL(/#\/lesson\/[^/]+$/);
    await page.locator('header.top').waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
