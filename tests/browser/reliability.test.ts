/**
 * Reliability: a full disk in the middle of a write, reloads in the middle of an import and of an
 * analysis, a crashing analysis worker, a database written by the previous schema, deleting a lesson
 * with everything made from it, and files whose header lies about their length.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page, Worker } from 'playwright-core';
import { APP_URL, expectPlaying, fixture, importFiles, importStored, openApp, readTable, storageUsage, until, waitForImports, waitForStored, type Session } from './harness';

type Lesson = { id: string; title: string; status: string; size: number; chunkCount: number };
type Chunk = { lessonId: string; index: number; blob: { blobSize: number } };
type Row = { lessonId: string };

/**
 * Test hooks on IndexedDB writes of video chunks, off until a test sets them in the page:
 * `__quotaAfterChunks = N` makes the (N+1)th and later chunk writes fail as a full disk does (the
 * transaction aborts with a QuotaExceededError); `__slowChunkMs = T` makes each chunk write take T ms
 * (a slow disk), so that a reload lands in the middle of storing; `__quotaTables = ['entries']` makes
 * every write to those tables fail as a full disk does.
 */
const WRITE_HOOKS = `
  (() => {
    const put = IDBObjectStore.prototype.put;
    const add = IDBObjectStore.prototype.add;
    const full = (store) => {
      const error = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      Object.defineProperty(store.transaction, 'error', { get: () => error });
      store.transaction.abort();
      return error;
    };
    IDBObjectStore.prototype.add = function (...args) {
      if ((globalThis.__quotaTables ?? []).includes(this.name)) throw full(this);
      return add.apply(this, args);
    };
    let written = 0;
    IDBObjectStore.prototype.put = function (...args) {
      if ((globalThis.__quotaTables ?? []).includes(this.name)) throw full(this);
      if (this.name === 'videoChunks') {
        const limit = globalThis.__quotaAfterChunks;
        if (typeof limit === 'number' && written >= limit) {
          const error = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          const transaction = this.transaction;
          Object.defineProperty(transaction, 'error', { get: () => error });
          transaction.abort();
          throw error;
        }
        written++;
        const slow = globalThis.__slowChunkMs;
        if (typeof slow === 'number') { const until = performance.now() + slow; while (performance.now() < until); }
      }
      return put.apply(this, args);
    };
  })();
`;

const lessons = (page: Page) => readTable<Lesson>(page, 'lessons');
const chunks = (page: Page) => readTable<Chunk>(page, 'videoChunks');
const toLibrary = (page: Page) => page.goto(APP_URL + '#/');
const analysisState = (page: Page, state: string, timeout = 90_000) => page.waitForSelector(`[data-testid="analysis-status"][data-state="${state}"]`, { timeout });
/** Wait until the running analysis has decoded part of the lesson (its status shows a percentage above 0). */
const analysisUnderWay = (page: Page) =>
  page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="analysis-status"][data-state="running"]');
    const percent = Number(/(\d+)%/.exec(status?.textContent ?? '')?.[1] ?? 0);
    return percent >= 3 && percent <= 80;
  }, undefined, { timeout: 60_000, polling: 50 });

/** Import `name` from the library, expect it refused, and answer the job's message. */
async function importAndReadError(page: Page, name: string): Promise<string> {
  await toLibrary(page);
  await importFiles(page, name);
  await toLibrary(page);
  await waitForImports(page);
  const job = page.getByTestId('import-job').filter({ hasText: name });
  expect(await job.getAttribute('data-phase')).toBe('failed');
  return (await job.getByTestId('import-error').textContent()) ?? '';
}

/** Every chunk belongs to a ready lesson, and each ready lesson has all its bytes. */
async function expectConsistent(page: Page) {
  const all = await lessons(page);
  expect(all.filter((l) => l.status !== 'ready')).toEqual([]);
  const stored = await chunks(page);
  const ids = new Set(all.map((l) => l.id));
  expect(stored.filter((c) => !ids.has(c.lessonId))).toEqual([]);
  for (const lesson of all) {
    const own = stored.filter((c) => c.lessonId === lesson.id);
    expect(own.length).toBe(lesson.chunkCount);
    expect(own.reduce((s, c) => s + c.blob.blobSize, 0)).toBe(lesson.size);
  }
}

