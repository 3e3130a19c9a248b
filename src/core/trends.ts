/**
 * A coachee's lesson-level figures across their lessons, in date order: the same figures each lesson
 * shows on its own (talk budget, question statistics, planned against actual phases), read side by
 * side. Trends, not scores: nothing here adds the figures up, ranks lessons or compares teachers.
 */
import type { Entry } from './annotations';
import { csvCell } from './formats/csv';
import { DEFAULT_PLAN, phaseComparison, type PlanPhase } from './plan';
import { questionStats } from './questions';
import { TALK_LABELS, talkBudget, type TalkLabel, type TalkSegment } from './talk';

/** What a lesson contributes to the trend. */
export interface TrendLesson {
  id: string;
  title: string;
  /** Lesson date, YYYY-MM-DD. */
  date: string;
  createdAt: number;
  /** Seconds. */
  duration: number;
  /** The analysis's bands and the coach's corrections (null before any analysis). */
  segments: { auto: TalkSegment[]; corrected: TalkSegment[] | null } | null;
  entries: readonly Entry[];
  /** The stored plan's phases, or null while the default plan applies (as in the workbench). */
  phases: readonly PlanPhase[] | null;
}

/** One phase's planned and actual length, in seconds. */
export interface TrendPhase {
  name: string;
  planned: number;
  actual: number;
  /** True when a boundary was not marked and came from the plan's minutes. */
  estimated: boolean;
}

/** One lesson's figures; null where the lesson gives no figure (no bands, no classified questions, no wait measured). */
export interface TrendPoint {
  lessonId: string;
  title: string;
  date: string;
  /** Share of the lesson's banded time per label (0..1); null before any analysis. */
  talkShares: Record<TalkLabel, number> | null;
  teacherQuestionsPerTenMinutes: number | null;
  openShare: number | null;
  higherOrderShare: number | null;
  medianWaitTime1: number | null;
  medianWaitTime2: number | null;
  pupilQuestions: number;
  proactivePupilQuestions: number;
  phases: TrendPhase[];
}

/** The figures of one lesson, from the corrected bands where the coach corrected them, else the automatic ones. */
export function trendPoint(lesson: TrendLesson): TrendPoint {
  const bands = lesson.segments ? (lesson.segments.corrected ?? lesson.segments.auto) : null;
  let talkShares: TrendPoint['talkShares'] = null;
  if (bands) {
    talkShares = Object.fromEntries(TALK_LABELS.map((l) => [l, 0])) as Record<TalkLabel, number>;
    for (const line of talkBudget(bands)) talkShares[line.label] = line.share;
  }
  const stats = questionStats(lesson.entries, lesson.duration);
  const phases = phaseComparison(lesson.phases ?? DEFAULT_PLAN, bands ?? [], lesson.duration).map((p) => ({
    name: p.name,
    planned: p.plannedSeconds,
    actual: p.actualSeconds,
    estimated: p.estimated,
  }));
  return {
    lessonId: lesson.id,
    title: lesson.title,
    date: lesson.date,
    talkShares,
    teacherQuestionsPerTenMinutes: stats.perTenMinutes.teacher,
    openShare: stats.openShare,
    higherOrderShare: stats.higherOrderShare,
    medianWaitTime1: stats.medianWaitTime1,
    medianWaitTime2: stats.medianWaitTime2,
    pupilQuestions: stats.pupilQuestions,
    proactivePupilQuestions: stats.initiative.proactive,
    phases,
  };
}

/** The figures of every lesson, in date order (lessons of the same day in the order they were added). */
export function trendPoints(lessons: readonly TrendLesson[]): TrendPoint[] {
  return [...lessons].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.createdAt - b.createdAt)).map(trendPoint);
}

/** One small multiple of the trend chart: a figure, its unit and how to read it from a point. */
export interface TrendFigure {
  id: string;
  name: string;
  unit: 'share' | 'per 10 min' | 'seconds' | 'count';
  value: (point: TrendPoint) => number | null;
}

