/**
 * Coaching cycles: a coachee's lessons linked over time. A cycle holds the pre-lesson meeting (the
 * focus in the teacher's words, a theme guide, the lenses and the evidence to collect), its lessons
 * and, through their meeting records, the action steps agreed at the end. The next cycle reviews
 * those steps. Everything here is descriptive: no score, no ranking, no comparison between teachers.
 */
import type { LensId } from './lenses';

/** A teacher being coached: a name or a pseudonym, nothing else required. */
export interface Coachee {
  id: string;
  /** Name or pseudonym, as the coach writes it. */
  name: string;
  createdAt: number;
  updatedAt: number;
}

/** How far an agreed action step was carried out, as coach and teacher judge it at the next cycle. */
export type StepStatus = 'done' | 'partly' | 'not_yet';

/** Every status, in the order offered. */
export const STEP_STATUSES: readonly StepStatus[] = ['done', 'partly', 'not_yet'];

/** Words for each status. */
export const STEP_STATUS_NAMES: Record<StepStatus, string> = { done: 'Done', partly: 'Partly', not_yet: 'Not yet' };

/** The review of one of the previous cycle's action steps, made in this cycle. */
export interface StepReview {
  /** The action step's id (in the previous cycle's meeting record). */
  stepId: string;
  status: StepStatus;
  /** An evidence entry logged in this cycle's lesson that shows the step, if the coach linked one. */
  entryId: string | null;
}

/** One coaching cycle of a coachee; its lessons point at it (`cycleId` on the lesson). */
export interface Cycle {
  id: string;
  coacheeId: string;
  createdAt: number;
  updatedAt: number;
  /** The development focus agreed in the pre-lesson meeting, in the teacher's words. */
  focus: string;
  /** The theme coaching guide chosen for the cycle (see guides.ts), or null. */
  themeId: string | null;
  /** Lenses agreed for watching the lesson. */
  lenses: LensId[];
  /** Practice evidence agreed to collect, one line each. */
  evidenceToCollect: string[];
  /** Reviews of the previous cycle's action steps. */
  stepReviews: StepReview[];
}

/** What the cycle logic needs of a lesson. */
export interface CycleLesson {
  id: string;
  /** Lesson date, YYYY-MM-DD. */
  date: string;
  createdAt: number;
  /** The cycle the lesson belongs to; null or absent for a loose lesson. */
  cycleId?: string | null;
}

/** One agreed action step (the meeting record's own shape). */
export interface CycleActionStep {
  id: string;
  text: string;
  owner: string;
  /** YYYY-MM-DD or ''. */
  due: string;
}

/** What the cycle logic needs of a lesson's post-lesson meeting record. */
export interface CycleMeeting {
  lessonId: string;
  actionSteps: CycleActionStep[];
  /** YYYY-MM-DD, or null until agreed. */
  nextMeeting: string | null;
}

/** A new, empty cycle for a coachee. */
export function createCycle(coacheeId: string, now: number, id: string): Cycle {
  return { id, coacheeId, createdAt: now, updatedAt: now, focus: '', themeId: null, lenses: [], evidenceToCollect: [], stepReviews: [] };
}

/** A coachee's name as stored: trimmed, inner runs of space made one; empty is refused by the caller. */
export function cleanCoacheeName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** The date a cycle sits at on the coachee's time line: its earliest lesson's date, else the day it was created (UTC). */
export function cycleDate(cycle: Pick<Cycle, 'id' | 'createdAt'>, lessons: readonly CycleLesson[]): string {
  const dates = lessons.filter((l) => l.cycleId === cycle.id && l.date).map((l) => l.date);
  if (dates.length) return dates.sort()[0];
  return new Date(cycle.createdAt).toISOString().slice(0, 10);
}

