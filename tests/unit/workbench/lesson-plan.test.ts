/** Plan and pre-watch edits: applied in order to the stored plan (the default until the first edit), undoable. */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { History } from '../../../src/app/history.svelte';
import { db } from '../../../src/db/db';
import { DEFAULT_PLAN } from '../../../src/core/plan';
import { defaultPlan, LessonPlan } from '../../../src/workbench/lesson-plan.svelte';
import { freshLesson } from '../lesson-rows';

const stored = async () => (await db.plans.get('a'))!;

describe('LessonPlan', () => {
  let history: History;
  let plan: LessonPlan;
  beforeEach(async () => {
    await freshLesson('a');
    history = new History();
    plan = new LessonPlan('a', history);
  });

  it('starts from the default plan and stores the first edit on top of it', async () => {
    const shown = defaultPlan('a');
    const first = shown.phases[0];
    await plan.updatePhase(shown, first.id, { plannedMinutes: 7 });
    const after = await stored();
    expect(after.phases.map((p) => p.plannedMinutes)).toEqual([7, ...DEFAULT_PLAN.slice(1).map((p) => p.plannedMinutes)]);
    await history.undo();
    expect((await stored()).phases[0].plannedMinutes).toBe(first.plannedMinutes);
  });

  it('applies quick edits in order, each to the plan as stored, so none undoes another', async () => {
    const shown = defaultPlan('a');
    // All made from the same shown plan, before any is stored.
    await Promise.all([
      plan.updatePhase(shown, shown.phases[0].id, { name: 'Warm-up' }),
      plan.addPhase(shown),
      plan.setPrewatch(shown, 20),
    ]);
    const after = await stored();
    expect(after.phases[0].name).toBe('Warm-up');
    expect(after.phases).toHaveLength(DEFAULT_PLAN.length + 1);
    expect(after.prewatchMinutes).toBe(20);
  });

  it('merges typing in a phase name into one undo step', async () => {
    const shown = defaultPlan('a');
    const id = shown.phases[0].id;
    for (const name of ['W', 'Wa', 'Warm', 'Warm-up']) await plan.updatePhase(shown, id, { name }, 'name');
    expect((await stored()).phases[0].name).toBe('Warm-up');
    await history.undo();
    expect((await stored()).phases[0].name).toBe(shown.phases[0].name);
    expect(history.canUndo).toBe(false);
  });

  it('sets and clears a pre-watch speed for one kind of band', async () => {
    const shown = defaultPlan('a');
    await plan.setOverride(shown, 'independent_work', 3);
    expect((await stored()).prewatchOverrides).toEqual({ independent_work: 3 });
    await plan.setOverride(shown, 'independent_work', null);
    expect((await stored()).prewatchOverrides).toEqual({});
    await history.undo();
    expect((await stored()).prewatchOverrides).toEqual({ independent_work: 3 });
  });

  it('removes a phase and clears every marked boundary', async () => {
    const shown = defaultPlan('a');
    await plan.updatePhase(shown, shown.phases[1].id, { start: 60, end: 300 });
    await plan.removePhase(shown, shown.phases[0].id);
    expect((await stored()).phases.map((p) => p.id)).toEqual(shown.phases.slice(1).map((p) => p.id));
    await plan.clearBoundaries(shown);
    expect((await stored()).phases.every((p) => p.start == null && p.end == null)).toBe(true);
  });
});
