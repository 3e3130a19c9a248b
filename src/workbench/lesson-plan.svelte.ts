/** The open lesson's plan (timeboxes) and pre-watch settings, stored at once and undoable. */
import { DEFAULT_PLAN, proposePhaseBoundaries, type PlanPhase } from '../core/plan';
import type { TalkLabel, TalkSegment } from '../core/talk';
import { putPlan, type PlanRecord } from '../db/db';
import type { History } from '../app/history.svelte';

/** A fresh plan record for a lesson: the default timeboxes, no pre-watch budget. */
export function defaultPlan(lessonId: string): PlanRecord {
  return { lessonId, phases: DEFAULT_PLAN.map((p) => ({ ...p })), prewatchMinutes: null, prewatchOverrides: {}, updatedAt: 0 };
}

/** Edits to the plan and pre-watch settings. */
export class LessonPlan {
  constructor(
    private lessonId: string,
    private history: History,
  ) {}

  async #save(label: string, before: PlanRecord, after: PlanRecord, mergeKey?: string): Promise<void> {
    await putPlan(after);
    this.history.record({ label, undo: () => putPlan(before), redo: () => putPlan(after), mergeKey });
  }

  /** Change one phase. */
  updatePhase(plan: PlanRecord, id: string, patch: Partial<PlanPhase>, mergeKey?: string) {
    const phases = plan.phases.map((p) => (p.id === id ? { ...p, ...patch } : p));
    return this.#save('Edit plan', plan, { ...plan, phases }, mergeKey && `plan:${id}:${mergeKey}`);
  }

  addPhase(plan: PlanRecord) {
    const phase: PlanPhase = { id: crypto.randomUUID(), name: `Phase ${plan.phases.length + 1}`, plannedMinutes: 10 };
    return this.#save('Add phase', plan, { ...plan, phases: [...plan.phases, phase] });
  }

  removePhase(plan: PlanRecord, id: string) {
    return this.#save('Remove phase', plan, { ...plan, phases: plan.phases.filter((p) => p.id !== id) });
  }

  /** Accept phase boundaries proposed from the talk-time bands. */
  propose(plan: PlanRecord, segments: readonly TalkSegment[], duration: number) {
    return this.#save('Propose phase boundaries', plan, { ...plan, phases: proposePhaseBoundaries(plan.phases, segments, duration) });
  }

  /** Clear every marked boundary. */
  clearBoundaries(plan: PlanRecord) {
    return this.#save('Clear phase boundaries', plan, { ...plan, phases: plan.phases.map((p) => ({ ...p, start: null, end: null })) });
  }

  setPrewatch(plan: PlanRecord, minutes: number | null) {
    return this.#save('Pre-watch budget', plan, { ...plan, prewatchMinutes: minutes });
  }

  setOverride(plan: PlanRecord, label: TalkLabel, rate: number | null) {
    const overrides = { ...plan.prewatchOverrides };
    if (rate === null) delete overrides[label];
    else overrides[label] = rate;
    return this.#save('Pre-watch speed', plan, { ...plan, prewatchOverrides: overrides });
  }

}
