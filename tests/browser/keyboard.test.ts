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

  it('names each view in an h1 and the page title, and moves focus to the heading on every view change', async () => {
    const { page } = session;
    const focusedHeading = () => page.evaluate(() => (document.activeElement?.tagName === 'H1' ? document.activeElement.textContent : null));
    expect(await page.title()).toBe('lesson, workbench: Reframe');
    await page.getByRole('link', { name: '← Library' }).click();
    await expect.poll(focusedHeading).toBe('Your lessons');
    expect(await page.title()).toBe('Lessons: Reframe');
    await page.getByTestId('lesson-item').first().click();
    await expect.poll(focusedHeading).toBe('lesson, workbench');
    await page.getByTestId('open-meeting').click();
    await expect.poll(focusedHeading).toMatch(/^lesson meeting/);
    expect(await page.title()).toBe('lesson, meeting: Reframe');
    await page.getByTestId('meeting-close').click();
    await expect.poll(focusedHeading).toBe('lesson, workbench');
    await page.getByTestId('playback-bar').waitFor();
  });

  it('gives focus back to what had it when the help overlay closes; lens chips say which is on', async () => {
    const { page } = session;
    await page.getByTestId('tab-plan').click();
    await page.getByTestId('tab-evidence').click();
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'detached' });
    expect(await focusedTestId(page)).toBe('tab-evidence');
    expect(await page.getByTestId('lens-all').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('lens-tab').first().getAttribute('aria-pressed')).toBe('false');
  });

  it('after logging by key, focus stays put and G goes to the new entry', async () => {
    const { page } = session;
    await page.getByTestId('tab-plan').click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('q');
    await page.getByTestId('toast').filter({ hasText: /logged at .*\(G goes to it\)/ }).waitFor();
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('g');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="entry"]')?.getAttribute('data-kind'))).toBe('teacher_question');
  });

  it('playback keys still work from the page', async () => {
    const { page } = session;
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const before = (await videoState(page)).currentTime;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await videoState(page)).currentTime).toBeGreaterThan(before + 4);
  });
});

/** Set REFRAME_SHOTS to a folder to keep screenshots of the bands and the segment list there. */
const SHOTS = process.env.REFRAME_SHOTS;

type Segment = { start: number; end: number; label: string; confidence: number };

