/** Automatic accessibility checks (axe-core) on every view a coach uses (issue 25, "Done when"). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe-check';
import { importStored, openApp, type Session } from './harness';

describe('axe-core: no serious or critical violations', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
    await importStored(session.page, 'synth/lesson-s12-0-1.5m.mp4');
    await session.page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    await session.page.getByTestId('talk-band').first().waitFor();
  });
  afterAll(async () => session?.close());

  it('in the library', async () => {
    const { page } = session;
    await page.getByRole('link', { name: '← Library' }).click();
    await page.getByTestId('lesson-item').first().waitFor();
    const found = await seriousViolations(page);
    await page.getByTestId('lesson-item').first().click();
    await page.getByTestId('playback-bar').waitFor();
    await page.getByTestId('talk-band').first().waitFor();
    expect(found).toEqual([]);
  });

  for (const tab of ['evidence', 'plan', 'prewatch', 'lesson']) {
    it(`in the workbench's ${tab} tab`, async () => {
      const { page } = session;
      await page.getByTestId(`tab-${tab}`).click();
      await expect.poll(() => page.getByTestId(`tab-${tab}`).getAttribute('aria-selected')).toBe('true');
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  it('with a band selected, the segment list shown and an entry being edited', async () => {
    const { page } = session;
    await page.getByTestId('tab-evidence').click();
    await page.getByTestId('waveform').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.getByTestId('band-label').waitFor();
    await page.keyboard.press('b');
    await page.getByTestId('segment-list').waitFor();
    await page.keyboard.press('q');
    await page.getByTestId('entry').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('with the help overlay open', async () => {
    const { page } = session;
    await page.getByTestId('waveform').focus();
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    const found = await seriousViolations(page);
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'detached' });
    expect(found).toEqual([]);
  });

  it('in meeting mode, with a clip in the list', async () => {
    const { page } = session;
    await page.getByTestId('waveform').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('[');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press(']');
    await page.getByTestId('clip-from-loop').click();
    await expect.poll(() => page.getByTestId('clip-count').textContent()).toBe('1 clip');
    await page.getByTestId('open-meeting').click();
    await page.getByTestId('clip-item').first().waitFor();
    await page.getByTestId('meeting-mode').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
