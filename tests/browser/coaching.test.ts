/**
 * Coaching cycles (issue 22): a teacher with two cycles in the library, the first lesson's meeting
 * agreeing two action steps and a date, the second lesson reviewing them beside its evidence, and the
 * teacher's trend with a point per lesson for each figure; reload keeps it all. With REFRAME_SHOTS set
 * to a folder, the library, the previous-steps panel and the trend are saved there at 1280x720.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_GUIDES } from '../../src/core/guides';
import { APP_URL, importStored, openApp, readTable, until, type Session } from './harness';

type Lesson = { id: string; title: string; cycleId?: string | null };
type Cycle = { id: string; coacheeId: string; focus: string; themeId: string | null; stepReviews: Array<{ stepId: string; status: string; entryId: string | null }> };
type Meeting = { lessonId: string; actionSteps: Array<{ id: string; text: string; due: string }>; nextMeeting: string | null };

const SHOTS = process.env.REFRAME_SHOTS;
const CLASSROOM_TALK = BUILT_IN_GUIDES.find((g) => g.id === 'classroom_talk')!;
const STEP_1 = 'Wait five seconds after every open question';
const STEP_2 = 'Ask pupils to build on an answer before correcting it';

describe('coaching cycles', () => {
  let session: Session;
  const lessons: Record<string, string> = {};
  let entryId = '';
  const library = () => session.page.goto(`${APP_URL}#/`);
  const shot = async (name: string, top?: string) => {
    if (!SHOTS) return;
    await session.page.setViewportSize({ width: 1280, height: 720 });
    // Below the sticky header.
    if (top) await session.page.locator(top).first().evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70));
    await session.page.screenshot({ path: join(SHOTS, `${name}.png`) });
    await session.page.setViewportSize({ width: 1440, height: 900 });
  };
  const card = (title: string) => session.page.locator(`[data-testid="lesson-item"][data-lesson-id="${lessons[title]}"]`);
  const cycles = () => readTable<Cycle>(session.page, 'cycles');

  beforeAll(async () => {
    session = await openApp();
    for (const name of ['lesson.mp4', 'second-lesson.mp4']) {
      await importStored(session.page, name);
      await library();
    }
    for (const l of await readTable<Lesson>(session.page, 'lessons')) lessons[l.title] = l.id;
  });
  afterAll(async () => session?.close());

  it('adds a teacher by name only, and a cycle with the pre-lesson focus and the classroom-talk guide', async () => {
    const { page } = session;
    await page.getByTestId('add-coachee').click();
    await expect(page.getByTestId('coaching-error').textContent()).resolves.toMatch(/name or a pseudonym/);
    await page.getByTestId('coachee-name-input').fill('  Ms   Okafor ');
    await page.getByTestId('add-coachee').click();
    const teacher = page.getByTestId('coachee-item');
    await expect(teacher.locator('header h3').textContent()).resolves.toBe('Ms Okafor');
    await teacher.getByTestId('new-cycle').click();
    await teacher.getByTestId('cycle-focus-input').fill('More pupils explain their thinking');
    await teacher.getByTestId('guide-select').selectOption('classroom_talk');
    // The guide offers its lenses and evidence as a start; the coach takes one lens off.
    const checked = () => teacher.locator('[data-testid="cycle-lens"]:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    await expect.poll(checked).toEqual(['time_use', 'questions', 'pupil_questions', 'language']);
    expect(await teacher.getByTestId('cycle-evidence-input').inputValue()).not.toBe('');
    await teacher.locator('[data-testid="cycle-lens"][value="language"]').uncheck();
    await teacher.getByTestId('cycle-evidence-input').fill('Pupils’ answers of more than one sentence\nWho speaks after the teacher');
    await teacher.getByTestId('add-cycle').click();
    await expect(teacher.getByTestId('cycle-item').getByTestId('cycle-focus').textContent()).resolves.toBe('Focus: More pupils explain their thinking');
    await expect(teacher.getByTestId('cycle-agreed').textContent()).resolves.toMatch(/Time use, Questions, Pupils.*2 kinds of evidence/s);
    const [cycle] = await cycles();
    expect(cycle).toMatchObject({
      focus: 'More pupils explain their thinking',
      themeId: 'classroom_talk',
      lenses: ['time_use', 'questions', 'pupil_questions'],
      evidenceToCollect: ['Pupils’ answers of more than one sentence', 'Who speaks after the teacher'],
    });
    // The lesson moves from the loose list into the cycle.
    await card('lesson').getByTestId('lesson-cycle-select').selectOption(cycle.id);
    await teacher.getByTestId('cycle-item').locator(`[data-lesson-id="${lessons.lesson}"]`).waitFor();
    expect(await page.getByTestId('lesson-list').locator(`[data-lesson-id="${lessons.lesson}"]`).count()).toBe(0);
    expect((await readTable<Lesson>(page, 'lessons')).find((l) => l.id === lessons.lesson)?.cycleId).toBe(cycle.id);
  });

  it('lesson 1: evidence, then a meeting with two action steps and the next date; the library shows the date and the overdue steps', async () => {
    const { page } = session;
    await card('lesson').getByRole('button', { name: 'Open', exact: true }).click();
    await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    // The first cycle has no cycle before it: no previous steps.
    expect(await page.getByTestId('previous-steps').count()).toBe(0);
    await page.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 5));
    await page.keyboard.press('s');
    await until(async () => (await readTable(page, 'entries')).length === 1, 5_000, 'the entry stored');
    // A newly logged entry opens its editor, where the clip is made.
    await page.locator('[data-testid="entry"][data-kind="strength"] [data-testid="entry-clip"]').click();
    await expect.poll(async () => (await readTable(page, 'clips')).length).toBe(1);
    await page.getByTestId('open-meeting').click();
    // Nothing earlier to set beside the first cycle's clips.
    await page.getByTestId('meeting-record').waitFor();
    expect(await page.getByTestId('then-now').count()).toBe(0);
    await page.getByTestId('action-add').click();
    await page.getByTestId('action-add').click();
    await page.getByTestId('action-text').nth(0).fill(STEP_1);
    await page.getByTestId('action-due').nth(0).fill('2026-01-15');
    await page.getByTestId('action-text').nth(1).fill(STEP_2);
    await page.getByTestId('action-due').nth(1).fill('2026-01-16');
    await page.getByTestId('meeting-next').fill('2026-01-20');
    await until(
      async () => (await readTable<Meeting>(page, 'meetings')).some((m) => m.nextMeeting === '2026-01-20' && m.actionSteps.filter((s) => s.text && s.due).length === 2),
      5_000,
      'the meeting record stored',
    );
    await library();
    const cycle = page.getByTestId('cycle-item');
    await expect(cycle.getByTestId('cycle-next-meeting').textContent()).resolves.toBe('2026-01-20');
    await expect(cycle.getByTestId('cycle-theme').textContent()).resolves.toMatch(/talk/i);
    await expect.poll(() => cycle.getByTestId('cycle-overdue').locator('li').allTextContents()).toEqual([
      expect.stringContaining(STEP_1),
      expect.stringContaining(STEP_2),
    ]);
  });

  it('lesson 2 in a second cycle shows both steps beside its evidence; one is marked done with a linked entry, and a reload keeps it', async () => {
    const { page } = session;
    const teacher = page.getByTestId('coachee-item');
    await teacher.getByTestId('new-cycle').click();
    await teacher.getByTestId('cycle-focus-input').fill('Pupils build on each other’s answers');
    await teacher.getByTestId('guide-select').selectOption('classroom_talk');
    await teacher.getByTestId('add-cycle').click();
    await expect.poll(async () => (await cycles()).length).toBe(2);
    const second = (await cycles()).find((c) => c.focus.startsWith('Pupils build'))!;
    await card('second-lesson').getByTestId('lesson-cycle-select').selectOption(second.id);
    // Newest cycle first.
    await expect.poll(() => teacher.getByTestId('cycle-item').first().getAttribute('data-cycle-id')).toBe(second.id);
    await expect.poll(() => teacher.getByTestId('cycle-item').first().locator(`[data-lesson-id="${lessons['second-lesson']}"]`).count()).toBe(1);
    await shot('library-by-coachee', '[data-testid="teachers"]');

    await card('second-lesson').getByRole('button', { name: 'Open', exact: true }).click();
    await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    const steps = page.getByTestId('previous-step');
    await expect.poll(() => steps.count()).toBe(2);
    await expect(steps.nth(0).textContent()).resolves.toContain(STEP_1);
    await expect(steps.nth(1).textContent()).resolves.toContain(STEP_2);
    expect(await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['unmarked', 'unmarked']);
    await page.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 8));
    await page.keyboard.press('s');
    await until(async () => (await readTable<{ lessonId: string }>(page, 'entries')).some((e) => e.lessonId === lessons['second-lesson']), 5_000, 'the entry stored');
    entryId = (await readTable<{ id: string; lessonId: string }>(page, 'entries')).find((e) => e.lessonId === lessons['second-lesson'])!.id;
    await steps.nth(0).getByTestId('step-done').click();
    await expect.poll(() => steps.nth(0).getAttribute('data-status')).toBe('done');
    await steps.nth(0).getByTestId('step-entry').selectOption(entryId);
    await steps.nth(1).getByTestId('step-not_yet').click();
    await until(async () => (await cycles()).find((c) => c.id === second.id)?.stepReviews.some((r) => r.entryId === entryId) ?? false, 5_000, 'the link stored');
    await page.reload();
    await expect.poll(() => steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['done', 'not_yet']);
    await expect(steps.nth(0).getByTestId('step-entry').inputValue()).resolves.toBe(entryId);
    await expect(steps.nth(0).getByTestId('step-entry-go').textContent()).resolves.toBe('Go to 0:08');
    await shot('previous-steps');
    // The post-lesson meeting starts by reviewing them: the same marks in meeting mode.
    // The cycle's lenses come first, and a lens shows the guide's prompts before its own questions.
    const lensOrder = await page.getByTestId('lens-tab').evaluateAll((els) => els.map((e) => e.getAttribute('data-lens')));
    expect(lensOrder.slice(0, 5)).toEqual(['time_use', 'questions', 'pupil_questions', 'language', 'strengths']);
    await page.locator('[data-testid="lens-tab"][data-lens="questions"]').click();
    await expect(page.getByTestId('lens-guide-prompt').first().textContent()).resolves.toBe(CLASSROOM_TALK.discussionPrompts[0]);
    await page.getByTestId('lens-all').click();
    await page.locator('[data-testid="entry"][data-kind="strength"] button.title').click();
    await page.locator('[data-testid="entry"][data-kind="strength"] [data-testid="entry-clip"]').click();
    await expect.poll(async () => (await readTable<{ lessonId: string }>(page, 'clips')).filter((c) => c.lessonId === lessons['second-lesson']).length).toBe(1);
    await page.getByTestId('open-meeting').click();
    const inMeeting = page.getByTestId('meeting-mode').getByTestId('previous-step');
    await expect.poll(() => inMeeting.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['done', 'not_yet']);
    // The cycle's guide puts its discussion prompts first among the perspectives of a replay.
    await page.getByTestId('clip-item').first().click();
    await expect.poll(() => page.getByTestId('perspective').getAttribute('data-perspective')).toBe('guide:classroom_talk:1');
    await expect(page.getByTestId('perspective').textContent()).resolves.toContain('Classroom talk (1)');
    // Then and now: lesson 1's clip loops beside this one's, both playing.
    const thenClip = (await readTable<{ id: string; lessonId: string; start: number; end: number }>(page, 'clips')).find((c) => c.lessonId === lessons.lesson)!;
    await page.getByTestId('then-clip-select').selectOption(thenClip.id);
    const then = page.getByTestId('then-video');
    await page.waitForFunction(() => ((document.querySelector('[data-testid="then-video"]') as HTMLVideoElement | null)?.readyState ?? 0) >= 2);
    await then.evaluate((v: HTMLVideoElement, end) => (v.currentTime = end - 0.3), thenClip.end);
    await expect.poll(() => then.getAttribute('data-replays'), { timeout: 10_000 }).toBe('1');
    const thenTimes = async () => then.evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, paused: v.paused }));
    const a = await thenTimes();
    await expect.poll(async () => (await thenTimes()).t, { timeout: 5_000 }).toBeGreaterThan(a.t);
    const b = await thenTimes();
    expect(b.paused).toBe(false);
    expect(b.t).toBeGreaterThanOrEqual(thenClip.start - 0.1);
    expect(b.t).toBeLessThan(thenClip.end);
    const nowVideo = page.locator('[data-testid="meeting-mode"] .player video');
    await nowVideo.evaluate((v: HTMLVideoElement) => v.play());
    const t0 = await nowVideo.evaluate((v: HTMLVideoElement) => v.currentTime);
    await expect.poll(() => nowVideo.evaluate((v: HTMLVideoElement, start) => v.currentTime !== start && !v.paused, t0), { timeout: 5_000 }).toBe(true);
    expect(await then.evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
    await shot('then-and-now');

    // The step marked done is no longer overdue in the library; the one not yet done still is.
    await library();
    const first = teacher.getByTestId('cycle-item').nth(1);
    await expect.poll(() => first.getByTestId('cycle-overdue').locator('li').allTextContents()).toEqual([expect.stringContaining(STEP_2)]);
    // The second cycle's pre-lesson record changes; its step marks stay.
    const newest = teacher.getByTestId('cycle-item').first();
    await newest.getByTestId('edit-cycle').click();
    await expect(teacher.getByTestId('cycle-focus-input').inputValue()).resolves.toBe('Pupils build on each other’s answers');
    await teacher.getByTestId('cycle-focus-input').fill('Pupils build on each other’s answers, in pairs first');
    await teacher.getByTestId('save-cycle').click();
    await expect.poll(() => newest.getByTestId('cycle-focus').textContent()).toBe('Focus: Pupils build on each other’s answers, in pairs first');
    const edited = (await cycles()).find((c) => c.id === second.id)!;
    expect(edited.stepReviews.map((r) => r.status).sort()).toEqual(['done', 'not_yet']);
  });

  it('shows the teacher’s trend with a point per lesson for each figure, after a reload too, and downloads it as CSV', async () => {
    const { page } = session;
    await page.getByTestId('coachee-item').getByTestId('open-trend').click();
    await page.waitForURL(/#\/coachee\/.+\/trend$/);
    const chart = page.getByTestId('trend-chart');
    const circles = (figure: string) => chart.locator(`g[data-figure="${figure}"] circle`).count();
    for (const figure of ['teacher_talk', 'discussion', 'group_work', 'independent_work', 'pupil_questions', 'proactive_pupil_questions']) {
      await expect.poll(() => circles(figure), { message: figure }).toBe(2);
    }
    await shot('trend-chart');
    await page.reload();
    await expect.poll(() => circles('teacher_talk')).toBe(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trend-csv').click()]);
    expect(download.suggestedFilename()).toBe('Ms-Okafor-trend.csv');
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(session.pageErrors).toEqual([]);
  });

  it('restores the teacher’s record from its zip on a fresh profile onto the same videos', async () => {
    const { page } = session;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-coachee').click()]);
    expect(download.suggestedFilename()).toMatch(/\.reframe-coachee\.zip$/);
    const zip = join(mkdtempSync(join(tmpdir(), 'reframe-coachee-')), download.suggestedFilename());
    await download.saveAs(zip);
    const fresh = await openApp();
    try {
      const other = fresh.page;
      const home = () => other.goto(`${APP_URL}#/`);
      await importStored(other, 'lesson.mp4');
      await home();
      // Without the second lesson's video the coach is told which one is missing, and nothing is written.
      await other.getByTestId('import-coachee-input').setInputFiles(zip);
      await expect(other.getByTestId('coachee-import-missing').textContent()).resolves.toContain('second-lesson');
      await other.getByRole('button', { name: 'Cancel' }).click();
      expect(await readTable(other, 'coachees')).toHaveLength(0);
      await importStored(other, 'second-lesson.mp4');
      await home();
      await other.getByTestId('import-coachee-input').setInputFiles(zip);
      await expect(other.getByTestId('coachee-import-done').textContent()).resolves.toMatch(/2 lessons restored into 2 cycles/);
      const teacher = other.getByTestId('coachee-item');
      await expect(teacher.locator('header h3').textContent()).resolves.toBe('Ms Okafor');
      await expect.poll(() => teacher.getByTestId('cycle-item').count()).toBe(2);
      await expect.poll(() => teacher.getByTestId('lesson-item').count()).toBe(2);
      await teacher.getByTestId('cycle-item').first().getByRole('button', { name: 'Open', exact: true }).click();
      const steps = other.getByTestId('previous-step');
      await expect.poll(() => steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['done', 'not_yet']);
      await expect(steps.nth(0).getByTestId('step-entry-go').textContent()).resolves.toBe('Go to 0:08');
      expect(fresh.pageErrors).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('edits a built-in guide, makes a new one, and shares guides as files', async () => {
    const { page } = session;
    await library();
    const shelf = page.getByTestId('guide-shelf');
    await shelf.locator('summary').click();
    const items = shelf.getByTestId('guide-item');
    await expect.poll(() => items.count()).toBe(6);
    // The school's copy of the classroom-talk guide is what the cycles that chose it show.
    await shelf.locator('[data-guide-id="classroom_talk"]').getByTestId('guide-edit').click();
    await shelf.getByTestId('guide-name-input').fill('Classroom talk (our school)');
    await shelf.getByTestId('guide-save').click();
    await expect.poll(() => shelf.locator('[data-guide-id="classroom_talk"]').textContent()).toContain('built in, edited by you');
    await expect.poll(() => page.getByTestId('cycle-theme').first().textContent()).toBe('Classroom talk (our school)');
    await shelf.getByTestId('guide-new').click();
    await shelf.getByTestId('guide-save').click();
    await expect(shelf.getByTestId('guide-errors').textContent()).resolves.not.toBe('');
    await shelf.getByTestId('guide-name-input').fill('Questioning for depth');
    await shelf.getByTestId('guide-prompts-input').fill('What made this question open?\nWho answered, and who did not?');
    await shelf.getByTestId('guide-save').click();
    await expect.poll(() => items.count()).toBe(7);
    const mine = items.filter({ hasText: 'Questioning for depth' });
    await expect.poll(() => mine.textContent()).toMatch(/your own · 2 prompts/);
    await shot('guides', '[data-testid="guide-shelf"]');
    await page.getByTestId('new-cycle').click();
    expect(await page.getByTestId('guide-select').locator('option').allTextContents()).toContain('Questioning for depth');
    await page.getByTestId('new-cycle').click();
    const [file] = await Promise.all([page.waitForEvent('download'), mine.getByTestId('guide-export').click()]);
    expect(file.suggestedFilename()).toMatch(/\.reframe-guide\.json$/);
    // Importing a guide the coach already has adds it beside, under a new id; a damaged file is refused in plain words.
    await shelf.getByTestId('guide-import-input').setInputFiles((await file.path())!);
    await expect.poll(() => shelf.getByTestId('guide-message').textContent()).toMatch(/added beside it/);
    await expect.poll(() => items.filter({ hasText: 'Questioning for depth' }).count()).toBe(2);
    await shelf.getByTestId('guide-import-input').setInputFiles({ name: 'broken.reframe-guide.json', mimeType: 'application/json', buffer: Buffer.from('{"name":') });
    await expect(shelf.getByTestId('guide-errors').textContent()).resolves.not.toBe('');
    await page.reload();
    await page.getByTestId('guide-shelf').locator('summary').click();
    await expect.poll(() => page.getByTestId('guide-item').count()).toBe(8);
  });

  it('deletes the teacher and everything of theirs only once their name is typed', async () => {
    const { page } = session;
    await library();
    await page.getByTestId('delete-coachee').click();
    await page.getByTestId('delete-coachee-name').fill('Ms Okafo');
    await page.getByTestId('confirm-yes').click();
    await expect(page.getByTestId('confirm-dialog').getByRole('alert').textContent()).resolves.toMatch(/Type the teacher’s name exactly/);
    expect(await cycles()).toHaveLength(2);
    await page.getByTestId('delete-coachee-name').fill('Ms Okafor');
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('coachee-item').waitFor({ state: 'detached' });
    await expect.poll(async () => (await readTable(page, 'lessons')).length).toBe(0);
    expect(await cycles()).toHaveLength(0);
    expect(await readTable(page, 'coachees')).toHaveLength(0);
  });
});
