/** Automatic accessibility checks (axe-core) on every view a coach uses (issue 25, "Done when"). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { importStored, openApp, type Session } from './harness';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations axe finds on the page as it is, described for the failure message. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the app's Content-Security-Policy does not block it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const context = { include: [['html']] };
    const result = await axe.run(context as unknown as Document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 4).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
}

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
