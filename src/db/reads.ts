/**
 * Typed reads of one lesson's rows: `get…` reads once, `watch…` follows the stored value as it
 * changes (Dexie's `liveQuery`). The screens and the lesson session read storage only through here.
 */
import { liveQuery } from 'dexie';
import { db, listClips, listCoachees, listCycleLessons, listCycles, listEntries, listGuides, listLessons, type ReframeDB } from './db';
import type { AnalysisRecord, ClipRecord, CoacheeRecord, CycleRecord, EntryRecord, GuideRecord, LessonRecord, MeetingRecord, PlanRecord, SegmentsRecord } from './schema';
import type { TrendLesson } from '../core/trends';

/**
 * A stored value followed as it changes. The value is `undefined` until the first read has come
 * back. It keeps Svelte's store contract, so a component reads it as `$watch`; a class subscribes.
 */
export interface Watch<T> {
  subscribe(onValue: (value: T | undefined) => void, onError?: (error: unknown) => void): { unsubscribe(): void };
}

/** Follow any query of the database (re-run whenever a table it read changes). */
function watch<T>(query: () => Promise<T>): Watch<T> {
  return liveQuery(query);
}

/** A lesson's record, or undefined when there is none. */
export function getLesson(lessonId: string, database: ReframeDB = db): Promise<LessonRecord | undefined> {
  return database.lessons.get(lessonId);
}

/** A lesson's stored analysis (peaks, voice activity), or undefined before one has started. */
export function getAnalysis(lessonId: string, database: ReframeDB = db): Promise<AnalysisRecord | undefined> {
  return database.analyses.get(lessonId);
}

/** A lesson's automatic and corrected talk-time segments, or undefined before an analysis stored any. */
export function getSegments(lessonId: string, database: ReframeDB = db): Promise<SegmentsRecord | undefined> {
  return database.segments.get(lessonId);
}

/** One entry as stored, or undefined once deleted. */
export function getEntry(id: string, database: ReframeDB = db): Promise<EntryRecord | undefined> {
  return database.entries.get(id);
}

/** A lesson's stored plan, or undefined when the coach has not changed the default. */
export function getPlan(lessonId: string, database: ReframeDB = db): Promise<PlanRecord | undefined> {
  return database.plans.get(lessonId);
}

/** One clip as stored, or undefined once deleted. */
export function getClip(id: string, database: ReframeDB = db): Promise<ClipRecord | undefined> {
  return database.clips.get(id);
}

/** A lesson's meeting record, or undefined before anything was written in it. */
export function getMeeting(lessonId: string, database: ReframeDB = db): Promise<MeetingRecord | undefined> {
  return database.meetings.get(lessonId);
}

/** Every lesson in the library, newest first. */
export function watchLessons(): Watch<LessonRecord[]> {
  return watch(() => listLessons());
}

/** A lesson's record (null once it is gone). */
export function watchLesson(lessonId: string): Watch<LessonRecord | null> {
  return watch(async () => (await getLesson(lessonId)) ?? null);
}

/** A lesson's entries in time order. */
export function watchEntries(lessonId: string): Watch<EntryRecord[]> {
  return watch(() => listEntries(lessonId));
}

/** A lesson's clips in list order. */
export function watchClips(lessonId: string): Watch<ClipRecord[]> {
  return watch(() => listClips(lessonId));
}

/** A lesson's automatic and corrected talk-time segments (null before an analysis stored any). */
export function watchSegments(lessonId: string): Watch<SegmentsRecord | null> {
  return watch(async () => (await getSegments(lessonId)) ?? null);
}

/** A lesson's stored analysis (null before one has started). */
export function watchAnalysis(lessonId: string): Watch<AnalysisRecord | null> {
  return watch(async () => (await getAnalysis(lessonId)) ?? null);
}

/** A lesson's stored plan (null while the default plan applies). */
export function watchPlan(lessonId: string): Watch<PlanRecord | null> {
  return watch(async () => (await getPlan(lessonId)) ?? null);
}

/** A lesson's meeting record (null before anything was written in it). */
export function watchMeeting(lessonId: string): Watch<MeetingRecord | null> {
  return watch(async () => (await getMeeting(lessonId)) ?? null);
}

/** A coachee, or undefined when there is none. */
export function getCoachee(coacheeId: string, database: ReframeDB = db): Promise<CoacheeRecord | undefined> {
  return database.coachees.get(coacheeId);
}

/** A cycle, or undefined when there is none. */
export function getCycle(cycleId: string, database: ReframeDB = db): Promise<CycleRecord | undefined> {
  return database.cycles.get(cycleId);
}

