import { describe, expect, it } from 'vitest';
import { planPrewatch, rateAt, remainingPrewatch } from '../../../src/core/prewatch';
import type { TalkLabel, TalkSegment } from '../../../src/core/talk';

const MIN = 60;
const seg = (startMin: number, endMin: number, label: TalkLabel): TalkSegment => ({ start: startMin * MIN, end: endMin * MIN, label, confidence: 0.9 });

// A 60-minute lesson, 15 minutes of each kind of activity.
const lesson = [seg(0, 15, 'teacher_talk'), seg(15, 30, 'discussion'), seg(30, 45, 'group_work'), seg(45, 60, 'independent_work')];

describe('planPrewatch', () => {
  it('fits a 60-minute lesson into 20 minutes with speeds in proportion to the weights', () => {
    // 15/(1.5s) + 15/s + 15/(2.5s) + 15/(4s) = 34.75/s minutes = 20  →  s = 1.7375.
    const plan = planPrewatch(lesson, 20 * MIN);
    expect(plan.feasible).toBe(true);
    expect(plan.plannedSeconds).toBeCloseTo(1200, 3);
    expect(plan.rates.discussion).toBeCloseTo(1.7375, 6);
    expect(plan.rates.teacher_talk).toBeCloseTo(2.60625, 6);
    expect(plan.rates.group_work).toBeCloseTo(4.34375, 6);
    expect(plan.rates.independent_work).toBeCloseTo(6.95, 6);
    expect(plan.message).toBeUndefined();
  });

  it('keeps a speed the coach fixed and shares the rest of the budget among the others', () => {
    // Independent work fixed at 8×: 15/8 = 1.875 min. The other three: 15/s (1/1.5 + 1 + 1/2.5) = 31/s = 18.125 min.
    const plan = planPrewatch(lesson, 20 * MIN, { overrides: { independent_work: 8 } });
    expect(plan.rates.independent_work).toBe(8);
    expect(plan.rates.discussion).toBeCloseTo(31 / 18.125, 6);
    expect(plan.plannedSeconds).toBeCloseTo(1200, 3);
  });

  it('holds a clamped label at the maximum and makes the others faster to compensate', () => {
    // 30 min without audio (weight 6) and 30 min discussion in 10 min: unclamped s = 3.5 would put no_audio at 21×.
    // At 16×, no_audio takes 1.875 min; discussion gets 8.125 min → 30/8.125 = 3.6923×.
    const plan = planPrewatch([seg(0, 30, 'no_audio'), seg(30, 60, 'discussion')], 10 * MIN);
    expect(plan.rates.no_audio).toBe(16);
    expect(plan.rates.discussion).toBeCloseTo(30 / 8.125, 6);
    expect(plan.plannedSeconds).toBeCloseTo(600, 3);
    expect(plan.feasible).toBe(true);
  });

  it('says so, with the shortest possible time, when even 16× is too slow', () => {
    const plan = planPrewatch([seg(0, 60, 'independent_work')], 3 * MIN);
    expect(plan.feasible).toBe(false);
    expect(plan.rates.independent_work).toBe(16);
    expect(plan.plannedSeconds).toBe(225);
    expect(plan.message).toMatch(/fastest speeds/);
  });

  it('counts a slow fixed speed against the budget when deciding feasibility', () => {
    // Discussion fixed at normal speed takes 15 min of a 15-min budget; nothing is left for the other 45 min.
    const plan = planPrewatch(lesson, 15 * MIN, { overrides: { discussion: 1 } });
    expect(plan.feasible).toBe(false);
    expect(plan.plannedSeconds).toBeCloseTo(15 * MIN + (45 * MIN) / 16, 6);
  });

  it('speeds up the quietest stretches first when the budget is only a little short', () => {
    // 55 min for 60: only independent work (weight 4) leaves normal speed. 45 + 15/(4s) = 55 → s = 0.375 → 1.5×.
    const plan = planPrewatch(lesson, 55 * MIN);
    expect(plan.rates.independent_work).toBeCloseTo(1.5, 6);
    expect([plan.rates.teacher_talk, plan.rates.discussion, plan.rates.group_work]).toEqual([1, 1, 1]);
    expect(plan.plannedSeconds).toBeCloseTo(55 * MIN, 3);
  });

  it('never slows below normal speed to use up a generous budget', () => {
    const plan = planPrewatch(lesson, 90 * MIN);
    expect(Object.values(plan.rates)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(plan.plannedSeconds).toBe(3600);
    expect(plan.feasible).toBe(true);
    expect(plan.message).toMatch(/without speeding up/);
  });

  it('clamps fixed speeds to the allowed range and honours custom weights', () => {
    const plan = planPrewatch(lesson, 20 * MIN, { overrides: { no_audio: 40, unclear: 0.1 }, weights: { discussion: 1.5 } });
    expect(plan.rates.no_audio).toBe(16);
    expect(plan.rates.unclear).toBe(0.5);
    // Discussion now weighs like teacher talk, so they share a speed.
    expect(plan.rates.discussion).toBeCloseTo(plan.rates.teacher_talk, 9);
  });
});

describe('rateAt and remainingPrewatch', () => {
  const plan = planPrewatch(lesson, 20 * MIN);

  it('gives the speed of the segment at a time, normal speed outside the lesson', () => {
    expect(rateAt(plan, lesson, 20 * MIN)).toBeCloseTo(1.7375, 6);
    expect(rateAt(plan, lesson, 45 * MIN)).toBeCloseTo(6.95, 6);
    expect(rateAt(plan, lesson, 61 * MIN)).toBe(1);
  });

  it('adds up the viewing time left from a point at each segment’s speed', () => {
    expect(remainingPrewatch(plan, lesson, 0)).toBeCloseTo(1200, 3);
    // From 50:00: 10 min of independent work at 6.95×.
    expect(remainingPrewatch(plan, lesson, 50 * MIN)).toBeCloseTo(600 / 6.95, 6);
    // From 25:00: 5 min discussion, 15 group work, 15 independent work.
    expect(remainingPrewatch(plan, lesson, 25 * MIN)).toBeCloseTo(300 / 1.7375 + 900 / 4.34375 + 900 / 6.95, 6);
    expect(remainingPrewatch(plan, lesson, 60 * MIN)).toBe(0);
  });
});
