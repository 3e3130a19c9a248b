/**
 * The workbench on a laptop or projector (1280x720) and a larger screen (1440x900): video, waveform,
 * bands with their legend, the band editor, the time-use bar and the evidence panel in view without
 * scrolling the page; toasts that never pile up over the bands (issue 18, item 5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { importFiles, openApp, readTable, waitForStored, type Session } from './harness';

type Box = { x: number; y: number; width: number; height: number };

/** The workbench parts that must be on screen, by name. */
function parts(page: Page): Record<string, Locator> {
  return {
    video: page.locator('video'),
    waveform: page.getByTestId('waveform'),
    'first band': page.getByTestId('talk-band').first(),
    'last band': page.getByTestId('talk-band').last(),
    'band legend': page.getByTestId('band-legend'),
    'band editor': page.getByTestId('band-editor'),
    'time-use bar': page.getByTestId('time-budget'),
    'evidence panel': page.locator('section[aria-label="Evidence"]'),
  };
}

async function box(locator: Locator, name: string): Promise<Box> {
  const found = await locator.boundingBox({ timeout: 5_000 });
  if (!found) throw new Error(`${name} is not shown`);
  return found;
}

/** Every part lies inside the viewport and the page itself does not scroll. */
async function expectAllInView(page: Page): Promise<void> {
  const { width, height } = page.viewportSize()!;
  const outside: string[] = [];
  for (const [name, locator] of Object.entries(parts(page))) {
    const b = await box(locator, name);
    if (b.width <= 0 || b.height <= 0 || b.x < 0 || b.y < 0 || b.x + b.width > width + 0.5 || b.y + b.height > height + 0.5) {
      outside.push(`${name} at ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}x${Math.round(b.height)}`);
    }
  }
  expect(outside, `outside the ${width}x${height} viewport`).toEqual([]);
  const fit = await page.evaluate(() => ({ scrollHeight: document.scrollingElement!.scrollHeight, innerHeight: window.innerHeight }));
  expect(fit.scrollHeight, 'the page scrolls').toBeLessThanOrEqual(fit.innerHeight);
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('workbench layout at 1280x720 and 1440x900', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openApp();
    await session.page.setViewportSize({ width: 1280, height: 720 });
    await importFiles(session.page, 'synth/lesson-s12-0-1.5m.mp4');
    await session.page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    await waitForStored(session.page, 'lesson-s12-0-1.5m');
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1);
  });
  afterAll(async () => session?.close());

  it('shows video, waveform, bands and legend, band editor, time use and evidence at 1280x720 without scrolling', async () => {
    await expectAllInView(session.page);
  });

  it('keeps at most two toasts on screen when five entries are logged quickly, none over the bands', async () => {
    const { page } = session;
    // Watch every change to the toasts: how many were shown, and the most on screen at once.
    await page.evaluate(() => {
      const watch = { shown: 0, most: 0 };
      (window as unknown as { toastWatch: typeof watch }).toastWatch = watch;
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) if (node instanceof HTMLElement && node.dataset.testid === 'toast') watch.shown += 1;
        }
        watch.most = Math.max(watch.most, document.querySelectorAll('[data-testid="toast"]').length);
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.play());
    for (const key of ['q', 'p', 's', 'n', 'l']) await page.keyboard.press(key);
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.pause());
    // Each stored entry gets its toast: wait for the fifth.
    await page.waitForFunction(() => (window as unknown as { toastWatch: { shown: number } }).toastWatch.shown >= 5, undefined, { timeout: 10_000 });
    expect((await readTable(page, 'entries')).length).toBe(5);
    const watch = await page.evaluate(() => (window as unknown as { toastWatch: { shown: number; most: number } }).toastWatch);
    expect(watch.most).toBeLessThanOrEqual(2);
    const toasts = await page.getByTestId('toast').all();
    expect(toasts.length).toBeGreaterThan(0);
    expect(toasts.length).toBeLessThanOrEqual(2);
    const covered: string[] = [];
    for (const toast of toasts) {
      const t = await box(toast, 'toast');
      for (const [name, locator] of Object.entries(parts(page))) {
        if (name === 'evidence panel') continue;
        if (overlaps(t, await box(locator, name))) covered.push(name);
      }
    }
    expect(covered, 'parts covered by a toast').toEqual([]);
  });

  it('opens how the bands are found whole inside the window at 1280x720, over neither the bands nor the waveform', async () => {
    const { page } = session;
    const about = page.getByTestId('bands-about');
    await about.locator('summary').click();
    const text = await box(about.locator('.explain'), 'the explanation');
    expect(text.y, 'its top').toBeGreaterThanOrEqual(0);
    expect(text.y + text.height, 'its bottom').toBeLessThanOrEqual(720 + 0.5);
    for (const name of ['waveform', 'first band', 'last band'] as const) expect(overlaps(text, await box(parts(page)[name], name)), `over the ${name}`).toBe(false);
    await about.locator('summary').click();
    await about.locator('.explain').waitFor({ state: 'hidden' });
  });

  it('still fits at 1440x900 with a band selected', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 1440, height: 900 });
    const wave = await box(page.getByTestId('waveform'), 'waveform');
    await page.mouse.click(wave.x + wave.width * 0.3, wave.y + 40);
    await page.getByTestId('band-label').waitFor();
    await expectAllInView(page);
    // The video uses the room a larger screen gives it.
    expect((await box(page.locator('video'), 'video')).height).toBeGreaterThan(300);
    expect(session.pageErrors).toEqual([]);
  });
});
