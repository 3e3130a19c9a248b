/** Logging evidence with single keys on a playing lesson: each kind, edit, undo/redo, reload, statistics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, openApp, readTable, waitForStored, type Session } from './harness';

type StoredEntry = { id: string; kind: string; time: number; note: string; tags: string[]; lens: string; waitTime1: number | null; waitTimeSource?: string; trigger?: number; outcome?: number | null; incidentStart?: number; initiative?: string | null; questionType?: { openness: string | null } };

describe('evidence logging', () => {
  let session: Session;
  const entries = () => readTable<StoredEntry>(session.page, 'entries');
  const seek = (t: number) => session.page.locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);

  beforeAll(async () => {
    session = await openApp();
    await importFiles(session.page, 'synth/lesson-s12-0-1.5m.mp4');
    await session.page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    await waitForStored(session.page, 'lesson-s12-0-1.5m');
  });
  afterAll(async () => session?.close());

  it('shows what to press when nothing is logged', async () => {
    await expect(session.page.getByTestId('evidence-empty').textContent()).resolves.toMatch(/Teacher question/);
  });

  it('logs every kind with its key while the video plays', async () => {
    const { page } = session;
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.play());
    const before = (await entries()).length;
    for (const [k, key] of ['q', 'p', 's', 'n', 'l', 'm'].entries()) {
      await page.keyboard.press(key);
      // Each key's entry is stored before the next key, as a coach's presses a moment apart are.
      await expect.poll(async () => (await entries()).length).toBe(before + k + 1);
    }
    // The video kept playing throughout.
    expect(await page.locator('video').evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.pause());
    await seek(40);
    await page.keyboard.press('i');
    await seek(44);
    await page.keyboard.press('i');
    await seek(52);
    await page.keyboard.press('i');
    await expect.poll(async () => (await entries()).length).toBe(7);
    const stored = await entries();
    expect(stored.map((e) => e.kind).sort()).toEqual(['incident', 'interaction', 'language', 'movement', 'pupil_question', 'strength', 'teacher_question']);
    const incident = stored.find((e) => e.kind === 'incident')!;
    expect([incident.trigger, incident.incidentStart, incident.outcome]).toEqual([40, 44, 52]);
    expect(await page.getByTestId('entry').count()).toBe(7);
    expect(await page.locator('[data-testid="entry-marker"]').count()).toBe(7);
  });

  it('measures wait time 1 automatically for a teacher question', async () => {
    const question = (await entries()).find((e) => e.kind === 'teacher_question')!;
    expect(question.waitTimeSource).toBe('auto');
    // Measured from the voice-activity timeline: a pause after speech, not more than a few seconds in this lesson.
    if (question.waitTime1 !== null) expect(question.waitTime1).toBeLessThan(10);
  });

  it('cancels an incident with Esc', async () => {
    const { page } = session;
    await page.keyboard.press('i');
    await page.getByTestId('incident-draft').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('incident-draft').waitFor({ state: 'detached' });
    expect(await page.getByTestId('entry').count()).toBe(7);
  });

  it('edits a note and tags without triggering shortcuts, and persists each keystroke', async () => {
    const { page } = session;
    await page.locator('[data-testid="entry"][data-kind="strength"] button.title').click();
    const note = page.locator('[data-testid="entry"][data-kind="strength"] [data-testid="entry-note"]');
    await note.click();
    await page.keyboard.type('Quick settling: pupils started at once');
    await page.locator('[data-testid="entry"][data-kind="strength"] [data-testid="entry-tags"]').fill('routines, Settling');
    await page.locator('[data-testid="entry"][data-kind="strength"] [data-testid="entry-tags"]').press('Tab');
    await expect.poll(async () => (await entries()).find((e) => e.kind === 'strength')?.note).toBe('Quick settling: pupils started at once');
    const strength = (await entries()).find((e) => e.kind === 'strength')!;
    expect(strength.tags).toEqual(['routines', 'Settling']);
    // Typing "q", "s", "p", "i"… in the note logged nothing.
    expect((await entries()).length).toBe(7);
  });

  it('undoes and redoes with Ctrl+Z / Ctrl+Shift+Z', async () => {
    const { page } = session;
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Control+z'); // the tags
    await page.keyboard.press('Control+z'); // the note (typing merged into one step)
    await expect.poll(async () => (await entries()).find((e) => e.kind === 'strength')?.note).toBe('');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await entries()).find((e) => e.kind === 'strength')?.note).toBe('Quick settling: pupils started at once');
    expect((await entries()).find((e) => e.kind === 'strength')?.tags).toEqual([]);
    await page.keyboard.press('Control+y');
    await expect.poll(async () => (await entries()).find((e) => e.kind === 'strength')?.tags).toEqual(['routines', 'Settling']);
    await seek(70);
    await page.keyboard.press('s');
    await expect.poll(async () => (await entries()).length).toBe(8);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await entries()).length).toBe(7);
  });

  it('classifies questions and shows the statistics', async () => {
    const { page } = session;
    await page.locator('[data-testid="entry"][data-kind="teacher_question"] button.title').click();
    await page.locator('[data-testid="entry"][data-kind="teacher_question"] [data-testid="q-openness"]').selectOption('open');
    await page.locator('[data-testid="entry"][data-kind="teacher_question"] [data-testid="q-wait1"]').fill('3.5');
    await page.locator('[data-testid="entry"][data-kind="teacher_question"] [data-testid="q-wait1"]').press('Enter');
    await page.locator('[data-testid="entry"][data-kind="pupil_question"] button.title').click();
    await page.locator('[data-testid="entry"][data-kind="pupil_question"] [data-testid="pq-initiative"]').selectOption('proactive');
    await expect.poll(() => page.getByTestId('stat-median-wait1').textContent()).toBe('3.50 s');
    // The pupil question's initiative was chosen last: wait for its figure before reading the others.
    await expect.poll(() => page.getByTestId('stat-proactive').textContent()).toBe('1 / 0');
    expect(await page.getByTestId('stat-teacher-questions').textContent()).toBe('1');
    expect(await page.getByTestId('stat-open-share').textContent()).toBe('100%');
    // One question in a 90.5 s lesson (the generated 90 s plus the encoder's padding): 6.6 per 10 minutes.
    expect(await page.getByTestId('stat-per-ten').textContent()).toBe('6.6');
    const question = (await entries()).find((e) => e.kind === 'teacher_question')!;
    expect(question).toMatchObject({ waitTime1: 3.5, waitTimeSource: 'coach', questionType: { openness: 'open' } });
  });

  it('filters by lens, tag and text, and clicking an entry seeks the video', async () => {
    const { page } = session;
    await page.locator('[data-testid="lens-tab"][data-lens="strengths"]').click();
    await expect(page.getByTestId('lens-guide').textContent()).resolves.toMatch(/Lofthouse, Leat & Towler/);
    expect(await page.getByTestId('entry').count()).toBe(1);
    await page.getByTestId('lens-all').click();
    await page.getByTestId('tag-filter').selectOption('routines');
    expect(await page.getByTestId('entry').count()).toBe(1);
    await page.getByTestId('tag-filter').selectOption('');
    await page.getByTestId('entry-search').fill('SETTLING');
    expect(await page.getByTestId('entry').count()).toBe(1);
    await page.getByTestId('entry-search').fill('');
    await page.locator('[data-testid="entry"][data-kind="incident"] [data-testid="entry-time"]').click();
    expect(await page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(40, 0);
  });

  it('replays an incident from trigger to outcome', async () => {
    const { page } = session;
    await page.locator('[data-testid="entry"][data-kind="incident"] button.title').click();
    await page.locator('[data-testid="replay-incident"]').click();
    expect(await page.getByTestId('loop-state').getAttribute('data-looping')).toBe('true');
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 41);
    await page.keyboard.press('\\');
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.pause());
  });

  it('finds everything again after a reload', async () => {
    const { page } = session;
    const before = await entries();
    await page.reload();
    await page.getByTestId('entry').first().waitFor();
    expect(await page.getByTestId('entry').count()).toBe(7);
    expect(await entries()).toEqual(before);
    expect(session.pageErrors).toEqual([]);
  });
});