/** One of the coach's own guides, or undefined (the built-in guides are in core/guides). */
export function getGuide(id: string, database: ReframeDB = db): Promise<GuideRecord | undefined> {
  return database.guides.get(id);
}

/** What the library needs to group lessons by coachee and cycle (core/cycles groupLibrary): every coachee, cycle, lesson and meeting record. */
export interface LibraryRows {
  coachees: CoacheeRecord[];
  cycles: CycleRecord[];
  lessons: LessonRecord[];
  meetings: MeetingRecord[];
}

/** The rows of the library by coachee and cycle. Meeting records are small (steps and notes), so all are read. */
export async function getLibraryRows(database: ReframeDB = db): Promise<LibraryRows> {
  const [coachees, cycles, lessons, meetings] = await Promise.all([listCoachees(database), database.cycles.toArray(), listLessons(database), database.meetings.toArray()]);
  return { coachees, cycles, lessons, meetings };
}

/** One coachee's rows: their cycles, those cycles' lessons and the lessons' meeting records (for previous steps, overdue steps and next meetings). */
export interface CoacheeRows {
  coachee: CoacheeRecord;
  cycles: CycleRecord[];
  lessons: LessonRecord[];
  meetings: MeetingRecord[];
}

/** A coachee's rows, or null when there is no such coachee. */
export async function getCoacheeRows(coacheeId: string, database: ReframeDB = db): Promise<CoacheeRows | null> {
  const coachee = await getCoachee(coacheeId, database);
  if (!coachee) return null;
  const cycles = await listCycles(coacheeId, database);
  const lessons = await listCycleLessons(cycles.map((c) => c.id), database);
  const meetings = (await database.meetings.bulkGet(lessons.map((l) => l.id))).filter((m): m is MeetingRecord => m != null);
  return { coachee, cycles, lessons, meetings };
}

/** The rows of the coachee whose cycle holds this lesson, or null for a loose lesson. */
export async function getCoacheeRowsOfLesson(lessonId: string, database: ReframeDB = db): Promise<CoacheeRows | null> {
  const cycleId = (await getLesson(lessonId, database))?.cycleId;
  const cycle = cycleId ? await getCycle(cycleId, database) : undefined;
  return cycle ? getCoacheeRows(cycle.coacheeId, database) : null;
}

/** What the trend of a coachee reads of each of their ready lessons (core/trends), in no particular order. */
export async function getTrendLessons(coacheeId: string, database: ReframeDB = db): Promise<TrendLesson[]> {
  const rows = await getCoacheeRows(coacheeId, database);
  if (!rows) return [];
  const ready = rows.lessons.filter((l) => l.status === 'ready');
  return Promise.all(
    ready.map(async (lesson) => {
      const [segments, entries, plan] = await Promise.all([getSegments(lesson.id, database), listEntries(lesson.id, database), getPlan(lesson.id, database)]);
      return {
        id: lesson.id,
        title: lesson.title,
        date: lesson.date,
        createdAt: lesson.createdAt,
        duration: lesson.duration,
        segments: segments ? { auto: segments.auto, corrected: segments.corrected } : null,
        entries,
        phases: plan?.phases ?? null,
      };
    }),
  );
}

/** The library's rows by coachee and cycle. */
export function watchLibraryRows(): Watch<LibraryRows> {
  return watch(() => getLibraryRows());
}

/** Every coachee, in name order. */
export function watchCoachees(): Watch<CoacheeRecord[]> {
  return watch(() => listCoachees());
}

/** A cycle (null once it is gone). */
export function watchCycle(cycleId: string): Watch<CycleRecord | null> {
  return watch(async () => (await getCycle(cycleId)) ?? null);
}

/** A coachee's rows (null once the coachee is gone). */
export function watchCoacheeRows(coacheeId: string): Watch<CoacheeRows | null> {
  return watch(() => getCoacheeRows(coacheeId));
}

/** The rows of the coachee of this lesson's cycle (null for a loose lesson): the previous-steps panel reads them. */
export function watchCoacheeRowsOfLesson(lessonId: string): Watch<CoacheeRows | null> {
  return watch(() => getCoacheeRowsOfLesson(lessonId));
}

/** What a coachee's trend chart reads, followed as lessons, bands, entries and plans change. */
export function watchTrendLessons(coacheeId: string): Watch<TrendLesson[]> {
  return watch(() => getTrendLessons(coacheeId));
}

/** The coach's own guides, in name order. */
export function watchGuides(): Watch<GuideRecord[]> {
  return watch(() => listGuides());
}
