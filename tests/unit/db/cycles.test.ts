import 'fake-indexeddb/auto';
import type { Table } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCycle, groupLibrary, previousSteps } from '../../../src/core/cycles';
import { BUILT_IN_GUIDES } from '../../../src/core/guides';
import { trendPoints } from '../../../src/core/trends';
import {
  cleanUpInterrupted,
  deleteCoachee,
  deleteCycle,
  deleteGuide,
  deleteLesson,
  listGuides,
  moveLessonToCycle,
  putCoachee,
  putCycle,
  putGuide,
  putMeeting,
  ReframeDB,
  setStepReview,
} from '../../../src/db/db';
import { getCoacheeRows, getCoacheeRowsOfLesson, getCycle, getLibraryRows, getTrendLessons } from '../../../src/db/reads';
import { lessonRecord } from '../lesson-rows';

describe('coachees and cycles in storage', () => {
  let db: ReframeDB;
  beforeEach(async () => {
    db = new ReframeDB(`cycles-${Math.random()}`);
    await putCoachee({ id: 'ana', name: 'Ana', createdAt: 0, updatedAt: 0 }, db);
    await putCoachee({ id: 'ben', name: 'Ben', createdAt: 0, updatedAt: 0 }, db);
    await putCycle({ ...createCycle('ana', 1, 'c1'), focus: 'Wait time' }, db);
    await putCycle({ ...createCycle('ana', 2, 'c2'), focus: 'Building on answers' }, db);
    await putCycle(createCycle('ben', 3, 'b1'), db);
    await db.lessons.bulkPut([lessonRecord('l1', { date: '2026-10-01' }), lessonRecord('l2', { date: '2026-10-15' }), lessonRecord('lb', { date: '2026-10-03' }), lessonRecord('loose')]);
    await moveLessonToCycle('l1', 'c1', db);
    await moveLessonToCycle('l2', 'c2', db);
    await moveLessonToCycle('lb', 'b1', db);
  });
  afterEach(async () => db.delete());

  /** One row of a lesson in every table derived from it (only the keys the schema indexes). */
  async function fillDerived(lessonId: string) {
    await db.videoChunks.put({ lessonId, index: 0, blob: new Blob(['v']) });
    await db.posters.put({ lessonId, blob: new Blob(['p']) });
    for (const table of [db.analyses, db.segments, db.plans, db.meetings] as Table<{ lessonId: string }>[]) await table.put({ lessonId });
    await (db.entries as Table<object>).put({ id: `${lessonId}-entry`, lessonId, time: 1 });
    await (db.clips as Table<object>).put({ id: `${lessonId}-clip`, lessonId, order: 0 });
  }

  it('refuses a cycle for a coachee who is gone, and a move into a cycle that is gone', async () => {
    await expect(putCycle(createCycle('nobody', 0, 'x'), db)).rejects.toThrow('This teacher is no longer in the library.');
    await expect(moveLessonToCycle('loose', 'gone', db)).rejects.toThrow('This coaching cycle is no longer in the library.');
    expect((await db.lessons.get('loose'))?.cycleId).toBeUndefined();
  });

  it("reads a coachee's cycles, lessons and meeting records, and brings the last cycle's steps back in the next lesson", async () => {
    await putMeeting({ lessonId: 'l1', focus: '', actionSteps: [{ id: 's1', text: 'Count to five', owner: 'Ana', due: '2026-10-08' }], nextMeeting: '2026-10-08', notes: [], updatedAt: 0 }, db);
    await putMeeting({ lessonId: 'lb', focus: '', actionSteps: [{ id: 'sb', text: 'Not Ana’s', owner: 'Ben', due: '' }], nextMeeting: null, notes: [], updatedAt: 0 }, db);
    const rows = (await getCoacheeRowsOfLesson('l2', db))!;
    expect(rows.coachee.name).toBe('Ana');
    expect(rows.lessons.map((l) => l.id).sort()).toEqual(['l1', 'l2']);
    expect(rows.meetings.map((m) => m.lessonId)).toEqual(['l1']);
    await setStepReview('c2', 's1', 'partly', null, db);
    await setStepReview('c2', 's1', 'done', 'e9', db);
    const again = (await getCoacheeRows('ana', db))!;
    const seen = previousSteps('l2', again.cycles, again.lessons, again.meetings);
    expect(seen?.steps).toEqual([{ step: { id: 's1', text: 'Count to five', owner: 'Ana', due: '2026-10-08' }, review: { stepId: 's1', status: 'done', entryId: 'e9' } }]);
    expect(await getCoacheeRowsOfLesson('loose', db)).toBeNull();
  });

  it('groups the library by coachee and cycle from its rows', async () => {
    const rows = await getLibraryRows(db);
    const library = groupLibrary(rows.coachees, rows.cycles, rows.lessons, rows.meetings, '2026-11-01');
    expect(library.coachees.map((g) => [g.coachee.id, g.cycles.map((c) => c.cycle.id)])).toEqual([
      ['ana', ['c2', 'c1']],
      ['ben', ['b1']],
    ]);
    expect(library.loose.map((l) => l.id)).toEqual(['loose']);
  });

  it('reads the trend of a coachee from the lessons of their cycles only', async () => {
    await db.segments.put({ lessonId: 'l1', auto: [{ start: 0, end: 60, label: 'teacher_talk', confidence: 1 }], corrected: null, updatedAt: 0 });
    const points = trendPoints(await getTrendLessons('ana', db));
    expect(points.map((p) => [p.lessonId, p.talkShares?.teacher_talk ?? null])).toEqual([
      ['l1', 1],
      ['l2', null],
    ]);
    expect(await getTrendLessons('nobody', db)).toEqual([]);
  });

  it('deleting a lesson leaves its cycle; deleting a cycle leaves its lessons loose', async () => {
    await deleteLesson('l1', db);
    expect(await getCycle('c1', db)).toBeDefined();
    await deleteCycle('c2', db);
    expect(await getCycle('c2', db)).toBeUndefined();
    expect((await db.lessons.get('l2'))?.cycleId).toBeNull();
  });

  it("deleting a coachee deletes their cycles and those cycles' lessons with every derived row, and nobody else's", async () => {
    for (const id of ['l1', 'l2', 'lb', 'loose']) await fillDerived(id);
    await deleteCoachee('ana', db);
    expect((await db.coachees.toArray()).map((c) => c.id)).toEqual(['ben']);
    expect((await db.cycles.toArray()).map((c) => c.id)).toEqual(['b1']);
    expect((await db.lessons.toCollection().primaryKeys()).sort()).toEqual(['lb', 'loose']);
    for (const table of db.derivedTables) expect([...new Set((await table.toArray()).map((r) => r.lessonId))].sort()).toEqual(['lb', 'loose']);
  });

  it('the start-up clean-up leaves coachees, cycles and guides alone', async () => {
    await putGuide({ ...BUILT_IN_GUIDES[0], id: 'ours', updatedAt: 0 }, db);
    expect(await cleanUpInterrupted(Date.now(), db)).toBe(0);
    expect(await db.coachees.count()).toBe(2);
    expect(await db.cycles.count()).toBe(3);
    expect(await db.guides.count()).toBe(1);
  });

  it("stores the coach's own guides as never built in", async () => {
    await putGuide({ ...BUILT_IN_GUIDES[1], name: 'Talk (our school)', updatedAt: 0 }, db);
    expect(await listGuides(db)).toMatchObject([{ id: 'classroom_talk', name: 'Talk (our school)', builtIn: false }]);
    await deleteGuide('classroom_talk', db);
    expect(await listGuides(db)).toEqual([]);
  });
});