describe('a full disk in the middle of storing a lesson', () => {
  let session: Session;
  let existing: Lesson;
  beforeAll(async () => {
    session = await openApp({ initScript: WRITE_HOOKS });
    const { page } = session;
    await importFiles(page, 'second-lesson.mp4');
    await page.waitForURL(/#\/lesson\//);
    await waitForStored(page, 'second-lesson');
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
    await page.keyboard.press('s');
    await until(async () => (await readTable(page, 'entries')).length === 1, 10_000, 'the entry');
    [existing] = await lessons(page);
  });
  afterAll(async () => session?.close());

  it('says the storage filled up and what to do, and keeps nothing half-stored', async () => {
    const { page } = session;
    // Two 32 MB chunks fit; the third finds the disk full.
    await page.evaluate(() => ((globalThis as { __quotaAfterChunks?: number }).__quotaAfterChunks = 2));
    const message = await importAndReadError(page, 'big.mp4');
    expect(message).toMatch(/storage filled up/);
    expect(message).toMatch(/Free disk space or delete a finished lesson, then import it again/);
    expect(message).toMatch(/other lessons are safe/);
    // Two chunks had really been written before the failure: they must be gone again.
    await expectConsistent(page);
    expect((await lessons(page)).map((l) => l.title)).toEqual(['second-lesson']);
    await expect.poll(() => page.getByTestId('lesson-item').count()).toBe(1);
  });

  it('leaves the existing lesson, its video and its entry intact, and imports once there is room', async () => {
    const { page } = session;
    const [entry] = await readTable<Row & { kind: string }>(page, 'entries');
    expect(entry).toMatchObject({ lessonId: existing.id, kind: 'strength' });
    expect((await chunks(page)).filter((c) => c.lessonId === existing.id).reduce((s, c) => s + c.blob.blobSize, 0)).toBe(existing.size);
    await page.getByTestId('lesson-item').click();
    await expectPlaying(page);
    await page.getByTestId('entry').first().waitFor();
    // The coach freed space: the same file now imports completely.
    await toLibrary(page);
    await page.evaluate(() => delete (globalThis as { __quotaAfterChunks?: number }).__quotaAfterChunks);
    await importStored(page, 'big.mp4');
    await expectConsistent(page);
    expect((await chunks(page)).filter((c) => c.lessonId !== existing.id)).toHaveLength(4);
  });
});

describe('a full disk while logging evidence and writing the meeting record', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp({ initScript: WRITE_HOOKS });
    await importStored(session.page, 'second-lesson.mp4');
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
  });
  afterAll(async () => session?.close());
  const setFull = (page: Page, tables: string[]) => page.evaluate((t) => ((globalThis as { __quotaTables?: string[] }).__quotaTables = t), tables);

  it('says the change was not saved and what to do, keeps what was saved, and saves again once there is room', async () => {
    const { page } = session;
    await page.keyboard.press('s');
    await until(async () => (await readTable(page, 'entries')).length === 1, 10_000, 'the first entry');
    const before = await readTable(page, 'entries');
    await setFull(page, ['entries', 'meetings']);
    await page.keyboard.press('q');
    const alert = page.getByTestId('save-error');
    await expect(alert.textContent()).resolves.toMatch(/could not be saved: this browser's storage is full\. Everything saved before is safe\./);
    expect(await alert.textContent()).toMatch(/export and delete a lesson you have finished with/);
    expect(await readTable(page, 'entries')).toEqual(before);
    await alert.getByRole('button', { name: 'OK' }).click();

    // The meeting record too.
    await page.getByTestId('open-meeting').click();
    await page.getByTestId('meeting-focus').fill('Questioning');
    await expect(page.getByTestId('save-error').textContent()).resolves.toMatch(/The meeting record could not be saved: this browser's storage is full/);
    expect(await readTable(page, 'meetings')).toEqual([]);
    await page.getByTestId('save-error').getByRole('button', { name: 'OK' }).click();

    // Space freed: the same edit is saved.
    await setFull(page, []);
    await page.getByTestId('meeting-focus').fill('Questioning after the starter');
    await until(async () => (await readTable<{ focus: string }>(page, 'meetings'))[0]?.focus === 'Questioning after the starter', 10_000, 'the focus saved');
    expect(await page.getByTestId('save-error').count()).toBe(0);
    expect(await readTable(page, 'entries')).toEqual(before);
    await expectConsistent(page);
  });
});

