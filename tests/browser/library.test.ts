/** Journey: import → plays → reload → listed and plays after a seek → rename → delete (storage freed). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectPlaying, importFiles, openApp, readTable, storageUsage, until, videoState, waitForImports, waitForStored, type Session } from './harness';

describe('lesson library', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
  });
  afterAll(async () => session?.close());

  it('starts with an empty library that says what to do', async () => {
    const empty = session.page.getByTestId('library-empty');
    await expect(empty.textContent()).resolves.toMatch(/Import a lesson recording/);
    expect(await session.page.getByTestId('lesson-item').count()).toBe(0);
  });

  it('plays a lesson at once while storing it, then lists it', async () => {
    const { page } = session;
    await importFiles(page, 'lesson.mp4');
    await page.waitForURL(/#\/lesson\//);
    await page.locator('video').waitFor();
    expect(await page.locator('video').count()).toBe(1);
    await expectPlaying(page);
    await waitForStored(page, 'lesson');
    const lessons = await readTable(page, 'lessons');
    expect(lessons).toHaveLength(1);
    expect(lessons[0]).toMatchObject({ title: 'lesson', status: 'ready', hasAudio: true, playability: 'full' });
    expect(lessons[0].duration as number).toBeGreaterThan(15);
    const chunks = await readTable<{ blob: { blobSize: number } }>(page, 'videoChunks');
    expect(chunks.reduce((s, c) => s + c.blob.blobSize, 0)).toBe(lessons[0].size);
    expect(await readTable(page, 'posters')).toHaveLength(1);
    await page.goto(page.url().replace(/#.*$/, '#/'));
    const item = page.getByTestId('lesson-item');
    await expect(item.textContent()).resolves.toContain('lesson');
    await expect(item.locator('img').getAttribute('src')).resolves.toMatch(/^blob:/);
  });

  it('keeps the lesson across a browser restart, and it plays after a seek', async () => {
    await session.restart();
    const { page } = session;
    await page.getByTestId('lesson-item').filter({ hasText: 'lesson' }).click();
    await page.waitForURL(/#\/lesson\//);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1);
    await page.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 12));
    const t = await expectPlaying(page);
    expect(t).toBeGreaterThan(12);
    expect((await videoState(page)).videoWidth).toBe(320);
  });

  it('edits the lesson details and keeps them', async () => {
    const { page } = session;
    await page.getByTestId('tab-lesson').click();
    await page.getByTestId('lesson-title-input').fill('Year 8 photosynthesis');
    await page.getByLabel('Teacher', { exact: true }).fill('Ms Okafor');
    // Each keystroke is written at once; leave only once the last one has reached the database.
    await until(async () => (await readTable<{ teacher: string }>(page, 'lessons')).some((l) => l.teacher === 'Ms Okafor'), 5_000, 'the teacher stored');
    await page.goto(page.url().replace(/#.*$/, '#/'));
    await page.reload();
    const item = page.getByTestId('lesson-item');
    await expect(item.textContent()).resolves.toContain('Year 8 photosynthesis');
    await expect(item.textContent()).resolves.toContain('Ms Okafor');
  });

  it('renames from the library', async () => {
    const { page } = session;
    await page.getByTestId('rename-lesson').click();
    await page.getByTestId('rename-input').fill('Photosynthesis, set 2');
    await page.getByTestId('rename-input').press('Enter');
    await until(async () => (await readTable<{ title: string }>(page, 'lessons'))[0]?.title === 'Photosynthesis, set 2', 5_000, 'the new title stored');
    await page.reload();
    await expect.poll(() => page.getByTestId('lesson-item').textContent()).toContain('Photosynthesis, set 2');
  });

  it('deletes after confirmation, removing the video and freeing storage', async () => {
    const { page } = session;
    const before = await storageUsage(page);
    await page.getByTestId('delete-lesson').click();
    await expect(page.getByTestId('confirm-dialog').textContent()).resolves.toMatch(/cannot be undone/);
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('library-empty').waitFor();
    expect(await readTable(page, 'lessons')).toHaveLength(0);
    expect(await readTable(page, 'videoChunks')).toHaveLength(0);
    expect(await readTable(page, 'posters')).toHaveLength(0);
    // Chromium frees a deleted Blob's file once no media element or page holds it; a restart guarantees that.
    await session.restart();
    await expect.poll(() => storageUsage(session.page), { timeout: 20_000 }).toBeLessThan(before - 2_000_000);
  });

  it('imports several files at once', async () => {
    const { page } = session;
    await importFiles(page, 'lesson.mp4', 'second-lesson.mp4');
    await page.waitForURL(/#\/lesson\//);
    await expect.poll(async () => (await readTable(page, 'lessons')).filter((l) => l.status === 'ready').length, { timeout: 30_000 }).toBe(2);
    await page.goto(page.url().replace(/#.*$/, '#/'));
    await expect.poll(async () => (await page.getByTestId('lesson-title').allTextContents()).sort()).toEqual(['lesson', 'second-lesson']);
    expect(session.pageErrors).toEqual([]);
  });
});