/** A coachee's cycles in time order (oldest first): by cycle date, then by when each was created. */
export function cyclesInOrder<C extends Pick<Cycle, 'id' | 'coacheeId' | 'createdAt'>>(coacheeId: string, cycles: readonly C[], lessons: readonly CycleLesson[]): C[] {
  return cycles
    .filter((c) => c.coacheeId === coacheeId)
    .map((c) => ({ c, date: cycleDate(c, lessons) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.c.createdAt - b.c.createdAt))
    .map((x) => x.c);
}

/** The cycle just before `cycleId` in its coachee's time line, or null for the first one (or an unknown id). */
export function previousCycle<C extends Pick<Cycle, 'id' | 'coacheeId' | 'createdAt'>>(cycleId: string, cycles: readonly C[], lessons: readonly CycleLesson[]): C | null {
  const cycle = cycles.find((c) => c.id === cycleId);
  if (!cycle) return null;
  const ordered = cyclesInOrder(cycle.coacheeId, cycles, lessons);
  const at = ordered.findIndex((c) => c.id === cycleId);
  return at > 0 ? ordered[at - 1] : null;
}

/** The cycle just after `cycleId` in its coachee's time line, or null for the newest. */
export function nextCycle<C extends Pick<Cycle, 'id' | 'coacheeId' | 'createdAt'>>(cycleId: string, cycles: readonly C[], lessons: readonly CycleLesson[]): C | null {
  const cycle = cycles.find((c) => c.id === cycleId);
  if (!cycle) return null;
  const ordered = cyclesInOrder(cycle.coacheeId, cycles, lessons);
  const at = ordered.findIndex((c) => c.id === cycleId);
  return at >= 0 && at < ordered.length - 1 ? ordered[at + 1] : null;
}

/** The previous cycle of the cycle a lesson belongs to; null for a loose lesson or a first cycle. */
export function previousCycleOfLesson<C extends Pick<Cycle, 'id' | 'coacheeId' | 'createdAt'>>(lessonId: string, cycles: readonly C[], lessons: readonly CycleLesson[]): C | null {
  const cycleId = lessons.find((l) => l.id === lessonId)?.cycleId;
  return cycleId ? previousCycle(cycleId, cycles, lessons) : null;
}

/** The action steps agreed in a cycle: its lessons' meeting records in lesson order, steps with no words left out. */
export function cycleSteps(cycleId: string, lessons: readonly CycleLesson[], meetings: readonly CycleMeeting[]): CycleActionStep[] {
  const own = lessons.filter((l) => l.cycleId === cycleId).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.createdAt - b.createdAt));
  return own.flatMap((l) => meetings.find((m) => m.lessonId === l.id)?.actionSteps ?? []).filter((s) => s.text.trim() !== '');
}

/** The next meeting agreed in a cycle: the latest date among its lessons' meeting records, or null. */
export function cycleNextMeeting(cycleId: string, lessons: readonly CycleLesson[], meetings: readonly CycleMeeting[]): string | null {
  const ids = new Set(lessons.filter((l) => l.cycleId === cycleId).map((l) => l.id));
  const dates = meetings.filter((m) => ids.has(m.lessonId) && m.nextMeeting).map((m) => m.nextMeeting!);
  return dates.length ? dates.sort()[dates.length - 1] : null;
}

/** The review of a step in a cycle, or null while not reviewed. */
export function stepReview(cycle: Pick<Cycle, 'stepReviews'>, stepId: string): StepReview | null {
  return cycle.stepReviews.find((r) => r.stepId === stepId) ?? null;
}

/** A cycle's reviews with one step marked (replacing its earlier review); `status` null clears it. */
export function reviewStep(reviews: readonly StepReview[], stepId: string, status: StepStatus | null, entryId: string | null = null): StepReview[] {
  const rest = reviews.filter((r) => r.stepId !== stepId);
  return status ? [...rest, { stepId, status, entryId }] : rest;
}

/** A step carried over from the previous cycle, with its review in this one. */
export interface PreviousStep {
  step: CycleActionStep;
  review: StepReview | null;
}

/** The previous cycle's steps as the cycle a lesson belongs to sees them: each with its review there (null while not reviewed). */
export function previousSteps(lessonId: string, cycles: readonly Cycle[], lessons: readonly CycleLesson[], meetings: readonly CycleMeeting[]): { cycle: Cycle; steps: PreviousStep[] } | null {
  const cycleId = lessons.find((l) => l.id === lessonId)?.cycleId;
  const current = cycleId ? cycles.find((c) => c.id === cycleId) : undefined;
  const previous = current ? previousCycle(current.id, cycles, lessons) : null;
  if (!current || !previous) return null;
  return { cycle: previous, steps: cycleSteps(previous.id, lessons, meetings).map((step) => ({ step, review: stepReview(current, step.id) })) };
}

/**
 * A cycle's steps that are overdue on `today` (YYYY-MM-DD): a due date before today, and not marked
 * done in the cycle after it. Steps with no date are never overdue.
 */
export function overdueSteps(cycleId: string, cycles: readonly Cycle[], lessons: readonly CycleLesson[], meetings: readonly CycleMeeting[], today: string): CycleActionStep[] {
  const after = nextCycle(cycleId, cycles, lessons);
  return cycleSteps(cycleId, lessons, meetings).filter((s) => s.due !== '' && s.due < today && (after ? stepReview(after, s.id)?.status !== 'done' : true));
}

