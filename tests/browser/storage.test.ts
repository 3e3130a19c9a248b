/** Storage: quota shown, refusal before writing, clean-up after an interrupted import, persistence asked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, importFiles, importStored, openApp, readTable, waitForImports, waitForStored, type Session } from './harness';

/** Chromium reports a fixed, generous quota to pages; make it report a nearly full disk instead. */
const NEARLY_FULL_DISK = `
  const estimate = StorageManager.prototype.estimate;
  StorageManager.prototype.estimate = async function () {
    const real = await estimate.call(this);
    return { ...real, quota: (real.usage ?? 0) + 1_500_000 };
  };
`;

describe('storage on a nearly full disk', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp({ initScript: NEARLY_FULL_DISK });
  });
  afterAll(async () => session?.close());

  it('refuses an import that would not fit, before writing anything, and says how much is needed', async () => {
    const { page } = session;
    await importFiles(page, 'lesson.mp4');
    await waitForImports(page);
    const error = await page.getByTestId('import-job').filter({ hasText: 'lesson.mp4' }).getByTestId('import-error').textContent();
    expect(error).toMatch(/needs about 6\d\.\d+ MB of browser storage, but only 1\.\d+ MB is free\. Nothing was written/);
    expect(await readTable(page, 'lessons')).toEqual([]);
    expect(await readTable(page, 'videoChunks')).toEqual([]);
    await page.getByTestId('library-empty').waitFor();
  });
});

describe('storage', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
  });
  afterAll(async () => session?.close());

  it('shows usage and quota, and whether storage is persistent', async () => {
    const { page } = session;
    await expect(page.getByTestId('storage-meter').textContent()).resolves.toMatch(/Storage: .+ of .+B/);
    await page.locator('[data-testid="persist-granted"], [data-testid="persist-refused"]').first().waitFor();
  });

  it('removes a half-stored import left by a reload or crash, and nothing else', async () => {
    const { page } = session;
    await importStored(page, 'second-lesson.mp4');
    await page.goto(APP_URL + '#/');
    // What a page closed mid-import leaves: a lesson still 'importing', its heartbeat long stopped, one chunk stored.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('reframe');
          open.onsuccess = () => {
            const database = open.result;
            const tx = database.transaction(['lessons', 'videoChunks'], 'readwrite');
            const old = Date.now() - 120_000;
            tx.objectStore('lessons').put({
              id: 'interrupted-1', title: 'Half stored', teacher: '', subject: '', date: '2026-11-01', fileName: 'big.mp4', mimeType: 'video/mp4',
              size: 64 * 1024 * 1024, duration: 3600, width: 1280, height: 720, frameRate: 25, hasAudio: true, videoCodec: 'avc1', audioCodec: 'mp4a.40.2',
              playability: 'full', fingerprint: 'x', status: 'importing', storedBytes: 1024, chunkCount: 1, heartbeat: old, createdAt: old, updatedAt: old, exportedAt: null,
            });
            tx.objectStore('videoChunks').put({ lessonId: 'interrupted-1', index: 0, blob: new Blob([new Uint8Array(1024)]) });
            // And a chunk whose lesson record never got written.
            tx.objectStore('videoChunks').put({ lessonId: 'orphan-2', index: 0, blob: new Blob([new Uint8Array(512)]) });
            tx.oncomplete = () => {
              database.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/1 import was interrupted last time/);
    const lessons = await readTable<{ id: string; title: string }>(page, 'lessons');
    expect(lessons.map((l) => l.title)).toEqual(['second-lesson']);
    const chunks = await readTable<{ lessonId: string }>(page, 'videoChunks');
    expect(new Set(chunks.map((c) => c.lessonId))).toEqual(new Set([lessons[0].id]));
    await expect.poll(() => page.getByTestId('lesson-item').count()).toBe(1);
  });
});

describe('delete all data', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
  });
  afterAll(async () => session?.close());

  it('needs the word DELETE, then removes every lesson and its data', async () => {
    const { page } = session;
    await importFiles(page, 'lesson.mp4', 'second-lesson.mp4');
    await waitForStored(page, 'second-lesson');
    await waitForStored(page, 'lesson');
    await page.goto(APP_URL + '#/');
    await page.getByTestId('delete-all').click();
    await expect(page.getByTestId('confirm-yes').isDisabled()).resolves.toBe(true);
    await page.getByTestId('delete-all-confirm-text').fill('delete');
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('library-empty').waitFor();
    for (const table of ['lessons', 'videoChunks', 'posters', 'analyses', 'segments']) expect(await readTable(page, table)).toEqual([]);
  });
});

describe('storage the browser will not keep', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp({ initScript: 'StorageManager.prototype.persist = async () => false; StorageManager.prototype.persisted = async () => false;' });
  });
  afterAll(async () => session?.close());

  it('says what to do in the library, and only marks it on the other screens', async () => {
    const { page } = session;
    const refused = page.getByTestId('persist-refused');
    await expect.poll(() => refused.textContent()).toMatch(/Not persistent.*Install Reframe.*project file/s);
    await importFiles(page, 'lesson.mp4');
    await page.waitForURL(/#\/lesson\//);
    await page.getByTestId('workbench').waitFor();
    expect((await refused.textContent())!.trim()).toBe('⚠');
    expect(await refused.getAttribute('title')).toMatch(/library says what to do/);
  });
});
