/** Meeting mode: clips made each way, a loop that never leaves its clip, perspectives per replay, the record. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, importFiles, openApp, readTable, until, waitForStored, type Session } from './harness';

type Clip = { id: string; title: string; start: number; end: number; order: number; annotationIds: string[]; replayCount: number; perspectiveNotes: Record<string, string> };
type Meeting = { focus: string; actionSteps: Array<{ text: string; owner: string; due: string }>; nextMeeting: string | null; notes: Array<{ author: string; text: string }> };

describe('meeting mode', () => {
  let session: Session;
  let lessonUrl = '';
  const clips = async () => (await readTable<Clip>(session.page, 'clips')).sort((a, b) => a.order - b.order);
  const seek = (t: number) => session.page.locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);

  beforeAll(async () => {
    session = await openApp();
    await importFiles(session.page, 'lesson.mp4');
    await session.page.waitForURL(/#\/lesson\//);
    await waitForStored(session.page, 'lesson');
    lessonUrl = session.page.url();
    await session.page.reload();
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
  });
  afterAll(async () => session?.close());

  it('makes clips from loop points, from an entry, from an incident and from a drag on the waveform', async () => {
    const { page } = session;
    await seek(4);
    await page.keyboard.press('[');
    await seek(6.5);
    await page.keyboard.press(']');
    await page.getByTestId('clip-from-loop').click();
    await seek(12);
    await page.keyboard.press('s');
    await page.locator('[data-testid="entry"][data-kind="strength"] [data-testid="entry-clip"]').click();
    await seek(15);
    await page.keyboard.press('i');
    await seek(16);
    await page.keyboard.press('i');
    await seek(18);
    await page.keyboard.press('i');
    // A newly logged entry opens its editor.
    await page.locator('[data-testid="entry"][data-kind="incident"] [data-testid="entry-clip"]').click();
    await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 60_000 });
    const wave = page.getByTestId('waveform');
    const box = (await wave.boundingBox())!;
    await wave.scrollIntoViewIfNeeded();
    const box2 = (await wave.boundingBox())!;
    await page.mouse.move(box2.x + box2.width * 0.7, box2.y + 40);
    await page.mouse.down();
    await page.mouse.move(box2.x + box2.width * 0.8, box2.y + 40, { steps: 8 });
    await page.mouse.up();
    expect(box.width).toBeGreaterThan(0);
    await expect.poll(async () => (await clips()).length).toBe(4);
    const [fromLoop, fromEntry, fromIncident, fromDrag] = await clips();
    expect([fromLoop.start, fromLoop.end]).toEqual([4, 6.5]);
    expect(fromEntry.start).toBeCloseTo(7, 1);
    expect(fromEntry.end).toBeCloseTo(17, 1);
    expect(fromEntry.annotationIds).toHaveLength(1);
    expect([fromIncident.start, fromIncident.end]).toEqual([13, 20]);
    const duration = await page.locator('video').evaluate((v: HTMLVideoElement) => v.duration);
    expect(fromDrag.start / duration).toBeGreaterThan(0.65);
    expect(fromDrag.end / duration).toBeLessThan(0.85);
    expect(await page.getByTestId('clip-count').textContent()).toMatch(/4 clips/);
  });

  it('loops a clip without leaving it; the counter and the perspective advance at each replay', async () => {
    const { page } = session;
    await page.getByTestId('open-meeting').click();
    await page.waitForURL(/\/meeting$/);
    await page.getByTestId('clip-item').first().waitFor();
    expect(await page.locator('video').count()).toBe(1);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
    expect(await page.getByTestId('replay-counter').getAttribute('data-replays')).toBe('0');
    expect(await page.getByTestId('perspective').getAttribute('data-perspective')).toBe('teacher');
    await page.keyboard.press(' ');
    // Sample the presented frames for three passes of the 2.5 s clip.
    const samples = await page.evaluate(async () => {
      const video = document.querySelector('video')!;
      const seen: number[] = [];
      const until = performance.now() + 8500;
      await new Promise<void>((resolve) => {
        const step = (_: number, meta: VideoFrameCallbackMetadata) => {
          seen.push(meta.mediaTime);
          if (performance.now() < until) video.requestVideoFrameCallback(step);
          else resolve();
        };
        video.requestVideoFrameCallback(step);
      });
      return seen;
    });
    await page.keyboard.press(' ');
    expect(samples.length).toBeGreaterThan(50);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(4 - 0.001);
    expect(Math.max(...samples)).toBeLessThan(6.5);
    const replays = Number(await page.getByTestId('replay-counter').getAttribute('data-replays'));
    expect(replays).toBeGreaterThanOrEqual(3);
    const perspectives = ['teacher', 'pupils', 'trigger_outcome', 'language', 'body'];
    expect(await page.getByTestId('perspective').getAttribute('data-perspective')).toBe(perspectives[replays % 5]);
    await page.getByTestId('perspective-note').fill('Waits, then names a pupil');
    await expect.poll(async () => (await clips())[0].perspectiveNotes[perspectives[replays % 5]]).toBe('Waits, then names a pupil');
    expect((await clips())[0].replayCount).toBe(replays);
  });

  it('moves between clips and reorders them with the keyboard', async () => {
    const { page } = session;
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('current-clip-title').textContent()).resolves.toMatch(/Strength/);
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(async () => (await clips())[0].title).toMatch(/Strength/);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await clips())[0].start).toBe(4);
  });

  it('undoes and redoes with the same keys and the same words as the workbench (issue 20: Ctrl+Y, a toast)', async () => {
    const { page } = session;
    const order = async () => (await clips()).map((c) => c.id);
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    const before = await order();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(order).not.toEqual(before);
    const moved = await order();
    await page.keyboard.press('Control+z');
    await expect.poll(order).toEqual(before);
    await page.getByTestId('toast').filter({ hasText: 'Undone: Reorder clips' }).waitFor({ timeout: 5_000 });
    await page.keyboard.press('Control+y');
    await expect.poll(order).toEqual(moved);
    await page.getByTestId('toast').filter({ hasText: 'Redone: Reorder clips' }).waitFor({ timeout: 5_000 });
  });

  it('writes the meeting record and finds it all after a reload', async () => {
    const { page } = session;
    await expect(page.getByTestId('meeting-reminder').textContent()).resolves.toMatch(/action step and the date of the next meeting/);
    await page.getByTestId('meeting-focus').fill('Wait time after open questions');
    await page.getByTestId('action-add').click();
    await page.getByTestId('action-text').fill('Count to five silently after every open question in period 3');
    await page.getByTestId('action-owner').fill('Ms Okafor');
    await page.getByTestId('action-due').fill('2026-12-04');
    await page.getByTestId('meeting-next').fill('2026-12-07');
    await page.getByTestId('meeting-note-input').fill('Teacher: felt rushed in the starter');
    await page.getByTestId('meeting-note-input').press('Enter');
    await page.getByTestId('meeting-reminder').waitFor({ state: 'detached' });
    // Every edit is written at once; reload once the last one (the note) has reached the database.
    await until(async () => (await readTable<Meeting>(page, 'meetings'))[0]?.notes.length === 1, 5_000, 'the note stored');
    await page.reload();
    await page.getByTestId('meeting-record').waitFor();
    const [meeting] = await readTable<Meeting>(page, 'meetings');
    expect(meeting).toMatchObject({
      focus: 'Wait time after open questions',
      nextMeeting: '2026-12-07',
      actionSteps: [{ text: 'Count to five silently after every open question in period 3', owner: 'Ms Okafor', due: '2026-12-04' }],
    });
    expect(meeting.notes.map((n) => n.text)).toEqual(['Teacher: felt rushed in the starter']);
    await expect.poll(() => page.getByTestId('meeting-focus').inputValue()).toBe('Wait time after open questions');
    await expect.poll(() => page.getByTestId('clip-item').count()).toBe(4);
    expect(session.pageErrors).toEqual([]);
    expect(lessonUrl).toContain(APP_URL);
  });
});