describe('talk-time bands by keyboard and by ear', () => {
  let session: Session;
  const segments = async () => (await readTable<{ auto: Segment[]; corrected: Segment[] | null }>(session.page, 'segments'))[0];
  const note = () => session.page.getByTestId('band-focus-note').textContent();

  beforeAll(async () => {
    session = await openApp();
    await importStored(session.page, 'synth/lesson-s12-0-1.5m.mp4');
    await session.page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    await session.page.getByTestId('talk-band').first().waitFor();
  });
  afterAll(async () => session?.close());

  it('moves between bands with the arrows, selects with Enter, moves edges and undoes, all announced', async () => {
    const { page } = session;
    const { auto } = await segments();
    expect(auto.length).toBeGreaterThanOrEqual(3);
    // Reached with Tab from the control before it.
    await page.getByTitle('Zoom in').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('waveform');
    const before = (await videoState(page)).currentTime;
    await page.keyboard.press('ArrowRight');
    await expect.poll(note).toMatch(/^Band 1 of \d+: /);
    await page.keyboard.press('ArrowRight');
    await expect.poll(note).toMatch(/^Band 2 of \d+: /);
    await expect.poll(() => page.locator('[data-testid="talk-band"][data-focused="true"]').count()).toBe(1);
    // The arrows moved between bands instead of seeking.
    expect((await videoState(page)).currentTime).toBe(before);

    await page.keyboard.press('Enter');
    await page.getByTestId('band-label').waitFor();
    await expect.poll(async () => (await videoState(page)).currentTime).toBeCloseTo(auto[1].start, 1);
    await expect.poll(note).toMatch(/^Selected: /);

    await page.keyboard.press('Control+ArrowRight');
    await expect.poll(async () => (await segments()).corrected?.[1].end).toBeCloseTo(auto[1].end + 1, 3);
    await page.getByTestId('toast').filter({ hasText: /^End of .* moved to/ }).waitFor();
    await page.keyboard.press('Shift+Alt+ArrowLeft');
    await expect.poll(async () => (await segments()).corrected?.[1].start).toBeCloseTo(auto[1].start - 0.1, 3);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await segments()).corrected?.[1].start).toBeCloseTo(auto[1].start, 3);
    expect((await segments()).corrected?.[1].end).toBeCloseTo(auto[1].end + 1, 3);
  });

  it('lists the bands as a table (B), telling corrected from automatic, each row seeking the video', async () => {
    const { page } = session;
    const { corrected } = await segments();
    await page.keyboard.press('b');
    const rows = page.getByTestId('segment-row');
    await expect.poll(() => rows.count()).toBe(corrected!.length);
    expect(await rows.nth(1).textContent()).toMatch(/Corrected by you/);
    expect(await rows.nth(0).textContent()).toMatch(/Automatic/);
    await rows.nth(2).getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await videoState(page)).currentTime).toBeCloseTo(corrected![2].start, 1);
    await page.keyboard.press('b');
    await expect.poll(() => rows.count()).toBe(0);
  });

  it('shows the list and the named bands at 1440x900 and 1280x720 (with REFRAME_SHOTS: for a deuteranope too)', async () => {
    const { page } = session;
    await page.keyboard.press('b');
    for (const [width, height] of [[1440, 900], [1280, 720]]) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('segment-list').scrollIntoViewIfNeeded();
      // The table and the waveform both on view: the list takes no room from the bands.
      for (const id of ['segment-list', 'waveform']) expect(await page.getByTestId(id).isVisible(), id).toBe(true);
      if (!SHOTS) continue;
      await page.screenshot({ path: `${SHOTS}/bands-${width}x${height}.png` });
      // Deuteranopia simulated (Machado et al. 2009, severity 1) as an SVG colour matrix over the page.
      const style = await page.addStyleTag({ content: 'html { filter: url(#deuteranopia); }' });
      await page.evaluate(() => {
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.id = 'deuteranopia-filter';
        svg.setAttribute('style', 'position:absolute;width:0;height:0');
        svg.innerHTML = '<filter id="deuteranopia" color-interpolation-filters="linearRGB"><feColorMatrix type="matrix" values="0.367 0.861 -0.228 0 0  0.280 0.673 0.047 0 0  -0.012 0.043 0.969 0 0  0 0 0 1 0"/></filter>';
        document.body.append(svg);
      });
      await page.screenshot({ path: `${SHOTS}/bands-deuteranopia-${width}x${height}.png` });
      await style.evaluate((node) => (node as Element).remove());
      await page.evaluate(() => document.getElementById('deuteranopia-filter')?.remove());
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press('b');
  });

  it('writes a short name inside bands wide enough for one', async () => {
    const names = await session.page.getByTestId('band-name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(['Teacher', 'Discussion', 'Group', 'Independent', 'No audio', 'Unclear']).toContain(name);
  });

  it('lists in the ? overlay the keys that apply now: Esc cancels an incident only while one is marked (issue 20)', async () => {
    const { page } = session;
    const overlayText = async () => {
      await page.keyboard.press('?');
      const overlay = page.getByTestId('help-overlay');
      await overlay.waitFor();
      const text = (await overlay.textContent()) ?? '';
      await page.keyboard.press('Escape');
      await overlay.waitFor({ state: 'detached' });
      return text;
    };
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const before = await overlayText();
    expect(before).toContain('Log teacher question');
    expect(before).not.toContain('Cancel the incident being marked');
    const stored = (await readTable(page, 'entries')).length;
    await page.keyboard.press('i');
    await page.getByTestId('toast').filter({ hasText: /Incident trigger marked/ }).waitFor();
    expect(await overlayText()).toContain('Cancel the incident being marked');
    await page.keyboard.press('Escape');
    await page.getByTestId('toast').filter({ hasText: 'Incident cancelled.' }).waitFor();
    expect(await overlayText()).not.toContain('Cancel the incident being marked');
    expect(await readTable(page, 'entries')).toHaveLength(stored);
  });
});
