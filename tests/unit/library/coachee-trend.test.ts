/** Issue 22: a coachee's trend follows their lessons as the coach corrects bands and logs questions. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEntry } from '../../../src/core/annotations';
import { createCycle } from '../../../src/core/cycles';
import { parseCsv } from '../../../src/core/formats/csv';
import { db, moveLessonToCycle, putCoachee, putCycle, putEntry, saveCorrections } from '../../../src/db/db';
import { CoacheeTrend } from '../../../src/library/coachee-trend.svelte';
import { freshLesson, lessonRecord } from '../lesson-rows';

const band = (start: number, end: number, label: 'teacher_talk' | 'discussion') => ({ start, end, label, confidence: 0.9 });

describe('CoacheeTrend', () => {
  let trend: CoacheeTrend;
  beforeEach(async () => {
    await freshLesson('later', { date: '2026-10-15', title: 'Second' });
    await db.lessons.bulkPut([lessonRecord('earlier', { date: '2026-10-01', title: 'First' }), lessonRecord('ben-lesson', { date: '2026-10-02' })]);
    await putCoachee({ id: 'ana', name: 'Ana', createdAt: 0, updatedAt: 0 });
    await putCoachee({ id: 'ben', name: 'Ben', createdAt: 0, updatedAt: 0 });
    await putCycle(createCycle('ana', 1, 'c1'));
    await putCycle(createCycle('ben', 1, 'b1'));
    await moveLessonToCycle('earlier', 'c1');
    await moveLessonToCycle('later', 'c1');
    await moveLessonToCycle('ben-lesson', 'b1');
    await db.segments.put({ lessonId: 'earlier', auto: [band(0, 60, 'teacher_talk')], corrected: null, updatedAt: 0 });
    trend = new CoacheeTrend('ana', 'Ana');
    trend.start();
    await vi.waitFor(() => expect(trend.points.map((p) => p.lessonId)).toEqual(['earlier', 'later']));
  });
  afterEach(() => trend.destroy());

  it("follows the coachee's own lessons in date order, as bands are corrected and questions logged", async () => {
    expect(trend.points[0].talkShares?.teacher_talk).toBe(1);
    await saveCorrections('earlier', [band(0, 30, 'teacher_talk'), band(30, 60, 'discussion')]);
    await vi.waitFor(() => expect(trend.points[0].talkShares?.teacher_talk).toBe(0.5));
    await putEntry(createEntry('teacher_question', 5, 'later', 0, 'q1'));
    await vi.waitFor(() => expect(trend.points[1].teacherQuestionsPerTenMinutes).toBe(10));
    expect(trend.svg.match(/data-lesson="later"/g)?.length).toBeGreaterThan(0);
    expect(trend.svg).not.toContain('ben-lesson');
    const rows = parseCsv(trend.csv);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['First', 'Second']);
  });
});