const share = (label: TalkLabel) => (p: TrendPoint) => p.talkShares?.[label] ?? null;

/** The figures the chart draws, one small multiple each, in this order (phases are drawn apart: they differ per lesson). */
export const TREND_FIGURES: readonly TrendFigure[] = [
  { id: 'teacher_talk', name: 'Teacher talk', unit: 'share', value: share('teacher_talk') },
  { id: 'discussion', name: 'Whole-class discussion', unit: 'share', value: share('discussion') },
  { id: 'group_work', name: 'Group work', unit: 'share', value: share('group_work') },
  { id: 'independent_work', name: 'Independent work', unit: 'share', value: share('independent_work') },
  { id: 'teacher_questions', name: 'Teacher questions', unit: 'per 10 min', value: (p) => p.teacherQuestionsPerTenMinutes },
  { id: 'open_share', name: 'Open questions', unit: 'share', value: (p) => p.openShare },
  { id: 'higher_order_share', name: 'Higher-order questions', unit: 'share', value: (p) => p.higherOrderShare },
  { id: 'wait_time_1', name: 'Median wait time 1', unit: 'seconds', value: (p) => p.medianWaitTime1 },
  { id: 'wait_time_2', name: 'Median wait time 2', unit: 'seconds', value: (p) => p.medianWaitTime2 },
  { id: 'pupil_questions', name: 'Pupil questions', unit: 'count', value: (p) => p.pupilQuestions },
  { id: 'proactive_pupil_questions', name: 'Pupil questions asked unprompted', unit: 'count', value: (p) => p.proactivePupilQuestions },
];

/** A number for the CSV: rounded to 3 places, empty when there is none. */
const cell = (value: number | null | undefined) => (value == null || !Number.isFinite(value) ? '' : String(Math.round(value * 1000) / 1000));

/** The column names of the trend CSV for these points: fixed figures, then planned and actual minutes per phase name. */
export function trendCsvColumns(points: readonly TrendPoint[]): string[] {
  const phaseNames = [...new Set(points.flatMap((p) => p.phases.map((ph) => ph.name)))];
  return [
    'lesson',
    'date',
    ...TALK_LABELS.map((l) => `${l}_share`),
    'teacher_questions_per_10_min',
    'open_share',
    'higher_order_share',
    'median_wait_time_1',
    'median_wait_time_2',
    'pupil_questions',
    'proactive_pupil_questions',
    ...phaseNames.flatMap((n) => [`${n} planned_minutes`, `${n} actual_minutes`]),
  ];
}

/**
 * The trend table as CSV (RFC 4180, CRLF, cells guarded like the evidence CSV): one row per lesson in
 * the given order. Phases are matched by name across lessons; a lesson without that phase leaves it
 * empty (of two phases with one name in a lesson, the first is written).
 */
export function trendsToCsv(points: readonly TrendPoint[]): string {
  const columns = trendCsvColumns(points);
  const phaseNames = [...new Set(points.flatMap((p) => p.phases.map((ph) => ph.name)))];
  const lines = [columns.map(csvCell).join(',')];
  for (const p of points) {
    const minutes = (s: number | undefined) => (s == null ? '' : cell(s / 60));
    const cells = [
      p.title,
      p.date,
      ...TALK_LABELS.map((l) => cell(p.talkShares?.[l])),
      cell(p.teacherQuestionsPerTenMinutes),
      cell(p.openShare),
      cell(p.higherOrderShare),
      cell(p.medianWaitTime1),
      cell(p.medianWaitTime2),
      cell(p.pupilQuestions),
      cell(p.proactivePupilQuestions),
      ...phaseNames.flatMap((n) => {
        const phase = p.phases.find((ph) => ph.name === n);
        return [minutes(phase?.planned), minutes(phase?.actual)];
      }),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.map((line) => `${line}\r\n`).join('');
}
