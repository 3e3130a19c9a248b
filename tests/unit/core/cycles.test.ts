import { describe, expect, it } from 'vitest';
import {
  createCycle,
  cycleDate,
  cycleNextMeeting,
  cycleSteps,
  cyclesInOrder,
  groupLibrary,
  likeWithLike,
  comparableClip,
  overdueSteps,
  previousCycle,
  previousCycleOfLesson,
  previousCycleLessons,
  previousSteps,
  reviewStep,
  type Coachee,
  type Cycle,
  type CycleLesson,
  type CycleMeeting,
} from '../../../src/core/cycles';

const DAY = 86_400_000;
const cycle = (id: string, coacheeId: string, createdAt: number, patch: Partial<Cycle> = {}): Cycle => ({ ...createCycle(coacheeId, createdAt, id), ...patch });
const lesson = (id: string, date: string, cycleId: string | null, createdAt = 0): CycleLesson => ({ id, date, cycleId, createdAt });
const step = (id: string, due = '', text = `Step ${id}`) => ({ id, text, owner: 'Teacher', due });
const coachee = (id: string, name: string): Coachee => ({ id, name, createdAt: 0, updatedAt: 0 });

// Ana has three cycles; the one created last holds the earliest lesson, so creation order is not time order.
const cycles = [cycle('c2', 'ana', 2 * DAY), cycle('c3', 'ana', 3 * DAY), cycle('c1', 'ana', 4 * DAY), cycle('b1', 'ben', 1 * DAY)];
const lessons = [
  lesson('l2', '2026-10-08', 'c2'),
  lesson('l3', '2026-10-22', 'c3'),
  lesson('l1', '2026-09-24', 'c1'),
  lesson('lb', '2026-10-01', 'b1'),
  lesson('loose', '2026-10-15', null),
];