describe('reloads in the middle of work', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp({ initScript: WRITE_HOOKS });
    await importStored(session.page, 'second-lesson.mp4');
  });
  afterAll(async () => session?.close());

  it('removes a lesson whose import was cut off by a reload, says so, and keeps the others', async () => {
    const { page } = session;
    await toLibrary(page);
    await page.evaluate(() => ((globalThis as { __slowChunkMs?: number }).__slowChunkMs = 700));
    await importFiles(page, 'big.mp4');
    // The lesson opens and plays while it is being stored.
    await page.getByTestId('workbench-import-progress').waitFor();
    await until(async () => (await chunks(page)).length >= 2, 20_000, 'a chunk of big.mp4 stored');
    const half = (await lessons(page)).find((l) => l.title === 'big')!;
    expect(half.status).toBe('importing');
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'interrupted' }).textContent()).resolves.toMatch(/1 import was interrupted last time.*Your other lessons are untouched/);
    await until(async () => !(await lessons(page)).some((l) => l.id === half.id), 10_000, 'the half-stored lesson removed');
    expect((await lessons(page)).map((l) => l.title)).toEqual(['second-lesson']);
    await expectConsistent(page);
    // The reload landed on the half-stored lesson: it says why it cannot be opened.
    await expect(page.getByTestId('workbench-error').textContent()).resolves.toMatch(/interrupted/);
    await page.evaluate(() => delete (globalThis as { __slowChunkMs?: number }).__slowChunkMs);
    await toLibrary(page);
    await expect.poll(() => page.getByTestId('lesson-item').count()).toBe(1);
  });

  it('restarts an analysis cut off by a reload and finishes it, with one record', async () => {
    const { page } = session;
    await toLibrary(page);
    await importFiles(page, 'big.mp4');
    await page.waitForURL(/#\/lesson\//);
    await waitForStored(page, 'big');
    await analysisUnderWay(page);
    const big = (await lessons(page)).find((l) => l.title === 'big')!;
    type Analysis = Row & { state: string; updatedAt: number; peaks: unknown[] };
    const analysisOf = async (id: string) => (await readTable<Analysis>(page, 'analyses')).filter((a) => a.lessonId === id);
    const [running] = await analysisOf(big.id);
    expect(running.state).toBe('running');
    await page.reload();
    await analysisState(page, 'running', 20_000);
    await analysisState(page, 'done');
    const analyses = await analysisOf(big.id);
    expect(analyses).toHaveLength(1);
    expect(analyses[0]).toMatchObject({ lessonId: big.id, state: 'done' });
    expect(analyses[0].updatedAt).toBeGreaterThan(running.updatedAt);
    expect(analyses[0].peaks.length).toBeGreaterThan(0);
    expect((await readTable<Row>(page, 'segments')).filter((s) => s.lessonId === big.id)).toHaveLength(1);
    await expectConsistent(page);
  });

  it('says plainly when the analysis worker crashes, keeps the lesson playing, and succeeds on "Try again"', async () => {
    const { page } = session;
    await toLibrary(page);
    await importFiles(page, 'big.mp4');
    // big.mp4 is in the library from the test before: a second copy gets an analysis of its own.
    await page.getByTestId('duplicate-keep-copy').click();
    await page.waitForURL(/#\/lesson\//);
    await analysisUnderWay(page);
    const worker = page.workers().find((w: Worker) => /analysis/.test(w.url()));
    expect(worker, `analysis worker among ${page.workers().map((w) => w.url())}`).toBeTruthy();
    await worker!.evaluate(() => {
      setTimeout(() => {
        throw new Error('boom');
      });
    });
    await analysisState(page, 'error', 20_000);
    const status = (await page.getByTestId('analysis-status').textContent()) ?? '';
    expect(status).toMatch(/could not be analysed/);
    expect(status).toMatch(/stopped unexpectedly/);
    expect(status).toMatch(/still plays/);
    await expectPlaying(page);
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.pause());
    await page.getByTestId('analysis-status').getByRole('button', { name: 'Try again' }).click();
    await analysisState(page, 'done');
    const lessonId = decodeURIComponent(/#\/lesson\/([^/?]+)/.exec(page.url())![1]);
    const analyses = await readTable<Row & { state: string; error: string | null }>(page, 'analyses');
    expect(analyses.find((a) => a.lessonId === lessonId)).toMatchObject({ state: 'done', error: null });
    expect(analyses.every((a) => a.state === 'done')).toBe(true);
    await waitForStored(page, 'big');
  });
});

