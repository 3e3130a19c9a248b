/** Keys that respect focus and dialogs, and the talk bands by keyboard (issue 25, items 2 to 4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importStored, openApp, readTable, videoState, type Session } from './harness';

describe('keys that respect focus and dialogs', () => {
  let session: Session;
  const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

  beforeAll(async () => {
    session = await openApp();
    await importStored(session.page, 'lesson.mp4');
    // An import opens its lesson.
    await session.page.getByTestId('playback-bar').waitFor();
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, { timeout: 20_000 });
  });
  afterAll(async () => session?.close());

  it('Space on a focused tab presses the tab and leaves the video paused', async () => {
    const { page } = session;
    await page.getByTestId('tab-plan').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('tab-plan').getAttribute('aria-selected')).toBe('true');
    expect((await videoState(page)).paused).toBe(true);
    await page.getByTestId('tab-evidence').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('tab-evidence').getAttribute('aria-selected')).toBe('true');
    expect((await videoState(page)).paused).toBe(true);
  });

  it('arrow keys move between tabs (ARIA tabs pattern) and do not seek', async () => {
    const { page } = session;
    const before = (await videoState(page)).currentTime;
    await page.getByTestId('tab-evidence').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedTestId(page)).toBe('tab-plan');
    expect(await page.getByTestId('tab-plan').getAttribute('aria-selected')).toBe('true');
    const panelId = await page.getByTestId('tab-plan').getAttribute('aria-controls');
    expect(panelId).toBeTruthy();
    expect(await page.locator(`#${panelId}`).getAttribute('role')).toBe('tabpanel');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedTestId(page)).toBe('tab-lesson');
    await page.keyboard.press('Home');
    await expect.poll(() => focusedTestId(page)).toBe('tab-evidence');
    // Only the selected tab is a Tab stop.
    expect(await page.getByTestId('tab-plan').getAttribute('tabindex')).toBe('-1');
    expect((await videoState(page)).currentTime).toBe(before);
  });

  it('no shortcut fires while the help dialog is open', async () => {
    const { page } = session;
    await page.locator('body').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    const before = (await videoState(page)).currentTime;
    // (Space would press the dialog's focused Close button, as it should.)
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('q');
    expect(await page.getByTestId('help-overlay').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'detached' });
    const after = await videoState(page);
    expect(after.paused).toBe(true);
    expect(after.currentTime).toBe(before);
    expect(await readTable(page, 'entries')).toEqual([]);
  });

  it('playback keys still work from the page', async () => {
    const { page } = session;
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const before = (await videoState(page)).currentTime;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await videoState(page)).currentTime).toBeGreaterThan(before + 4);
  });
});