describe('cycles in time order', () => {
  it('dates a cycle by its earliest lesson, else by the day it was created', () => {
    expect(cycleDate(cycles[0], [...lessons, lesson('l2b', '2026-10-06', 'c2')])).toBe('2026-10-06');
    expect(cycleDate(cycle('empty', 'ana', Date.UTC(2026, 10, 3, 12)), lessons)).toBe('2026-11-03');
  });

  it("orders a coachee's cycles by date, not by when they were created, and leaves other coachees out", () => {
    expect(cyclesInOrder('ana', cycles, lessons).map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('finds the previous cycle of the same coachee', () => {
    expect(previousCycle('c3', cycles, lessons)?.id).toBe('c2');
    expect(previousCycle('c2', cycles, lessons)?.id).toBe('c1');
    expect(previousCycle('c1', cycles, lessons)).toBeNull();
    // Ben's only cycle falls between Ana's in date but is never hers.
    expect(previousCycle('b1', cycles, lessons)).toBeNull();
    expect(previousCycle('missing', cycles, lessons)).toBeNull();
  });

  it('finds the previous cycle of a lesson; a loose lesson has none', () => {
    expect(previousCycleOfLesson('l3', cycles, lessons)?.id).toBe('c2');
    expect(previousCycleOfLesson('loose', cycles, lessons)).toBeNull();
  });

  it('breaks a tie of dates by creation time', () => {
    const same = [cycle('x2', 'p', 20), cycle('x1', 'p', 10)];
    expect(cyclesInOrder('p', same, []).map((c) => c.id)).toEqual(['x1', 'x2']);
  });
});

describe('action steps across cycles', () => {
  const meetings: CycleMeeting[] = [
    { lessonId: 'l1', actionSteps: [step('s1', '2026-10-01'), step('s2', '2026-10-30'), step('blank', '', '  ')], nextMeeting: '2026-10-08' },
    { lessonId: 'l2', actionSteps: [step('s3', '2026-10-10')], nextMeeting: '2026-10-22' },
  ];

  it("collects a cycle's steps from its lessons' meeting records, leaving out steps with no words", () => {
    expect(cycleSteps('c1', lessons, meetings).map((s) => s.id)).toEqual(['s1', 's2']);
    expect(cycleSteps('c3', lessons, meetings)).toEqual([]);
  });

  it("takes the latest next-meeting date among a cycle's lessons", () => {
    const two = [...lessons, lesson('l1b', '2026-09-25', 'c1')];
    expect(cycleNextMeeting('c1', two, [...meetings, { lessonId: 'l1b', actionSteps: [], nextMeeting: '2026-10-09' }])).toBe('2026-10-09');
    expect(cycleNextMeeting('c3', lessons, meetings)).toBeNull();
  });

  it("shows the previous cycle's steps in the next lesson with the reviews made there", () => {
    const reviewed = cycles.map((c) => (c.id === 'c2' ? { ...c, stepReviews: reviewStep([], 's1', 'done', 'entry-7') } : c));
    const seen = previousSteps('l2', reviewed, lessons, meetings);
    expect(seen?.cycle.id).toBe('c1');
    expect(seen?.steps.map((s) => [s.step.id, s.review?.status ?? null, s.review?.entryId ?? null])).toEqual([
      ['s1', 'done', 'entry-7'],
      ['s2', null, null],
    ]);
    expect(previousSteps('l1', reviewed, lessons, meetings)).toBeNull();
    expect(previousSteps('loose', reviewed, lessons, meetings)).toBeNull();
  });

  it('marks a step again by replacing its review, and clears it with null', () => {
    let reviews = reviewStep([], 's1', 'not_yet');
    reviews = reviewStep(reviews, 's2', 'partly', 'e1');
    reviews = reviewStep(reviews, 's1', 'done', 'e2');
    expect(reviews).toEqual([
      { stepId: 's2', status: 'partly', entryId: 'e1' },
      { stepId: 's1', status: 'done', entryId: 'e2' },
    ]);
    expect(reviewStep(reviews, 's2', null)).toEqual([{ stepId: 's1', status: 'done', entryId: 'e2' }]);
  });

  it('counts a step overdue once its date has passed unless the next cycle marked it done', () => {
    expect(overdueSteps('c1', cycles, lessons, meetings, '2026-10-15').map((s) => s.id)).toEqual(['s1']);
    // On its due day a step is not yet overdue; a step without a date never is.
    expect(overdueSteps('c1', cycles, lessons, meetings, '2026-10-01')).toEqual([]);
    const reviewed = cycles.map((c) => (c.id === 'c2' ? { ...c, stepReviews: reviewStep(reviewStep([], 's1', 'done'), 's2', 'partly') } : c));
    expect(overdueSteps('c1', reviewed, lessons, meetings, '2026-11-15').map((s) => s.id)).toEqual(['s2']);
  });
});

describe('the library by coachee and cycle', () => {
  const meetings: CycleMeeting[] = [
    { lessonId: 'l1', actionSteps: [step('s1', '2026-10-01')], nextMeeting: '2026-10-08' },
    { lessonId: 'l3', actionSteps: [step('s9', '2026-11-30')], nextMeeting: '2026-11-05' },
  ];

  it('groups cycles newest first under each coachee, with focus, next meeting and overdue steps, and keeps loose lessons apart', () => {
    const withFocus = cycles.map((c) => ({ ...c, focus: `Focus ${c.id}` }));
    const gone = lesson('orphan', '2026-10-02', 'deleted-cycle');
    const library = groupLibrary([coachee('ben', 'Ben'), coachee('ana', 'Ana')], withFocus, [...lessons, gone], meetings, '2026-10-20');
    expect(library.coachees.map((g) => g.coachee.name)).toEqual(['Ana', 'Ben']);
    const ana = library.coachees[0];
    expect(ana.cycles.map((c) => [c.cycle.id, c.cycle.focus, c.date, c.nextMeeting])).toEqual([
      ['c3', 'Focus c3', '2026-10-22', '2026-11-05'],
      ['c2', 'Focus c2', '2026-10-08', null],
      ['c1', 'Focus c1', '2026-09-24', '2026-10-08'],
    ]);
    expect(ana.nextMeeting).toBe('2026-11-05');
    expect(ana.cycles[2].overdue.map((s) => s.id)).toEqual(['s1']);
    expect(ana.overdueCount).toBe(1);
    expect(ana.cycles[0].lessons.map((l) => l.id)).toEqual(['l3']);
    expect(library.loose.map((l) => l.id)).toEqual(['loose', 'orphan']);
  });
});

describe('then and now', () => {
  it("offers the previous cycle's lessons, newest first; none for a first cycle or a loose lesson", () => {
    const more = [...lessons, lesson('l1b', '2026-09-30', 'c1')];
    expect(previousCycleLessons('l2', cycles, more).map((l) => l.id)).toEqual(['l1b', 'l1']);
    expect(previousCycleLessons('l1', cycles, more)).toEqual([]);
    expect(previousCycleLessons('loose', cycles, more)).toEqual([]);
  });

  it('orders the earlier clips most alike first: shared entry kinds, then tags (any case), then list order', () => {
    const now = { id: 'n', order: 0, kinds: ['teacher_question'], tags: ['Wait time'] };
    const then = [
      { id: 'a', order: 0, kinds: ['incident'], tags: ['wait time'] },
      { id: 'b', order: 1, kinds: ['teacher_question'], tags: [] },
      { id: 'c', order: 2, kinds: ['teacher_question'], tags: ['wait time'] },
      { id: 'd', order: 3, kinds: [], tags: [] },
    ];
    expect(likeWithLike(now, then).map((c) => c.id)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('compares a clip by the kinds and tags of the entries it shows, each once', () => {
    const entries = [
      { id: 'e1', kind: 'teacher_question', tags: ['wait'] },
      { id: 'e2', kind: 'teacher_question', tags: ['wait', 'open'] },
      { id: 'e3', kind: 'incident', tags: ['late'] },
    ];
    expect(comparableClip({ id: 'c', order: 2, annotationIds: ['e1', 'e2'] }, entries)).toEqual({ id: 'c', order: 2, kinds: ['teacher_question'], tags: ['wait', 'open'] });
    expect(comparableClip({ id: 'd', order: 0, annotationIds: [] }, entries)).toEqual({ id: 'd', order: 0, kinds: [], tags: [] });
  });
});
