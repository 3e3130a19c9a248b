/** Bad input: each file gets a clear message, and the lesson already in the library is untouched. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectPlaying, importFiles, importStored, openApp, readTable, videoState, waitForImports, waitForStored, type Session } from './harness';

describe('bad input', () => {
  let session: Session;
  let existingSize = 0;
  let existingId = '';

  beforeAll(async () => {
    session = await openApp();
    await importStored(session.page, 'lesson.mp4');
    [{ size: existingSize, id: existingId }] = await readTable<{ size: number; id: string }>(session.page, 'lessons');
  });
  afterAll(async () => session?.close());

  async function importAndReadError(name: string): Promise<string> {
    const { page } = session;
    await page.goto(page.url().replace(/#.*$/, '#/'));
    await importFiles(page, name);
    await waitForImports(page);
    const job = page.getByTestId('import-job').filter({ hasText: name });
    expect(await job.getAttribute('data-phase')).toBe('failed');
    return (await job.getByTestId('import-error').textContent()) ?? '';
  }

  async function expectExistingIntact() {
    const lessons = await readTable<{ id: string; title: string; status: string }>(session.page, 'lessons');
    expect(lessons.find((l) => l.id === existingId)).toMatchObject({ title: 'lesson', status: 'ready' });
    expect(lessons.every((l) => l.status === 'ready')).toBe(true);
    const chunks = await readTable<{ lessonId: string; blob: { blobSize: number } }>(session.page, 'videoChunks');
    expect(chunks.filter((c) => c.lessonId === existingId).reduce((s, c) => s + c.blob.blobSize, 0)).toBe(existingSize);
  }

  it('refuses a non-video file named .mp4', async () => {
    expect(await importAndReadError('not-a-video.mp4')).toMatch(/not a video file/);
    await expectExistingIntact();
  });

  it('refuses an empty file', async () => {
    expect(await importAndReadError('empty.mp4')).toMatch(/empty \(0 bytes\)/);
    await expectExistingIntact();
  });

  it('refuses an MP4 cut off before its index', async () => {
    expect(await importAndReadError('truncated.mp4')).toMatch(/damaged or incomplete/);
    await expectExistingIntact();
  });

  it('refuses an MP4 whose index points past the end of the file', async () => {
    expect(await importAndReadError('truncated-faststart.mp4')).toMatch(/incomplete: the file ends before the video does/);
    await expectExistingIntact();
  });

  it('imports a video with no audio track and says so', async () => {
    const { page } = session;
    await page.goto(page.url().replace(/#.*$/, '#/'));
    await importFiles(page, 'no-audio.mp4');
    await page.waitForURL(/#\/lesson\//);
    await expect(page.getByTestId('no-audio-notice').textContent()).resolves.toMatch(/no audio track/);
    await expectPlaying(page);
    await waitForStored(page, 'no-audio');
    await expectExistingIntact();
  });

  it('keeps an HEVC video it cannot show, and says why and what to do', async () => {
    const { page } = session;
    await page.goto(page.url().replace(/#.*$/, '#/'));
    await importFiles(page, 'hevc.mp4');
    await page.waitForURL(/#\/lesson\//);
    await expect(page.getByTestId('playability-notice').textContent()).resolves.toMatch(/convert it to H\.264/);
    await waitForStored(page, 'hevc');
    const lesson = (await readTable<{ title: string; playability: string; videoCodec: string }>(page, 'lessons')).find((l) => l.title === 'hevc')!;
    expect(lesson.playability).toBe('sound-only');
    expect(lesson.videoCodec).toMatch(/^hvc1/);
    await expectExistingIntact();
  });

  it('shows a portrait phone video upright', async () => {
    const { page } = session;
    await page.goto(page.url().replace(/#.*$/, '#/'));
    await importFiles(page, 'portrait.mp4');
    await page.waitForURL(/#\/lesson\//);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1);
    const state = await videoState(page);
    expect(state.videoHeight).toBeGreaterThan(state.videoWidth);
    await waitForStored(page, 'portrait');
  });

  it('imports WebM, and an MP4 whose extension says WebM', async () => {
    const { page } = session;
    await page.goto(page.url().replace(/#.*$/, '#/'));
    await importFiles(page, 'lesson.webm', 'lesson-named-as.webm');
    await page.waitForURL(/#\/lesson\//);
    await expectPlaying(page, 0.3);
    // lesson-named-as.webm holds the same bytes as lesson.mp4, which is already in the library: keep it as a copy.
    await page.goto(page.url().replace(/#.*$/, '#/'));
    await page.getByTestId('duplicate-keep-copy').click();
    await waitForStored(page, 'lesson (copy)');
    const lessons = await readTable<{ title: string; mimeType: string }>(page, 'lessons');
    expect(lessons.find((l) => l.title === 'lesson (copy)')?.mimeType).toBe('video/mp4');
    expect(lessons.find((l) => l.title === 'lesson' && l.mimeType === 'video/webm')).toBeTruthy();
    await expectExistingIntact();
    expect(session.pageErrors).toEqual([]);
  });
});