/** One cycle as the library shows it. */
export interface LibraryCycle<L extends CycleLesson> {
  cycle: Cycle;
  /** Its date on the time line (see cycleDate). */
  date: string;
  /** Its lessons, newest first. */
  lessons: L[];
  nextMeeting: string | null;
  overdue: CycleActionStep[];
}

/** One coachee as the library shows them. */
export interface LibraryCoachee<L extends CycleLesson> {
  coachee: Coachee;
  /** Cycles newest first. */
  cycles: LibraryCycle<L>[];
  /** The next meeting agreed in their newest cycle that has one, or null. */
  nextMeeting: string | null;
  /** How many of their steps are overdue, over every cycle. */
  overdueCount: number;
}

const newestFirst = <L extends CycleLesson>(a: L, b: L) => (a.date > b.date ? -1 : a.date < b.date ? 1 : b.createdAt - a.createdAt);

/**
 * The library grouped by coachee and cycle, newest first, with lessons in no cycle (or in a cycle
 * that is gone) listed apart. Coachees are in name order: the library never ranks them.
 */
export function groupLibrary<L extends CycleLesson>(
  coachees: readonly Coachee[],
  cycles: readonly Cycle[],
  lessons: readonly L[],
  meetings: readonly CycleMeeting[],
  today: string,
): { coachees: LibraryCoachee<L>[]; loose: L[] } {
  const known = new Set(cycles.filter((c) => coachees.some((p) => p.id === c.coacheeId)).map((c) => c.id));
  const groups = [...coachees]
    .sort((a, b) => a.name.localeCompare(b.name) || a.createdAt - b.createdAt)
    .map((coachee) => {
      const own = cyclesInOrder(coachee.id, cycles, lessons).reverse();
      const shown = own.map((cycle) => ({
        cycle,
        date: cycleDate(cycle, lessons),
        lessons: lessons.filter((l) => l.cycleId === cycle.id).sort(newestFirst),
        nextMeeting: cycleNextMeeting(cycle.id, lessons, meetings),
        overdue: overdueSteps(cycle.id, cycles, lessons, meetings, today),
      }));
      return {
        coachee,
        cycles: shown,
        nextMeeting: shown.find((c) => c.nextMeeting)?.nextMeeting ?? null,
        overdueCount: shown.reduce((n, c) => n + c.overdue.length, 0),
      };
    });
  const loose = lessons.filter((l) => !l.cycleId || !known.has(l.cycleId)).sort(newestFirst);
  return { coachees: groups, loose };
}

/** The lessons of the previous cycle of the cycle a lesson belongs to, newest first (where the "then" clip of then-and-now comes from). */
export function previousCycleLessons<L extends CycleLesson>(lessonId: string, cycles: readonly Cycle[], lessons: readonly L[]): L[] {
  const previous = previousCycleOfLesson(lessonId, cycles, lessons);
  return previous ? lessons.filter((l) => l.cycleId === previous.id).sort(newestFirst) : [];
}

/** What like-with-like needs of a clip: its id, list order and the kinds and tags of the entries it shows. */
export interface ComparableClip {
  id: string;
  order: number;
  kinds: readonly string[];
  tags: readonly string[];
}

/**
 * The previous lesson's clips to set beside a clip of this one, most alike first: by how many entry
 * kinds they share, then how many tags, then the previous clip list's own order. Clips sharing
 * nothing come last, still offered: the coach knows best what is alike.
 */
export function likeWithLike<C extends ComparableClip>(now: ComparableClip, then: readonly C[]): C[] {
  const shared = (a: readonly string[], b: readonly string[]) => new Set(a.filter((x) => b.includes(x))).size;
  return [...then]
    .map((clip) => ({ clip, kinds: shared(now.kinds, clip.kinds), tags: shared(now.tags.map((t) => t.toLowerCase()), clip.tags.map((t) => t.toLowerCase())) }))
    .sort((a, b) => b.kinds - a.kinds || b.tags - a.tags || a.clip.order - b.clip.order)
    .map((x) => x.clip);
}

/** A clip as like-with-like compares it: the kinds and tags of the entries it shows. */
export function comparableClip(clip: { id: string; order: number; annotationIds: readonly string[] }, entries: readonly { id: string; kind: string; tags: readonly string[] }[]): ComparableClip {
  const shown = entries.filter((e) => clip.annotationIds.includes(e.id));
  return { id: clip.id, order: clip.order, kinds: [...new Set(shown.map((e) => e.kind))], tags: [...new Set(shown.flatMap((e) => e.tags))] };
}
