/**
 * The library by coachee and cycle (issue 22): coachees in name order, their cycles newest first with
 * focus, next meeting and overdue steps, and lessons in no cycle apart. Adds coachees and cycles,
 * moves lessons between cycles, and deletes a coachee only after their name is typed.
 */
import { cleanCoacheeName, createCycle, groupLibrary, type Cycle } from '../core/cycles';
import { deleteCoachee, moveLessonToCycle, putCoachee, putCycle, type LessonRecord } from '../db/db';
import { getCycle, watchLibraryRows, type LibraryRows } from '../db/reads';

/** Today as YYYY-MM-DD in the coach's own time zone (due dates are the coach's days). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The fields of a cycle the pre-lesson meeting sets. */
export type CyclePlan = Partial<Pick<Cycle, 'focus' | 'themeId' | 'lenses' | 'evidenceToCollect'>>;

/** State of the library's coaching view. */
export class CoachingLibrary {
  #stop: (() => void) | null = null;
  #today: () => string = () => localToday();
  #newId: () => string = () => crypto.randomUUID();

  /** Every row the grouping reads; undefined while the first read is on its way. */
  rows = $state.raw<LibraryRows | undefined>(undefined);
  /** Why the last change was not made, in plain words, or null. */
  error = $state<string | null>(null);

  /** Coachees with their cycles, and the loose lessons; null while loading. */
  readonly groups = $derived(this.rows ? groupLibrary<LessonRecord>(this.rows.coachees, this.rows.cycles, this.rows.lessons, this.rows.meetings, this.#today()) : null);

  constructor(options: { today?: () => string; newId?: () => string } = {}) {
    if (options.today) this.#today = options.today;
    if (options.newId) this.#newId = options.newId;
  }

  /** Follow the stored rows; `destroy` stops. */
  start(): void {
    const subscription = watchLibraryRows().subscribe(
      (rows) => (this.rows = rows),
      (error) => console.error('Reading the library by coachee failed', error),
    );
    this.#stop = () => subscription.unsubscribe();
  }

  /** Add a coachee by name or pseudonym; returns their id, or null (with `error` set) when the name is empty. */
  async addCoachee(name: string, now = Date.now()): Promise<string | null> {
    const clean = cleanCoacheeName(name);
    if (!clean) {
      this.error = 'Give the teacher a name or a pseudonym.';
      return null;
    }
    const id = this.#newId();
    return this.#attempt(async () => {
      await putCoachee({ id, name: clean, createdAt: now, updatedAt: now });
      return id;
    });
  }

  /** Start a cycle for a coachee with the pre-lesson meeting's focus, theme, lenses and evidence; returns its id. */
  async addCycle(coacheeId: string, plan: CyclePlan = {}, now = Date.now()): Promise<string | null> {
    const id = this.#newId();
    return this.#attempt(async () => {
      await putCycle({ ...createCycle(coacheeId, now, id), ...plan });
      return id;
    });
  }

  /** Change a cycle's pre-lesson record (focus trimmed); its lessons and step reviews stay. */
  async updateCycle(cycleId: string, plan: CyclePlan): Promise<boolean> {
    const changed = await this.#attempt(async () => {
      const stored = await getCycle(cycleId);
      if (!stored) throw new Error('This coaching cycle is no longer in the library.');
      await putCycle({ ...stored, ...plan, ...(plan.focus !== undefined ? { focus: plan.focus.trim() } : {}), updatedAt: Date.now() });
      return true;
    });
    return changed ?? false;
  }

  /** Put a lesson in a cycle, or take it out of any (null). */
  moveLesson(lessonId: string, cycleId: string | null): Promise<boolean | null> {
    return this.#attempt(async () => {
      await moveLessonToCycle(lessonId, cycleId);
      return true;
    });
  }

  /** Delete a coachee and everything of theirs, only when `typed` is their name (as deleting a lesson asks for its title). */
  async deleteCoachee(coacheeId: string, typed: string): Promise<boolean> {
    const coachee = this.rows?.coachees.find((c) => c.id === coacheeId);
    if (!coachee || cleanCoacheeName(typed) !== coachee.name) {
      this.error = 'Type the teacher’s name exactly to delete everything of theirs.';
      return false;
    }
    return (
      (await this.#attempt(async () => {
        await deleteCoachee(coacheeId);
        return true;
      })) ?? false
    );
  }

  /** Run a change; a database failure is logged and said in plain words. */
  async #attempt<T>(change: () => Promise<T>): Promise<T | null> {
    try {
      const result = await change();
      this.error = null;
      return result;
    } catch (error) {
      console.error('Changing the library by coachee failed', error);
      this.error = error instanceof Error && /no longer in the library/.test(error.message) ? error.message : 'Something went wrong; your lessons are safe.';
      return null;
    }
  }

  /** Stop following the stored rows. */
  destroy(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
