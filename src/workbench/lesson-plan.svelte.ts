/** The open lesson's plan (timeboxes) and pre-watch settings, stored at once and undoable. */
import { DEFAULT_PLAN, proposePhaseBoundaries, type PlanPhase } from '../core/plan';
import type { TalkLabel, TalkSegment } from '../core/talk';
import { putPlan, type PlanRecord } from '../db/db';
import { getPlan } from '../db/reads';
import type { History } from '../app/history.svelte';
import { saveProblems } from '../app/save-problems.svelte';

/** A fresh plan record for a lesson: the default timeboxes, no pre-watch budget. */
export function defaultPlan(lessonId: string): PlanRecord {
  return { lessonId, phases: DEFAULT_PLAN.map((p) => ({ ...p })), prewatchMinutes: null, prewatchOverrides: {}, updatedAt: 0 };
}

/** Edits to the plan and pre-watch settings, applied in order to the stored record. */
export class LessonPlan {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private lessonId: string,
    private history: History,
  ) {}

  /** Apply `after(stored)` once earlier edits are stored (the `_shown` record only names the edit). */
  #save(label: string, _shown: PlanRecord, after: PlanRecord | ((stored: PlanRecord) => PlanRecord), mergeKey?: string): Promise<void> {
    const run = this.#queue.then(async () => {
      const before = (await getPlan(this.lessonId)) ?? defaultPlan(this.lessonId);
      const next = typeof after === 'function' ? after(before) : after;
      await putPlan(next);
      this.history.record({ label, undo: () => putPlan(before), redo: () => putPlan(next), mergeKey });
    });
    this.#queue = run.catch((error) => saveProblems.report('The lesson plan', error));
    return run;
  }

  /** Change one phase. */
  updatePhase(plan: PlanRecord, id: string, patch: Partial<PlanPhase>, mergeKey?: string) {
    return this.#save('Edit plan', plan, (stored) => ({ ...stored, phases: stored.phases.map((p) => (p.id === id ? { ...p, ...patch } : p)) }), mergeKey && `plan:${id}:${mergeKey}`);
  }

  addPhase(plan: PlanRecord) {
    const phase: PlanPhase = { id: crypto.randomUUID(), name: `Phase ${plan.phases.length + 1}`, plannedMinutes: 10 };
    return this.#save('Add phase', plan, (stored) => ({ ...stored, phases: [...stored.phases, phase] }));
  }

  removePhase(plan: PlanRecord, id: string) {
    return this.#save('Remove phase', plan, (stored) => ({ ...stored, phases: stored.phases.filter((p) => p.id !== id) }));
  }

  /** Accept phase boundaries proposed from the talk-time bands. */
  propose(plan: PlanRecord, segments: readonly TalkSegment[], duration: number) {
    return this.#save('Propose phase boundaries', plan, (stored) => ({ ...stored, phases: proposePhaseBoundaries(stored.phases, segments, duration) }));
  }

  /** Clear every marked boundary. */
  clearBoundaries(plan: PlanRecord) {
    return this.#save('Clear phase boundaries', plan, (stored) => ({ ...stored, phases: stored.phases.map((p) => ({ ...p, start: null, end: null })) }));
  }

  setPrewatch(plan: PlanRecord, minutes: number | null) {
    return this.#save('Pre-watch budget', plan, (stored) => ({ ...stored, prewatchMinutes: minutes }));
  }

  setOverride(plan: PlanRecord, label: TalkLabel, rate: number | null) {
    return this.#save('Pre-watch speed', plan, (stored) => {
      const overrides = { ...stored.prewatchOverrides };
      if (rate === null) delete overrides[label];
      else overrides[label] = rate;
      return { ...stored, prewatchOverrides: overrides };
    });
  }

}