describe('a database written by the previous schema version', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
  });
  afterAll(async () => session?.close());

  it('opens with the lesson listed and playable, its entry kept, and the new tables added', async () => {
    const { page } = session;
    // A same-origin page that does not run the app; the database the app made on opening is removed,
    // so the old schema is the first one this profile sees.
    await page.goto(APP_URL + 'favicon.svg');
    await page.evaluate(() => new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase('reframe');
      request.onsuccess = resolve;
      request.onerror = () => reject(request.error);
    }));
    const video = readFileSync(fixture('second-lesson.mp4')).toString('base64');
    const written = await page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        // Dexie stores version 3 as IndexedDB version 30.
        const open = indexedDB.open('reframe', 30);
        open.onupgradeneeded = () => {
          const d = open.result;
          const lessons = d.createObjectStore('lessons', { keyPath: 'id' });
          lessons.createIndex('status', 'status');
          lessons.createIndex('createdAt', 'createdAt');
          d.createObjectStore('videoChunks', { keyPath: ['lessonId', 'index'] }).createIndex('lessonId', 'lessonId');
          d.createObjectStore('posters', { keyPath: 'lessonId' });
          d.createObjectStore('analyses', { keyPath: 'lessonId' }).createIndex('state', 'state');
          d.createObjectStore('segments', { keyPath: 'lessonId' });
          const entries = d.createObjectStore('entries', { keyPath: 'id' });
          entries.createIndex('lessonId', 'lessonId');
          entries.createIndex('[lessonId+time]', ['lessonId', 'time']);
          d.createObjectStore('plans', { keyPath: 'lessonId' });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const now = Date.now();
      const tx = database.transaction(['lessons', 'videoChunks', 'entries', 'plans'], 'readwrite');
      tx.objectStore('lessons').put({
        id: 'old-1', title: 'Written by version 3', teacher: 'Mr Hale', subject: 'Year 9 history', date: '2026-10-02', fileName: 'second-lesson.mp4',
        mimeType: 'video/mp4', size: bytes.length, duration: 8, width: 320, height: 180, frameRate: 25, hasAudio: true, videoCodec: 'avc1.64000d',
        audioCodec: 'mp4a.40.2', playability: 'full', fingerprint: 'old', status: 'ready', storedBytes: bytes.length, chunkCount: 1, heartbeat: now,
        createdAt: now, updatedAt: now, exportedAt: null,
      });
      tx.objectStore('videoChunks').put({ lessonId: 'old-1', index: 0, blob: new Blob([bytes], { type: 'video/mp4' }) });
      tx.objectStore('entries').put({
        id: 'entry-1', lessonId: 'old-1', lens: 'strengths', kind: 'strength', time: 3, end: null, note: 'Calm, clear start', tags: ['routines'],
        createdAt: now, updatedAt: now, schemaVersion: 1,
      });
      tx.objectStore('plans').put({ lessonId: 'old-1', phases: [{ id: 'p1', name: 'Starter', plannedMinutes: 5 }], prewatchMinutes: null, prewatchOverrides: {}, updatedAt: now });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      const version = database.version;
      database.close();
      return version;
    }, video);
    expect(written).toBe(30);

    await page.goto(APP_URL);
    const item = page.getByTestId('lesson-item');
    await expect(item.textContent()).resolves.toContain('Written by version 3');
    const stores = await page.evaluate(
      () =>
        new Promise<{ version: number; names: string[] }>((resolve) => {
          const open = indexedDB.open('reframe');
          open.onsuccess = () => {
            resolve({ version: open.result.version, names: [...open.result.objectStoreNames] });
            open.result.close();
          };
        }),
    );
    expect(stores.version).toBeGreaterThanOrEqual(40);
    expect(stores.names).toEqual(expect.arrayContaining(['lessons', 'videoChunks', 'posters', 'analyses', 'segments', 'entries', 'plans', 'clips', 'meetings']));
    await item.click();
    await page.waitForURL(/#\/lesson\/old-1/);
    await expectPlaying(page);
    await expect(page.getByTestId('entry').textContent()).resolves.toContain('Calm, clear start');
    expect(await readTable(page, 'entries')).toEqual([expect.objectContaining({ id: 'entry-1', note: 'Calm, clear start', tags: ['routines'] })]);
    expect(await readTable(page, 'plans')).toEqual([expect.objectContaining({ lessonId: 'old-1', phases: [expect.objectContaining({ name: 'Starter' })] })]);
    expect(await lessons(page)).toEqual([expect.objectContaining({ id: 'old-1', teacher: 'Mr Hale', status: 'ready' })]);
    expect(session.pageErrors).toEqual([]);
  });
});

