/**
 * Issue 27: in WebKit (Safari's engine) with an on-disk profile, a cursor opened with a 'unique'
 * direction on an empty index or store fails with `UnknownError: Unable to open cursor` (measured in
 * WebKitGTK 2.50; 'next' cursors, getAllKeys and count work). Dexie's `uniqueKeys()` opens such a
 * cursor, so the start-up clean-up failed on every fresh database. Here fake-indexeddb is made to
 * fail every unique cursor the same way, so no query of the database may open one.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginLesson, cleanUpInterrupted, ReframeDB, storeChunk, type LessonRecord } from '../../../src/db/db';

const lesson = (id: string, overrides: Partial<LessonRecord> = {}): LessonRecord => ({
  id, title: id, teacher: '', subject: '', date: '2026-11-25', fileName: `${id}.mp4`, mimeType: 'video/mp4', size: 6, duration: 60,
  width: 320, height: 180, frameRate: 25, hasAudio: true, videoCodec: 'avc1', audioCodec: 'mp4a.40.2', playability: 'full', fingerprint: 'f',
  status: 'importing', storedBytes: 0, chunkCount: 0, heartbeat: Date.now(), createdAt: Date.now(), updatedAt: Date.now(), exportedAt: null, ...overrides,
});

type CursorOpener = (this: IDBIndex | IDBObjectStore, range?: IDBValidKey | IDBKeyRange | null, direction?: IDBCursorDirection) => IDBRequest;
const sources = [globalThis.IDBIndex.prototype, globalThis.IDBObjectStore.prototype] as unknown as Record<'openCursor' | 'openKeyCursor', CursorOpener>[];
const originals = sources.map((source) => ({ openCursor: source.openCursor, openKeyCursor: source.openKeyCursor }));

beforeAll(() => {
  sources.forEach((source, i) => {
    for (const name of ['openCursor', 'openKeyCursor'] as const) {
      const original = originals[i][name];
      source[name] = function (range, direction) {
        if (direction === 'nextunique' || direction === 'prevunique') throw new DOMException('Unable to open cursor', 'UnknownError');
        return original.call(this, range, direction);
      };
    }
  });
});

afterAll(() => sources.forEach((source, i) => Object.assign(source, originals[i])));

describe('start-up clean-up where unique cursors fail (WebKit)', () => {
  it('runs on an empty database', async () => {
    const db = new ReframeDB(`unique-${Math.random()}`);
    await expect(cleanUpInterrupted(Date.now(), db)).resolves.toBe(0);
    await db.delete();
  });

  it('still removes an interrupted import and the chunks of a lesson that is gone', async () => {
    const db = new ReframeDB(`unique-${Math.random()}`);
    await beginLesson(lesson('kept'), db);
    await storeChunk('kept', 0, new Blob(['abc']), 3, db);
    await db.lessons.update('kept', { status: 'ready' });
    await beginLesson(lesson('interrupted'), db);
    await storeChunk('interrupted', 0, new Blob(['abc']), 3, db);
    await db.videoChunks.bulkPut([0, 1].map((index) => ({ lessonId: 'orphan', index, blob: new Blob(['x']) })));
    await expect(cleanUpInterrupted(Date.now(), db, async (id) => id === 'interrupted')).resolves.toBe(1);
    expect(await db.lessons.toCollection().primaryKeys()).toEqual(['kept']);
    expect((await db.videoChunks.toArray()).map((c) => c.lessonId)).toEqual(['kept']);
    await db.delete();
  });
});
