import { describe, expect, it } from 'vitest';
import { createEntry, updateEntry, type Entry } from '../../../src/core/annotations';
import { parseCsv } from '../../../src/core/formats/csv';
import { TREND_FIGURES, trendCsvColumns, trendPoint, trendPoints, trendsToCsv, type TrendLesson } from '../../../src/core/trends';
import type { TalkSegment } from '../../../src/core/talk';

const band = (start: number, end: number, label: TalkSegment['label']): TalkSegment => ({ start, end, label, confidence: 0.9 });
let n = 0;
const teacherQ = (patch: Parameters<typeof updateEntry<Extract<Entry, { kind: 'teacher_question' }>>>[1]) => updateEntry(createEntry('teacher_question', ++n, 'l', 0, `t${n}`), patch, 0);
const pupilQ = (initiative: 'proactive' | 'prompted' | null) => updateEntry(createEntry('pupil_question', ++n, 'l', 0, `p${n}`), { initiative }, 0);

/** A 20-minute lesson: 15 min teacher talk then 5 min group work as the analysis saw it. */
function lesson(id: string, date: string, patch: Partial<TrendLesson> = {}): TrendLesson {
  return {
    id,
    title: `Lesson ${id}`,
    date,
    createdAt: 0,
    duration: 1200,
    segments: { auto: [band(0, 900, 'teacher_talk'), band(900, 1200, 'group_work')], corrected: null },
    entries: [],
    phases: [
      { id: 'a', name: 'Starter', plannedMinutes: 5, start: 0, end: 420 },
      { id: 'b', name: 'Task', plannedMinutes: 15 },
    ],
    ...patch,
  };
}

describe('trend figures of one lesson', () => {
  it("uses the coach's corrected bands over the automatic ones", () => {
    const auto = trendPoint(lesson('a', '2026-10-01'));
    expect(auto.talkShares).toMatchObject({ teacher_talk: 0.75, group_work: 0.25, discussion: 0 });
    const corrected = trendPoint(lesson('a', '2026-10-01', { segments: { auto: [band(0, 1200, 'teacher_talk')], corrected: [band(0, 600, 'teacher_talk'), band(600, 1200, 'discussion')] } }));
    expect(corrected.talkShares).toMatchObject({ teacher_talk: 0.5, discussion: 0.5, group_work: 0 });
  });

  it('gives no talk shares before any analysis, rather than zeros', () => {
    expect(trendPoint(lesson('a', '2026-10-01', { segments: null })).talkShares).toBeNull();
  });

  it('takes the question figures from the question statistics', () => {
    const entries = [
      teacherQ({ questionType: { openness: 'open', level: 'higher_order' }, waitTime1: 1, waitTime2: 0.5 }),
      teacherQ({ questionType: { openness: 'closed', level: 'recall' }, waitTime1: 3 }),
      teacherQ({ questionType: { openness: 'open', level: null }, waitTime1: 2, waitTime2: 1.5 }),
      teacherQ({ questionType: { openness: null, level: null } }),
      pupilQ('proactive'),
      pupilQ('prompted'),
      pupilQ(null),
    ];
    const p = trendPoint(lesson('a', '2026-10-01', { entries }));
    expect(p.teacherQuestionsPerTenMinutes).toBe(2);
    expect(p.openShare).toBeCloseTo(2 / 3);
    expect(p.higherOrderShare).toBe(0.5);
    expect(p.medianWaitTime1).toBe(2);
    expect(p.medianWaitTime2).toBe(1);
    expect(p.pupilQuestions).toBe(3);
    expect(p.proactivePupilQuestions).toBe(1);
  });

  it('sets planned against actual seconds per phase, flagging what was estimated', () => {
    expect(trendPoint(lesson('a', '2026-10-01')).phases).toEqual([
      { name: 'Starter', planned: 300, actual: 420, estimated: false },
      { name: 'Task', planned: 900, actual: 780, estimated: false },
    ]);
    // With no stored plan the default plan applies, as in the workbench.
    expect(trendPoint(lesson('a', '2026-10-01', { phases: null })).phases.map((p) => p.name)).toEqual(['Starter', 'Input', 'Group task', 'Plenary']);
  });
});

describe('the trend across lessons', () => {
  it('puts lessons in date order, same-day lessons in the order they were added', () => {
    const points = trendPoints([lesson('c', '2026-11-01'), lesson('b2', '2026-10-01', { createdAt: 2 }), lesson('b1', '2026-10-01', { createdAt: 1 })]);
    expect(points.map((p) => p.lessonId)).toEqual(['b1', 'b2', 'c']);
  });

  it('reads one value per lesson for every figure the chart draws, and no overall score', () => {
    const points = trendPoints([lesson('a', '2026-10-01'), lesson('b', '2026-10-15', { segments: null })]);
    const teacherTalk = TREND_FIGURES.find((f) => f.id === 'teacher_talk')!;
    expect(points.map(teacherTalk.value)).toEqual([0.75, null]);
    for (const figure of TREND_FIGURES) expect(points.map(figure.value)).toHaveLength(2);
    expect(TREND_FIGURES.some((f) => /score|rank|overall/i.test(f.id + f.name))).toBe(false);
  });

  it('writes the table as CSV, one row per lesson, phases matched by name', () => {
    const points = trendPoints([
      lesson('a', '2026-10-01', { title: '=Year 9, set 2' }),
      lesson('b', '2026-10-15', { segments: null, phases: [{ id: 'x', name: 'Task', plannedMinutes: 20 }] }),
    ]);
    const csv = trendsToCsv(points);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(trendCsvColumns(points));
    expect(rows[0].slice(-4)).toEqual(['Starter planned_minutes', 'Starter actual_minutes', 'Task planned_minutes', 'Task actual_minutes']);
    const at = (row: string[], column: string) => row[rows[0].indexOf(column)];
    expect(rows).toHaveLength(3);
    // A title that a spreadsheet would run as a formula is guarded; the comma is quoted, not a new cell.
    expect(at(rows[1], 'lesson')).toBe("'=Year 9, set 2");
    expect(at(rows[1], 'teacher_talk_share')).toBe('0.75');
    expect(at(rows[1], 'Starter actual_minutes')).toBe('7');
    expect(at(rows[2], 'teacher_talk_share')).toBe('');
    expect(at(rows[2], 'Starter planned_minutes')).toBe('');
    expect(at(rows[2], 'Task planned_minutes')).toBe('20');
    expect(at(rows[2], 'pupil_questions')).toBe('0');
  });
});