describe('deleting a lesson', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
  });
  afterAll(async () => session?.close());

  const TABLES = ['lessons', 'videoChunks', 'posters', 'analyses', 'segments', 'entries', 'plans', 'clips', 'meetings'];
  const rowsOf = async (page: Page, lessonId: string) => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = (await readTable<Row & { id?: string }>(page, table)).filter((r) => (r.lessonId ?? r.id) === lessonId).length;
    return counts;
  };

  it('removes its video, poster, analysis, entries, plan, clips and meeting record, and frees the space', async () => {
    const { page } = session;
    await importStored(page, 'second-lesson.mp4');
    const [kept] = await lessons(page);
    await toLibrary(page);
    await importFiles(page, 'big.mp4');
    await page.waitForURL(/#\/lesson\//);
    await waitForStored(page, 'big');
    await page.reload();
    await analysisState(page, 'done');
    const seek = (t: number) => page.locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);
    await seek(4);
    await page.keyboard.press('s');
    await page.keyboard.press('[');
    await seek(9);
    await page.keyboard.press(']');
    await page.getByTestId('clip-from-loop').click();
    await page.getByTestId('tab-plan').click();
    await page.getByTestId('plan-add').click();
    await page.getByTestId('open-meeting').click();
    await page.getByTestId('meeting-focus').fill('Routines at the start');
    const big = (await lessons(page)).find((l) => l.title === 'big')!;
    await until(async () => Object.values(await rowsOf(page, big.id)).every((n) => n > 0), 15_000, 'a row in every table');
    const before = await rowsOf(page, big.id);
    expect(before.videoChunks).toBe(4);
    const keptBefore = await rowsOf(page, kept.id);

    await toLibrary(page);
    const usage = await storageUsage(page);
    await page.getByTestId('lesson-item').filter({ hasText: 'big' }).getByTestId('delete-lesson').click();
    await page.getByTestId('confirm-yes').click();
    await until(async () => (await page.getByTestId('lesson-item').count()) === 1, 10_000, 'the lesson gone from the list');
    expect(await rowsOf(page, big.id)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
    expect(await rowsOf(page, kept.id)).toEqual(keptBefore);
    // Chromium frees a deleted Blob's file once nothing holds it; a restart guarantees that.
    await session.restart();
    await expect.poll(() => storageUsage(session.page), { timeout: 30_000 }).toBeLessThan(usage - 90_000_000);
    expect(await session.page.getByTestId('lesson-item').textContent()).toContain('second-lesson');
  });
});

describe('files whose header lies about their length', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
    await importStored(session.page, 'lesson.mp4');
  });
  afterAll(async () => session?.close());

  it('refuses a file whose header claims 10 hours over 8 seconds of video', async () => {
    expect(await importAndReadError(session.page, 'long-header.mp4')).toMatch(/damaged|says it lasts/);
    expect((await lessons(session.page)).map((l) => l.title)).toEqual(['lesson']);
  });

  it('refuses a 0-second video', async () => {
    expect(await importAndReadError(session.page, 'zero-length.mp4')).toMatch(/no length \(0 seconds of video\)/);
    expect((await lessons(session.page)).map((l) => l.title)).toEqual(['lesson']);
    await expectConsistent(session.page);
  });
});

