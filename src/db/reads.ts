/**
 * Typed reads of one lesson's rows: `get…` reads once, `watch…` follows the stored value as it
 * changes (Dexie's `liveQuery`). The screens and the lesson session read storage only through here.
 */
import { liveQuery } from 'dexie';
import { db, listClips, listEntries, listLessons, type ReframeDB } from './db';
import type { AnalysisRecord, ClipRecord, EntryRecord, LessonRecord, MeetingRecord, PlanRecord, SegmentsRecord } from './schema';

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
