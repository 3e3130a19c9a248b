/**
 * The previous cycle's action steps as the next lesson of the same teacher shows them (issue 22):
 * each with its mark in this lesson's cycle (done, partly, not yet) and the evidence entry that shows
 * it. Follows the stored rows of the lesson's coachee; a loose lesson or a first cycle has none.
 */
import { previousSteps, type PreviousStep, type StepStatus } from '../core/cycles';
import { setStepReview } from '../db/db';
import { watchCoacheeRowsOfLesson, type CoacheeRows } from '../db/reads';

/** The previous-steps panel's state for one open lesson. */
export class PreviousSteps {
  /** The rows of the lesson's coachee (null for a loose lesson); undefined while the first read is on its way. */
  rows = $state.raw<CoacheeRows | null | undefined>(undefined);
  /** Why the last mark was not stored, in plain words, or null. */
  error = $state<string | null>(null);

  /** The cycle this lesson belongs to, or null. */
  readonly cycle = $derived.by(() => this.rows?.cycles.find((c) => c.id === this.rows?.lessons.find((l) => l.id === this.lessonId)?.cycleId) ?? null);
  /** The previous cycle and its steps with their marks here, or null when there is no previous cycle. */
  readonly previous = $derived.by(() => (this.rows ? previousSteps(this.lessonId, this.rows.cycles, this.rows.lessons, this.rows.meetings) : null));
  /** The steps to show (empty when there are none). */
  readonly steps: PreviousStep[] = $derived(this.previous?.steps ?? []);

  #stop: (() => void) | null = null;

  constructor(readonly lessonId: string) {}

  /** Follow the stored rows; `destroy` stops. */
  start(): void {
    const subscription = watchCoacheeRowsOfLesson(this.lessonId).subscribe(
      (rows) => (this.rows = rows),
      (error) => console.error('Reading the previous cycle failed', this.lessonId, error),
    );
    this.#stop = () => subscription.unsubscribe();
  }

  /** Mark a step in this lesson's cycle (null clears the mark), with an entry of this lesson that shows it. */
  async mark(stepId: string, status: StepStatus | null, entryId: string | null = null): Promise<boolean> {
    const cycle = this.cycle;
    if (!cycle) return false;
    try {
      await setStepReview(cycle.id, stepId, status, entryId);
      this.error = null;
      return true;
    } catch (error) {
      console.error('Marking a step failed', cycle.id, stepId, error);
      this.error = 'The mark could not be saved; your lessons are safe.';
      return false;
    }
  }

  /** Stop following the stored rows. */
  destroy(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