describe('two tabs on the same lesson', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
    await importStored(session.page, 'lesson.mp4');
  });
  afterAll(async () => session?.close());

  it("shows each tab's edits in the other, runs the analysis once, and neither overwrites the other", async () => {
    const a = session.page;
    const b = await session.context.newPage();
    await b.goto(a.url());
    await b.getByTestId('workbench').waitFor();
    await analysisState(a, 'done');
    await analysisState(b, 'done');
    expect(await readTable(a, 'analyses')).toHaveLength(1);

    // An entry logged in A appears in B; its note typed in B appears in A.
    await a.bringToFront();
    await a.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 6));
    await a.keyboard.press('s');
    await b.getByTestId('entry').first().waitFor();
    await b.locator('[data-testid="entry"] button.title').first().click();
    await b.locator('[data-testid="entry-note"]').fill('Noticed from the second tab');
    await a.getByText('Noticed from the second tab').first().waitFor();

    // A pupil question logged in B while A edits the meeting record: both kept.
    await b.bringToFront();
    await b.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await b.keyboard.press('p');
    await a.getByTestId('open-meeting').click();
    await a.getByTestId('meeting-focus').fill('Pupil questions');
    await b.getByTestId('open-meeting').click();
    await expect.poll(() => b.getByTestId('meeting-focus').inputValue()).toBe('Pupil questions');
    const entries = await readTable<{ kind: string; note: string }>(a, 'entries');
    expect(entries.map((e) => e.kind).sort()).toEqual(['pupil_question', 'strength']);
    expect(entries.find((e) => e.kind === 'strength')?.note).toBe('Noticed from the second tab');
    expect(await readTable(a, 'meetings')).toEqual([expect.objectContaining({ focus: 'Pupil questions' })]);
    expect(session.pageErrors).toEqual([]);
    await b.close();
  });
});

describe('a reload in the middle of a clip export', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
    const { page } = session;
    await importStored(page, 'lesson.mp4');
    const seek = (t: number) => page.locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);
    await seek(2);
    await page.keyboard.press('[');
    await seek(26);
    await page.keyboard.press(']');
    await page.getByTestId('clip-from-loop').click();
    await until(async () => (await readTable(page, 'clips')).length === 1, 10_000, 'the clip');
  });
  afterAll(async () => session?.close());

  it('leaves nothing behind, downloads nothing, and the next export works', async () => {
    const { page } = session;
    const downloads: string[] = [];
    session.context.on('page', (p) => p.on('download', (d) => downloads.push(d.suggestedFilename())));
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    const before = { lessons: await lessons(page), clips: await readTable(page, 'clips') };
    await page.getByTestId('tab-lesson').click();
    await page.getByTestId('export-mode-exact').check();
    await page.getByTestId('export-captions').selectOption('burn');
    await page.getByTestId('export-clips').click();
    await page.waitForFunction(() => Number((document.querySelector('[data-testid="export-progress"]') as HTMLProgressElement | null)?.value ?? 0) > 0.05, undefined, { timeout: 60_000, polling: 50 });
    // The clip is made in the transcode worker; once that worker is gone, no clip can come out of it.
    const transcoder = page.workers().find((w) => /transcode/.test(w.url()));
    expect(transcoder).toBeDefined();
    const transcoderClosed = new Promise<void>((resolve) => transcoder!.once('close', () => resolve()));
    await page.reload();
    await page.getByTestId('workbench').waitFor();
    await transcoderClosed;
    expect(downloads).toEqual([]);
    expect(await lessons(page)).toEqual(before.lessons);
    expect(await readTable(page, 'clips')).toEqual(before.clips);
    await expectConsistent(page);
    // The export worker of the new page starts clean.
    await page.getByTestId('tab-lesson').click();
    await page.getByTestId('export-mode-fast').check();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-clips').click()]);
    expect(download.suggestedFilename()).toMatch(/\.mp4$/);
    expect(session.pageErrors).toEqual([]);
  });
});
