/**
 * A coach who works from the keyboard alone (issue 25, "Done when"): imports a lesson, opens it,
 * relabels a band and moves its boundary, logs and edits an entry, makes a clip and replays it in
 * meeting mode, and exports a CSV, without one pointer event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, openApp, readTable, videoState, type Session } from './harness';

type Segment = { start: number; end: number; label: string };
/** Counts every pointer press the page receives. */
const COUNT_POINTERS = "window.pointerPresses = 0; addEventListener('pointerdown', () => window.pointerPresses++, true); addEventListener('mousedown', () => window.pointerPresses++, true);";

describe('keyboard-only journey', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp({ initScript: COUNT_POINTERS });
  });
  afterAll(async () => session?.close());

  it('imports, corrects bands, logs and edits an entry, makes and replays a clip, exports a CSV', async () => {
    const { page } = session;
    const segments = async () => (await readTable<{ auto: Segment[]; corrected: Segment[] | null }>(page, 'segments'))[0];

    // Import: the file is handed to the import input as the operating system's file chooser would.
    await page.getByTestId('import-input').setInputFiles(fixture('synth/lesson-s12-0-1.5m.mp4'));
    await page.getByTestId('playback-bar').waitFor();
    await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    await page.getByTestId('talk-band').first().waitFor();
    // Back to the library and open the lesson again from its card.
    await page.getByRole('link', { name: '← Library' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.open').first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('talk-band').first().waitFor();

    // Relabel the first band: the timeline, →, Enter, then the label list.
    const { auto } = await segments();
    await page.getByTestId('waveform').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.getByTestId('band-label').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await segments()).corrected?.[0].label).not.toBe(auto[0].label);
    // Move its end a second later.
    const relabelled = (await segments()).corrected!;
    await page.getByTestId('waveform').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+ArrowRight');
    await expect.poll(async () => (await segments()).corrected?.[0].end).toBeCloseTo(relabelled[0].end + 1, 3);

    // Log a teacher question and write its note.
    await page.keyboard.press('q');
    await page.getByTestId('entry-note').waitFor();
    await page.getByTestId('entry-note').focus();
    await page.keyboard.type('Asked who could explain');
    await expect.poll(async () => (await readTable<{ note: string }>(page, 'entries'))[0]?.note).toBe('Asked who could explain');

    // A clip from loop points: Esc lets go of the band (so Shift+→ seeks again), then [, three seconds on, ] and "Make clip".
    await page.getByTestId('waveform').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('[');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press(']');
    await page.getByTestId('clip-from-loop').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('clip-count').textContent()).toBe('1 clip');

    // Replay it in meeting mode: Space plays from the heading focus lands on.
    await page.getByTestId('open-meeting').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('clip-item').first().waitFor();
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, { timeout: 20_000 });
    await page.keyboard.press(' ');
    await page.waitForFunction(() => !document.querySelector('video')!.paused);
    await page.keyboard.press(' ');
    expect((await videoState(page)).paused).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('playback-bar').waitFor();

    // Export a CSV from the last tab.
    await page.getByTestId('tab-evidence').focus();
    await page.keyboard.press('End');
    await page.getByTestId('export-csv').focus();
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);

    expect(await page.evaluate(() => (window as unknown as { pointerPresses: number }).pointerPresses)).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
