/**
 * Issue 18, items 2 and 5: the same video imported twice (the library says so and offers to open
 * the lesson already there, or to keep a second copy), restoring a project onto the second copy
 * without taking anything from the first, and a lesson card that opens wherever it is clicked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { APP_URL, importFiles, openApp, readTable, until, waitForStored, type Session } from './harness';

type Row = { id?: string; lessonId?: string; title?: string; status?: string };
const TABLES = ['entries', 'clips', 'plans', 'meetings'] as const;

/** Rows of the evidence tables that belong to one lesson, by table. */
async function rowsOf(page: Page, lessonId: string): Promise<Record<(typeof TABLES)[number], number>> {
  const counts = {} as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) counts[table] = (await readTable<Row>(page, table)).filter((r) => r.lessonId === lessonId).length;
  return counts;
}

const lessons = (page: Page) => readTable<Row & { id: string; title: string; status: string; createdAt: number }>(page, 'lessons');
const toLibrary = async (page: Page) => {
  await page.goto(APP_URL + '#/');
  await page.getByTestId('lesson-list').waitFor();
};
const lessonIdInUrl = (page: Page) => decodeURIComponent(/#\/lesson\/([^/?]+)/.exec(page.url())?.[1] ?? '');

describe('the same video twice, and restoring onto the second copy', () => {
  let session: Session;
  let originalId = '';
  const work = mkdtempSync(join(tmpdir(), 'reframe-copies-'));
  const seek = (t: number) => session.page.locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);

  beforeAll(async () => {
    session = await openApp();
    const { page } = session;
    await importFiles(page, 'lesson.mp4');
    await page.waitForURL(/#\/lesson\//);
    await waitForStored(page, 'lesson');
    originalId = lessonIdInUrl(page);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
    // Three entries, a clip from one of them and one from loop points, a plan and a meeting record.
    await seek(3);
    await page.keyboard.press('s');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await seek(9);
    await page.keyboard.press('s');
    await page.locator('[data-testid="entry"][data-kind="strength"][data-entry-id] [data-testid="entry-clip"]').last().click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await seek(14);
    await page.keyboard.press('s');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await seek(4);
    await page.keyboard.press('[');
    await seek(7.5);
    await page.keyboard.press(']');
    await page.getByTestId('clip-from-loop').click();
    await page.getByTestId('tab-plan').click();
    await page.getByTestId('plan-add').click();
    await page.getByTestId('open-meeting').click();
    await page.getByTestId('meeting-focus').fill('Wait time after open questions');
    await until(async () => {
      const rows = await rowsOf(page, originalId);
      const [meeting] = (await readTable<{ lessonId: string; focus: string }>(page, 'meetings')).filter((m) => m.lessonId === originalId);
      return rows.entries === 3 && rows.clips === 2 && rows.plans === 1 && meeting?.focus === 'Wait time after open questions';
    }, 15_000, 'three entries, two clips, a plan and a meeting record stored');
  });
  afterAll(async () => session?.close());

  it('says when a video is already in the library, and opens that lesson on request without storing anything', async () => {
    const { page } = session;
    await toLibrary(page);
    await importFiles(page, 'lesson.mp4');
    const notice = page.getByTestId('duplicate-notice');
    await expect(notice.textContent()).resolves.toMatch(/already in your library/);
    // Nothing is stored while the coach decides.
    expect((await lessons(page)).map((l) => l.id)).toEqual([originalId]);
    await notice.getByTestId('duplicate-open').click();
    await page.waitForURL(new RegExp(`#/lesson/${originalId}$`));
    await page.locator('video').waitFor();
    expect((await lessons(page)).map((l) => l.id)).toEqual([originalId]);
    await toLibrary(page);
    expect(await page.getByTestId('duplicate-notice').count()).toBe(0);
    expect(await page.getByTestId('lesson-item').count()).toBe(1);
  });

  it('keeps a second copy on purpose; restoring the project onto it, then deleting it, leaves the original whole', async () => {
    const { page } = session;
    await page.goto(`${APP_URL}#/lesson/${originalId}`);
    await page.getByTestId('tab-lesson').click();
    const download = (await Promise.all([page.waitForEvent('download'), page.getByTestId('export-project').click()]))[0];
    const projectPath = join(work, 'lesson.reframe.json');
    await download.saveAs(projectPath);
    const before = await rowsOf(page, originalId);
    expect(before).toEqual({ entries: 3, clips: 2, plans: 1, meetings: 1 });
    const originalEntries = (await readTable<Row & { id: string }>(page, 'entries')).filter((e) => e.lessonId === originalId);

    await toLibrary(page);
    await importFiles(page, 'lesson.mp4');
    await page.getByTestId('duplicate-keep-copy').click();
    await page.waitForURL(/#\/lesson\//);
    const copyId = lessonIdInUrl(page);
    expect(copyId).not.toBe(originalId);
    await until(async () => (await lessons(page)).some((l) => l.id === copyId && l.status === 'ready'), 60_000, 'the copy stored');
    expect((await lessons(page)).find((l) => l.id === copyId)?.title).toBe('lesson (copy)');

    // Restore the original's project onto the copy: the copy gets its own records, the original keeps its own.
    await page.getByTestId('tab-lesson').click();
    await page.getByTestId('import-project').setInputFiles(projectPath);
    await page.getByTestId('import-project-apply').click();
    await until(async () => (await rowsOf(page, copyId)).entries === 3, 10_000, 'the entries restored onto the copy');
    expect(await rowsOf(page, copyId)).toEqual(before);
    expect(await rowsOf(page, originalId)).toEqual(before);
    expect((await readTable<Row & { id: string }>(page, 'entries')).filter((e) => e.lessonId === originalId)).toEqual(originalEntries);
    // The copy's clip made from an entry points at the copy's own entry.
    const copyEntryIds = new Set((await readTable<Row & { id: string }>(page, 'entries')).filter((e) => e.lessonId === copyId).map((e) => e.id));
    const copyClips = (await readTable<Row & { annotationIds: string[] }>(page, 'clips')).filter((c) => c.lessonId === copyId);
    expect(copyClips.flatMap((c) => c.annotationIds)).toHaveLength(1);
    expect(copyClips.flatMap((c) => c.annotationIds).every((id) => copyEntryIds.has(id))).toBe(true);

    // Delete the copy (both cards carry the same title now: tell them apart by id).
    await toLibrary(page);
    const copyCard = page.locator(`[data-testid="lesson-item"][data-lesson-id="${copyId}"]`);
    await copyCard.getByTestId('delete-lesson').click();
    await page.getByTestId('confirm-yes').click();
    await until(async () => (await page.getByTestId('lesson-item').count()) === 1, 10_000, 'the copy gone from the list');
    expect(await rowsOf(page, copyId)).toEqual({ entries: 0, clips: 0, plans: 0, meetings: 0 });
    expect(await rowsOf(page, originalId)).toEqual(before);
    expect((await readTable<Row & { id: string }>(page, 'entries')).filter((e) => e.lessonId === originalId)).toEqual(originalEntries);

    // And in the app: the original still shows its three entries, two clips and the meeting's focus.
    await page.locator(`[data-testid="lesson-item"][data-lesson-id="${originalId}"] [data-testid="lesson-title"]`).click();
    await page.waitForURL(new RegExp(`#/lesson/${originalId}$`));
    await page.getByTestId('tab-evidence').click();
    await expect.poll(() => page.getByTestId('entry').count()).toBe(3);
    await expect(page.getByTestId('clip-count').textContent()).resolves.toBe('2 clips');
    await page.getByTestId('open-meeting').click();
    await expect.poll(() => page.getByTestId('meeting-focus').inputValue()).toBe('Wait time after open questions');
    expect(session.pageErrors).toEqual([]);
  });
});

describe('a lesson card', () => {
  let session: Session;
  let lessonId = '';
  beforeAll(async () => {
    session = await openApp();
    const { page } = session;
    await importFiles(page, 'second-lesson.mp4');
    await page.waitForURL(/#\/lesson\//);
    await waitForStored(page, 'second-lesson');
    lessonId = lessonIdInUrl(page);
  });
  afterAll(async () => session?.close());

  const card = () => session.page.locator(`[data-testid="lesson-item"][data-lesson-id="${lessonId}"]`);

  it('opens the lesson when its text is clicked', async () => {
    const { page } = session;
    await toLibrary(page);
    await card().getByTestId('lesson-title').click();
    await page.waitForURL(new RegExp(`#/lesson/${lessonId}$`), { timeout: 5_000 });
    await toLibrary(page);
    await card().locator('.meta').click();
    await page.waitForURL(new RegExp(`#/lesson/${lessonId}$`), { timeout: 5_000 });
  });

  it('renames and asks before deleting without opening the lesson', async () => {
    const { page } = session;
    await toLibrary(page);
    await card().getByTestId('rename-lesson').click();
    // The rename field is in the library's card: the lesson did not open.
    await card().getByTestId('rename-input').fill('Renamed lesson');
    await card().getByTestId('rename-input').press('Enter');
    await expect.poll(() => card().getByTestId('lesson-title').textContent()).toBe('Renamed lesson');
    await card().getByTestId('delete-lesson').click();
    await page.getByTestId('confirm-yes').waitFor();
    expect(page.url()).toBe(APP_URL + '#/');
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(await card().count()).toBe(1);
  });
});
