import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, actualPhases, phaseComparison, proposePhaseBoundaries, type PlanPhase } from '../../../src/core/plan';
import type { TalkLabel, TalkSegment } from '../../../src/core/talk';

const MIN = 60;
const seg = (startMin: number, endMin: number, label: TalkLabel): TalkSegment => ({ start: startMin * MIN, end: endMin * MIN, label, confidence: 0.8 });
const bounds = (phases: PlanPhase[]) => phases.map((p) => [p.start! / MIN, p.end! / MIN]);

describe('DEFAULT_PLAN', () => {
  it('is the 55-minute starter, input, group task, plenary plan', () => {
    expect(DEFAULT_PLAN.map((p) => [p.name, p.plannedMinutes])).toEqual([
      ['Starter', 10],
      ['Input', 15],
      ['Group task', 20],
      ['Plenary', 10],
    ]);
    expect(new Set(DEFAULT_PLAN.map((p) => p.id)).size).toBe(4);
  });
});

describe('proposePhaseBoundaries', () => {
  it('snaps each planned boundary to the nearest segment boundary', () => {
    // Planned boundaries at 10, 25 and 45 min; the talk changes at 9.5, 26, 44 and 50 min.
    const segments = [seg(0, 9.5, 'teacher_talk'), seg(9.5, 26, 'discussion'), seg(26, 44, 'group_work'), seg(44, 50, 'discussion'), seg(50, 55, 'teacher_talk')];
    expect(bounds(proposePhaseBoundaries(DEFAULT_PLAN, segments, 55 * MIN))).toEqual([
      [0, 9.5],
      [9.5, 26],
      [26, 44],
      [44, 55],
    ]);
  });

  it('scales the plan to a longer lesson, and keeps the planned time when no segment boundary is near', () => {
    // 66 min for a 55-min plan: ×1.2, so targets at 12, 30 and 54 min. Nothing lies within 6 min of 54 (half the 12-min plenary).
    const segments = [seg(0, 11, 'teacher_talk'), seg(11, 13.5, 'discussion'), seg(13.5, 31, 'teacher_talk'), seg(31, 40, 'group_work'), seg(40, 66, 'independent_work')];
    expect(bounds(proposePhaseBoundaries(DEFAULT_PLAN, segments, 66 * MIN))).toEqual([
      [0, 11],
      [11, 31],
      [31, 54],
      [54, 66],
    ]);
  });

  it('moves only the boundary a change is near, keeping the other fields', () => {
    // A single change at 14 min: within 5 min (half the starter) of the 10-min target, but 11 min from the 25-min one.
    const segments = [seg(0, 14, 'teacher_talk'), seg(14, 55, 'group_work')];
    const proposed = proposePhaseBoundaries(DEFAULT_PLAN, segments, 55 * MIN);
    expect(bounds(proposed)).toEqual([
      [0, 14],
      [14, 25],
      [25, 45],
      [45, 55],
    ]);
    expect(proposed[2]).toMatchObject({ id: 'group-task', name: 'Group task', plannedMinutes: 20 });
    expect(DEFAULT_PLAN[0].start).toBeUndefined();
  });

  it('spreads a plan with no minutes evenly', () => {
    const phases = [0, 0].map((m, i) => ({ id: String(i), name: `P${i}`, plannedMinutes: m }));
    expect(bounds(proposePhaseBoundaries(phases, [], 40 * MIN))).toEqual([
      [0, 20],
      [20, 40],
    ]);
  });
});

describe('actualPhases', () => {
  it('fills unmarked boundaries from neighbours, then from the plan, and ends the last phase at the lesson end', () => {
    const phases: PlanPhase[] = [
      { id: 'a', name: 'Starter', plannedMinutes: 10, end: 9 * MIN },
      { id: 'b', name: 'Input', plannedMinutes: 15 },
      { id: 'c', name: 'Group task', plannedMinutes: 20, start: 25 * MIN },
      { id: 'd', name: 'Plenary', plannedMinutes: 10 },
    ];
    expect(actualPhases(phases, 55 * MIN).map((p) => [p.start / MIN, p.end / MIN, p.estimated])).toEqual([
      [0, 9, false],
      [9, 25, false],
      // Nothing marks the end of the group task: 20 planned minutes, and the plenary follows on from that guess.
      [25, 45, true],
      [45, 55, true],
    ]);
  });

  it('keeps a marked end of the last phase and clamps marks to the lesson', () => {
    const phases: PlanPhase[] = [
      { id: 'a', name: 'Starter', plannedMinutes: 10, start: -5, end: 12 * MIN },
      { id: 'b', name: 'Plenary', plannedMinutes: 10, end: 50 * MIN },
    ];
    expect(actualPhases(phases, 55 * MIN).map((p) => [p.start / MIN, p.end / MIN])).toEqual([
      [0, 12],
      [12, 50],
    ]);
    expect(actualPhases([{ id: 'x', name: 'All', plannedMinutes: 60, end: 90 * MIN }], 55 * MIN)[0].end).toBe(55 * MIN);
  });
});

describe('phaseComparison', () => {
  it('sets planned against actual seconds with the talk budget inside each phase', () => {
    const segments = [seg(0, 10, 'teacher_talk'), seg(10, 15, 'discussion'), seg(15, 40, 'group_work'), seg(40, 55, 'independent_work')];
    const phases: PlanPhase[] = [
      { id: 'starter', name: 'Starter', plannedMinutes: 10, end: 9 * MIN },
      { id: 'input', name: 'Input', plannedMinutes: 15, end: 25 * MIN },
      { id: 'group', name: 'Group task', plannedMinutes: 20, end: 45 * MIN },
      { id: 'plenary', name: 'Plenary', plannedMinutes: 10 },
    ];
    const rows = phaseComparison(phases, segments, 55 * MIN);
    expect(rows.map((r) => [r.plannedSeconds, r.actualSeconds, r.difference])).toEqual([
      [600, 540, -60],
      [900, 960, 60],
      [1200, 1200, 0],
      [600, 600, 0],
    ]);
    expect(rows[0].budget).toEqual([{ label: 'teacher_talk', seconds: 540, share: 1 }]);
    // Input 9–25 min: 1 min teacher talk, 5 min discussion, 10 min group work.
    expect(rows[1].budget.map((b) => [b.label, b.seconds])).toEqual([
      ['teacher_talk', 60],
      ['discussion', 300],
      ['group_work', 600],
    ]);
    expect(rows[2].budget.map((b) => [b.label, b.seconds])).toEqual([
      ['group_work', 900],
      ['independent_work', 300],
    ]);
    expect(rows[3].budget).toEqual([{ label: 'independent_work', seconds: 600, share: 1 }]);
  });
});
