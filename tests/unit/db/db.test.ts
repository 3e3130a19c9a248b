import 'fake-indexeddb/auto';
import type { Table } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beginLesson, cleanUpInterrupted, deleteLesson, findLessonByFingerprint, finishLesson, ImportGoneError, loadVideo, ReframeDB, STALE_IMPORT_MS, storeChunk, type LessonRecord } from '../../../src/db/db';

const lesson = (id: string, overrides: Partial<LessonRecord> = {}): LessonRecord => ({
  id, title: id, teacher: '', subject: '', date: '2026-11-25', fileName: `${id}.mp4`, mimeType: 'video/mp4', size: 6, duration: 60,
  width: 320, height: 180, frameRate: 25, hasAudio: true, videoCodec: 'avc1', audioCodec: 'mp4a.40.2', playability: 'full', fingerprint: 'f',
  status: 'importing', storedBytes: 0, chunkCount: 0, heartbeat: Date.now(), createdAt: Date.now(), updatedAt: Date.now(), exportedAt: null, ...overrides,
});

describe('ReframeDB', () => {
  let db: ReframeDB;
  beforeEach(() => {
    db = new ReframeDB(`test-${Math.random()}`);
  });
  afterEach(async () => db.delete());

  it('stores a video in chunks and joins them back in order', async () => {
    await beginLesson(lesson('a'), db);
    await storeChunk('a', 0, new Blob(['abc']), 3, db);
    await storeChunk('a', 1, new Blob(['def']), 6, db);
    await finishLesson('a', new Blob(['jpg']), db);
    const stored = (await db.lessons.get('a'))!;
    expect(stored).toMatchObject({ status: 'ready', chunkCount: 2, storedBytes: 6 });
    expect(await (await loadVideo(stored, db)).text()).toBe('abcdef');
  });

  it('refuses to return an incomplete video', async () => {
    await beginLesson(lesson('a'), db);
    await storeChunk('a', 0, new Blob(['abc']), 3, db);
    await expect(loadVideo((await db.lessons.get('a'))!, db)).rejects.toThrow(/incomplete/);
  });

  it('stops storing when the import was cancelled or the lesson deleted', async () => {
    await beginLesson(lesson('a'), db);
    await deleteLesson('a', db);
    await expect(storeChunk('a', 0, new Blob(['abc']), 3, db)).rejects.toBeInstanceOf(ImportGoneError);
    expect(await db.videoChunks.count()).toBe(0);
  });

  it('deletes a lesson with its chunks and poster, leaving others alone', async () => {
    for (const id of ['a', 'b']) {
      await beginLesson(lesson(id), db);
      await storeChunk(id, 0, new Blob(['abcdef']), 6, db);
      await finishLesson(id, new Blob(['jpg']), db);
    }
    await deleteLesson('a', db);
    expect(await db.lessons.toCollection().primaryKeys()).toEqual(['b']);
    expect((await db.videoChunks.toArray()).map((c) => c.lessonId)).toEqual(['b']);
    expect((await db.posters.toArray()).map((p) => p.lessonId)).toEqual(['b']);
  });

  it('finds the oldest stored lesson of a video by its fingerprint, ignoring unfinished imports', async () => {
    await beginLesson(lesson('half', { fingerprint: 'v1', createdAt: 1 }), db);
    await beginLesson(lesson('copy', { fingerprint: 'v1', status: 'ready', createdAt: 3 }), db);
    await beginLesson(lesson('first', { fingerprint: 'v1', status: 'ready', createdAt: 2 }), db);
    await beginLesson(lesson('other', { fingerprint: 'v2', status: 'ready', createdAt: 0 }), db);
    expect((await findLessonByFingerprint('v1', db))?.id).toBe('first');
    expect(await findLessonByFingerprint('v3', db)).toBeUndefined();
  });

  it('cleans up stale imports and orphaned chunks, keeping live imports and ready lessons', async () => {
    const now = Date.now();
    await beginLesson(lesson('stale', { heartbeat: now - STALE_IMPORT_MS - 1 }), db);
    await storeChunk('stale', 0, new Blob(['x']), 1, db);
    await db.lessons.update('stale', { heartbeat: now - STALE_IMPORT_MS - 1 });
    await beginLesson(lesson('live', { heartbeat: now }), db);
    await beginLesson(lesson('ready', { status: 'ready' }), db);
    await db.videoChunks.put({ lessonId: 'ghost', index: 0, blob: new Blob(['y']) });
    await db.posters.put({ lessonId: 'ghost', blob: new Blob(['z']) });
    expect(await cleanUpInterrupted(now, db)).toBe(1);
    expect((await db.lessons.toCollection().primaryKeys()).sort()).toEqual(['live', 'ready']);
    expect(await db.videoChunks.count()).toBe(0);
    expect(await db.posters.count()).toBe(0);
  });

  /** One row of a lesson in every table derived from it (only the keys the schema indexes). */
  async function fillDerived(lessonId: string) {
    await db.videoChunks.put({ lessonId, index: 0, blob: new Blob(['v']) });
    await db.posters.put({ lessonId, blob: new Blob(['p']) });
    for (const table of [db.analyses, db.segments, db.plans, db.meetings] as Table<{ lessonId: string }>[]) await table.put({ lessonId });
    await (db.entries as Table<object>).put({ id: `${lessonId}-entry`, lessonId, time: 1 });
    await (db.clips as Table<object>).put({ id: `${lessonId}-clip`, lessonId, order: 0 });
  }
  const owners = async () => Promise.all(db.derivedTables.map(async (t) => (await t.toArray()).map((r) => r.lessonId).sort()));

  it('deleting a lesson clears its rows from every derived table and leaves the other lesson whole', async () => {
    // Every table is the lessons table, derived from a lesson, or a coaching table: a new table must be placed.
    const coaching = db.coachingTables.map((t) => t.name);
    expect(db.derivedTables.map((t) => t.name).sort()).toEqual(db.tables.map((t) => t.name).filter((n) => n !== 'lessons' && !coaching.includes(n)).sort());
    for (const id of ['a', 'b']) {
      await beginLesson(lesson(id, { status: 'ready' }), db);
      await fillDerived(id);
    }
    await deleteLesson('a', db);
    expect(await db.lessons.toCollection().primaryKeys()).toEqual(['b']);
    expect(await owners()).toEqual(db.derivedTables.map(() => ['b']));
  });

  it('cleaning up removes orphaned rows from every derived table, keeping the rows of known lessons', async () => {
    await beginLesson(lesson('kept', { status: 'ready' }), db);
    await fillDerived('kept');
    await fillDerived('ghost');
    expect(await cleanUpInterrupted(Date.now(), db)).toBe(0);
    expect(await owners()).toEqual(db.derivedTables.map(() => ['kept']));
  });
});
