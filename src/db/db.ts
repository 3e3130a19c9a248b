/** The one module that knows Dexie: schema, versioned migrations and typed queries. */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  AnalysisRecord,
  ClipRecord,
  CoacheeRecord,
  CycleRecord,
  EntryRecord,
  GuideRecord,
  LessonDetails,
  LessonRecord,
  MeetingRecord,
  PlanRecord,
  PosterRecord,
  SegmentsRecord,
  VideoChunkRecord,
} from './schema';
import type { TalkSegment } from '../core/talk';
import type { Playability } from '../core/media';
import { reviewStep, type StepStatus } from '../core/cycles';

export type * from './schema';

/** Name of the database in the browser's IndexedDB. */
export const DATABASE_NAME = 'reframe';

/** An import whose heartbeat is older than this is taken as interrupted. */
export const STALE_IMPORT_MS = 20_000;

/** Reframe's IndexedDB database. Each schema change adds a version; old versions are never edited. */
export class ReframeDB extends Dexie {
  lessons!: EntityTable<LessonRecord, 'id'>;
  videoChunks!: Table<VideoChunkRecord, [string, number]>;
  posters!: EntityTable<PosterRecord, 'lessonId'>;
  analyses!: EntityTable<AnalysisRecord, 'lessonId'>;
  segments!: EntityTable<SegmentsRecord, 'lessonId'>;
  entries!: EntityTable<EntryRecord, 'id'>;
  plans!: EntityTable<PlanRecord, 'lessonId'>;
  clips!: EntityTable<ClipRecord, 'id'>;
  meetings!: EntityTable<MeetingRecord, 'lessonId'>;
  coachees!: EntityTable<CoacheeRecord, 'id'>;
  cycles!: EntityTable<CycleRecord, 'id'>;
  guides!: EntityTable<GuideRecord, 'id'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      lessons: 'id, status, createdAt',
      videoChunks: '[lessonId+index], lessonId',
      posters: 'lessonId',
    });
    // v2: audio analysis (waveform peaks, voice activity) and talk-time segments.
    this.version(2).stores({
      analyses: 'lessonId, state',
      segments: 'lessonId',
    });
    // v3: evidence entries against the timeline, and the lesson plan with pre-watch settings.
    this.version(3).stores({
      entries: 'id, lessonId, [lessonId+time]',
      plans: 'lessonId',
    });
    // v4: clips for the meeting and the meeting record.
    this.version(4).stores({
      clips: 'id, lessonId, [lessonId+order]',
      meetings: 'lessonId',
    });
    // v5: coaching cycles (issue 22). Coachees, their cycles and the coach's own theme guides; lessons
    // are indexed by the cycle they belong to. No stored row changes: every lesson so far stays loose
    // (no cycleId), with its evidence, plan, clips and meeting record as they were.
    this.version(5).stores({
      lessons: 'id, status, createdAt, cycleId',
      coachees: 'id',
      cycles: 'id, coacheeId',
      guides: 'id',
    });
  }

  /** Every table holding rows derived from a lesson, each with a `lessonId` key or index; the one list the delete cascade reads. */
  get derivedTables(): Table[] {
    return [this.videoChunks, this.posters, this.analyses, this.segments, this.entries, this.plans, this.clips, this.meetings];
  }

  /** The lessons table and every table derived from it; deleting a lesson clears it from each. */
  get lessonTables(): Table[] {
    return [this.lessons, ...this.derivedTables];
  }

  /** The coaching tables (issue 22): not derived from a lesson, so no lesson's delete or clean-up touches them. */
  get coachingTables(): Table[] {
    return [this.coachees, this.cycles, this.guides];
  }

  /**
   * What deleting a coachee clears: the coachee, their cycles, and those cycles' lessons with every
   * table derived from them. Cycles are not in derivedTables: deleting a lesson leaves its cycle.
   */
  get coacheeTables(): Table[] {
    return [this.coachees, this.cycles, ...this.lessonTables];
  }
}

/** The app's database. */
export const db = new ReframeDB();

/** Lessons for the library, newest first, without interrupted imports of other sessions. */
export function listLessons(database: ReframeDB = db): Promise<LessonRecord[]> {
  return database.lessons.orderBy('createdAt').reverse().toArray();
}

/** Bytes of video stored for every lesson, by the lessons' own records (for browsers that report no storage estimate). */
export async function storedVideoBytes(database: ReframeDB = db): Promise<number> {
  let total = 0;
  await database.lessons.each((lesson) => (total += lesson.storedBytes));
  return total;
}

/** The first stored lesson (oldest) of the video with this fingerprint, if the library holds one. */
export async function findLessonByFingerprint(fingerprint: string, database: ReframeDB = db): Promise<LessonRecord | undefined> {
  // A few hundred lessons at most: a scan of the small metadata table is enough, no index needed.
  const matches = await database.lessons.filter((l) => l.status === 'ready' && l.fingerprint === fingerprint).toArray();
  return matches.sort((a, b) => a.createdAt - b.createdAt)[0];
}

/** Create the lesson record that an import fills in. */
export function beginLesson(lesson: LessonRecord, database: ReframeDB = db): Promise<string> {
  return database.lessons.add(lesson);
}

/** Store one chunk of a lesson's video and advance its progress, atomically. */
export async function storeChunk(lessonId: string, index: number, blob: Blob, storedBytes: number, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.videoChunks, database.lessons], async () => {
    const lesson = await database.lessons.get(lessonId);
    // The import may have been cancelled (or the lesson deleted in another tab) meanwhile.
    if (!lesson || lesson.status !== 'importing') throw new ImportGoneError();
    await database.videoChunks.put({ lessonId, index, blob });
    await database.lessons.update(lessonId, { storedBytes, chunkCount: index + 1, heartbeat: Date.now() });
  });
}

/** Thrown when an import's lesson record disappeared (cancelled or deleted elsewhere). */
export class ImportGoneError extends Error {
  constructor() {
    super('The import was cancelled.');
    this.name = 'ImportGoneError';
  }
}

/** Mark an import complete, with its poster frame. */
export async function finishLesson(lessonId: string, poster: Blob | null, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.lessons, database.posters], async () => {
    if (poster) await database.posters.put({ lessonId, blob: poster });
    await database.lessons.update(lessonId, { status: 'ready', heartbeat: Date.now(), updatedAt: Date.now() });
  });
}

/** The stored video of a lesson as one Blob (the chunks are joined without copying). */
export async function loadVideo(lesson: LessonRecord, database: ReframeDB = db): Promise<Blob> {
  const chunks = await database.videoChunks.where('lessonId').equals(lesson.id).sortBy('index');
  const stored = chunks.reduce((sum, c) => sum + c.blob.size, 0);
  if (chunks.length !== lesson.chunkCount || stored !== lesson.size) {
    throw new Error(`Stored video of lesson ${lesson.id} is incomplete (${stored} of ${lesson.size} bytes).`);
  }
  return new Blob(
    chunks.map((c) => c.blob),
    { type: lesson.mimeType },
  );
}

/** Update the fields the coach edits. */
/** Record what this browser plays of a stored lesson, judged again after it was stored. */
export function setLessonPlayability(id: string, playability: Playability, database: ReframeDB = db): Promise<number> {
  return database.lessons.update(id, { playability });
}

export function updateLessonDetails(id: string, details: Partial<LessonDetails>, database: ReframeDB = db): Promise<number> {
  return database.lessons.update(id, { ...details, updatedAt: Date.now() });
}

/** Delete a lesson and everything derived from it, in one transaction. */
export async function deleteLesson(id: string, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', database.lessonTables, () => deleteLessonRows(id, database));
}

/**
 * Every row of one lesson, selected by its lessonId only (never by an entry's or clip's own id, which
 * the same records restored elsewhere must not share): call inside a transaction over lessonTables.
 */
async function deleteLessonRows(lessonId: string, database: ReframeDB): Promise<void> {
  for (const table of database.derivedTables) await table.where('lessonId').equals(lessonId).delete();
  await database.lessons.delete(lessonId);
}

/**
 * Remove what interrupted imports left behind: lessons still 'importing' whose import is gone, and
 * rows whose lesson no longer exists. `isAbandoned` tells whether an import's tab is gone (the app
 * asks the Web Locks API); without it, a heartbeat older than STALE_IMPORT_MS counts as gone.
 * Returns how many lessons were removed.
 */
export async function cleanUpInterrupted(now = Date.now(), database: ReframeDB = db, isAbandoned?: (lessonId: string) => Promise<boolean>): Promise<number> {
  const importing = await database.lessons.where('status').equals('importing').toArray();
  const gone = new Set<string>();
  for (const lesson of importing) {
    if (isAbandoned ? await isAbandoned(lesson.id) : now - lesson.heartbeat > STALE_IMPORT_MS) gone.add(lesson.id);
  }
  return database.transaction('rw', database.lessonTables, async () => {
    const stale = await database.lessons
      .where('status')
      .equals('importing')
      .filter((l) => gone.has(l.id))
      .toArray();
    for (const lesson of stale) await deleteLessonRows(lesson.id, database);
    const known = new Set(await database.lessons.toCollection().primaryKeys());
    // Owners are read from the lessonId keys alone, so no video chunk's blob is loaded to find them. Not
    // with uniqueKeys(): WebKit fails its 'nextunique' cursor on an empty table ("Unable to open cursor").
    for (const table of database.derivedTables) {
      const owners = new Set((await table.orderBy('lessonId').keys()) as string[]);
      for (const owner of owners) if (!known.has(owner)) await table.where('lessonId').equals(owner).delete();
    }
    return stale.length;
  });
}

/** Poster of a lesson, if one was captured. */
export async function loadPoster(lessonId: string, database: ReframeDB = db): Promise<Blob | null> {
  return (await database.posters.get(lessonId))?.blob ?? null;
}

/** Record that an analysis started (or restarted) for a lesson, of sound track `audioTrack` (kept if the run is interrupted). */
export async function startAnalysis(lessonId: string, algorithmVersion: number, database: ReframeDB = db, audioTrack = 0): Promise<void> {
  const now = Date.now();
  await database.analyses.put({ lessonId, state: 'running', algorithmVersion, decoder: null, peaks: [], voiceActivity: null, error: null, elapsedMs: null, heartbeat: now, updatedAt: now, audioTrack });
}

/** Store a finished analysis and its automatic segments together; the coach's corrections are kept. */
export async function finishAnalysis(
  lessonId: string,
  result: Pick<AnalysisRecord, 'algorithmVersion' | 'decoder' | 'peaks' | 'voiceActivity' | 'elapsedMs' | 'audioTrack' | 'audioTracks'>,
  auto: TalkSegment[],
  database: ReframeDB = db,
): Promise<void> {
  await database.transaction('rw', [database.lessons, database.analyses, database.segments], async () => {
    const lesson = await database.lessons.get(lessonId);
    if (!lesson) return; // deleted meanwhile
    const now = Date.now();
    await database.analyses.put({ lessonId, state: 'done', error: null, heartbeat: now, updatedAt: now, ...result });
    // Sound was found where the import saw none (PCM, before it was read): the lesson says so from now on.
    if (!lesson.hasAudio) await database.lessons.update(lessonId, { hasAudio: true });
    const existing = await database.segments.get(lessonId);
    await database.segments.put({ lessonId, auto, corrected: existing?.corrected ?? null, updatedAt: now });
  });
}

/** Record an analysis that ended without a result ('no-audio' or 'error'); the chosen sound track is kept. */
export async function endAnalysis(lessonId: string, state: 'no-audio' | 'error', error: string | null, algorithmVersion: number, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.lessons, database.analyses], async () => {
    if (!(await database.lessons.get(lessonId))) return;
    const now = Date.now();
    const previous = await database.analyses.get(lessonId);
    await database.analyses.put({ lessonId, state, algorithmVersion, decoder: null, peaks: [], voiceActivity: null, error, elapsedMs: null, heartbeat: now, updatedAt: now, audioTrack: previous?.audioTrack ?? 0, audioTracks: previous?.audioTracks ?? [] });
  });
}

/** Forget an analysis (on cancel), so the next open starts again. */
export function dropAnalysis(lessonId: string, database: ReframeDB = db): Promise<void> {
  return database.analyses.delete(lessonId);
}

/** Store the coach's corrected segments (null resets to the automatic ones). */
export function saveCorrections(lessonId: string, corrected: TalkSegment[] | null, database: ReframeDB = db): Promise<number> {
  return database.segments.update(lessonId, { corrected, updatedAt: Date.now() });
}

/** Mark a lesson's project as exported now (for the export reminder). */
export function markExported(lessonId: string, database: ReframeDB = db): Promise<number> {
  return database.lessons.update(lessonId, { exportedAt: Date.now() });
}

/** Delete every lesson and everything derived from them (for shared computers). */
export async function deleteAllData(database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', database.tables, async () => {
    await Promise.all(database.tables.map((table) => table.clear()));
  });
}

/** A lesson's entries in time order. */
export function listEntries(lessonId: string, database: ReframeDB = db): Promise<EntryRecord[]> {
  return database.entries.where('[lessonId+time]').between([lessonId, Dexie.minKey], [lessonId, Dexie.maxKey]).toArray();
}

/** Store (add or replace) an entry; the caller has validated it. */
export async function putEntry(entry: EntryRecord, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.lessons, database.entries], async () => {
    // Never attach evidence to a lesson that was deleted meanwhile (e.g. in another tab).
    if (!(await database.lessons.get(entry.lessonId))) throw new Error('This lesson is no longer in the library.');
    await database.entries.put(entry);
  });
}

/** Delete an entry. */
export function deleteEntry(id: string, database: ReframeDB = db): Promise<void> {
  return database.entries.delete(id);
}

/** Store a lesson's plan and pre-watch settings. */
export function putPlan(plan: PlanRecord, database: ReframeDB = db): Promise<string> {
  return database.plans.put({ ...plan, updatedAt: Date.now() });
}

/** A lesson's clips in list order. */
export function listClips(lessonId: string, database: ReframeDB = db): Promise<ClipRecord[]> {
  return database.clips.where('[lessonId+order]').between([lessonId, Dexie.minKey], [lessonId, Dexie.maxKey]).toArray();
}

/** Store (add or replace) a clip. */
export async function putClip(clip: ClipRecord, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.lessons, database.clips], async () => {
    if (!(await database.lessons.get(clip.lessonId))) throw new Error('This lesson is no longer in the library.');
    await database.clips.put(clip);
  });
}

/** Store several clips at once (a reorder). */
export async function putClips(clips: ClipRecord[], database: ReframeDB = db): Promise<void> {
  await database.clips.bulkPut(clips);
}

/** Delete a clip. */
export function deleteClip(id: string, database: ReframeDB = db): Promise<void> {
  return database.clips.delete(id);
}

/** Store the meeting record. */
export async function putMeeting(meeting: MeetingRecord, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.lessons, database.meetings], async () => {
    if (!(await database.lessons.get(meeting.lessonId))) throw new Error('This lesson is no longer in the library.');
    await database.meetings.put({ ...meeting, updatedAt: Date.now() });
  });
}

/** True for an error raised by the database (a failed or aborted write, a closed database, a full disk). */
export function isDatabaseError(error: unknown): boolean {
  return error instanceof Dexie.DexieError || (error instanceof DOMException && ['QuotaExceededError', 'AbortError', 'UnknownError', 'InvalidStateError'].includes(error.name));
}

/** Name of the Web Lock an import holds while it stores a lesson; the browser frees it if the tab goes. */
export const importLockName = (lessonId: string) => `reframe-import-${lessonId}`;

/**
 * True when no tab holds the import lock of this lesson (its import was interrupted). A page that was
 * just reloaded may still hold it for a moment while it is torn down, so wait up to `waitMs` for it.
 */
export async function importAbandoned(lessonId: string, waitMs = 3000): Promise<boolean> {
  if (!('locks' in navigator)) return false;
  try {
    return await navigator.locks.request(importLockName(lessonId), { signal: AbortSignal.timeout(waitMs) }, async () => true);
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return false;
    throw error;
  }
}

/** Everything a project file restores onto a lesson. */
export interface ProjectRestore {
  details: Pick<LessonRecord, 'title' | 'teacher' | 'subject' | 'date'>;
  segments: { auto: SegmentsRecord['auto']; corrected: SegmentsRecord['corrected'] } | null;
  entries: EntryRecord[];
  plan: PlanRecord;
  clips: ClipRecord[];
  meeting: MeetingRecord;
  /**
   * The coaching cycle the project names, with its coachee (absent for a loose lesson's file). Used
   * only when the lesson is in no cycle yet: each is added if this library does not hold it, and the
   * lesson joins the cycle. A cycle or coachee stored already is kept as it is.
   */
  cycle?: { coachee: CoacheeRecord; cycle: CycleRecord } | null;
}

/**
 * Replace a lesson's derived data with a project's, in one transaction (all or nothing). Entries and
 * clips are added, never put: ids that another lesson already holds (the same file restored onto a
 * second copy of its video) abort the restore instead of moving that lesson's records over.
 */
export async function restoreProject(lessonId: string, restore: ProjectRestore, database: ReframeDB = db): Promise<void> {
  const tables = [database.lessons, database.segments, database.entries, database.plans, database.clips, database.meetings, database.coachees, database.cycles];
  await database.transaction('rw', tables, async () => {
    const lesson = await database.lessons.get(lessonId);
    if (!lesson) throw new Error('This lesson is no longer in the library.');
    const now = Date.now();
    await database.lessons.update(lessonId, { ...restore.details, updatedAt: now });
    if (restore.segments) await database.segments.put({ lessonId, ...restore.segments, updatedAt: now });
    await database.entries.where('lessonId').equals(lessonId).delete();
    await database.entries.bulkAdd(restore.entries.map((e) => ({ ...e, lessonId })));
    await database.plans.put({ ...restore.plan, lessonId, updatedAt: now });
    await database.clips.where('lessonId').equals(lessonId).delete();
    await database.clips.bulkAdd(restore.clips.map((c) => ({ ...c, lessonId })));
    await database.meetings.put({ ...restore.meeting, lessonId, updatedAt: now });
    if (restore.cycle && !lesson.cycleId) {
      const { coachee, cycle } = restore.cycle;
      if (!(await database.cycles.get(cycle.id))) {
        if (!(await database.coachees.get(coachee.id))) await database.coachees.add(coachee);
        await database.cycles.add({ ...cycle, coacheeId: coachee.id });
      }
      await database.lessons.update(lessonId, { cycleId: cycle.id });
    }
  });
}

/** Every coachee, in name order (the library never ranks them). */
export async function listCoachees(database: ReframeDB = db): Promise<CoacheeRecord[]> {
  return (await database.coachees.toArray()).sort((a, b) => a.name.localeCompare(b.name) || a.createdAt - b.createdAt);
}

/** A coachee's cycles, oldest created first (core/cycles puts them in time order by their lessons' dates). */
export async function listCycles(coacheeId: string, database: ReframeDB = db): Promise<CycleRecord[]> {
  return (await database.cycles.where('coacheeId').equals(coacheeId).toArray()).sort((a, b) => a.createdAt - b.createdAt);
}

/** The lessons of the given cycles. */
export function listCycleLessons(cycleIds: readonly string[], database: ReframeDB = db): Promise<LessonRecord[]> {
  return database.lessons.where('cycleId').anyOf([...cycleIds]).toArray();
}

/** Store (add or replace) a coachee. */
export function putCoachee(coachee: CoacheeRecord, database: ReframeDB = db): Promise<string> {
  return database.coachees.put({ ...coachee, updatedAt: Date.now() });
}

/** Store (add or replace) a cycle; its coachee must still exist. */
export async function putCycle(cycle: CycleRecord, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.coachees, database.cycles], async () => {
    if (!(await database.coachees.get(cycle.coacheeId))) throw new Error('This teacher is no longer in the library.');
    await database.cycles.put({ ...cycle, updatedAt: Date.now() });
  });
}

/** Move a lesson into a cycle, or out of any (null: the lesson stays loose). */
export async function moveLessonToCycle(lessonId: string, cycleId: string | null, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.lessons, database.cycles], async () => {
    if (!(await database.lessons.get(lessonId))) throw new Error('This lesson is no longer in the library.');
    if (cycleId && !(await database.cycles.get(cycleId))) throw new Error('This coaching cycle is no longer in the library.');
    await database.lessons.update(lessonId, { cycleId, updatedAt: Date.now() });
  });
}

/**
 * Mark one of the previous cycle's action steps in a cycle (null clears the mark), with an evidence
 * entry of this cycle's lesson that shows it. Read and written in one transaction, so two quick
 * marks never undo each other.
 */
export async function setStepReview(cycleId: string, stepId: string, status: StepStatus | null, entryId: string | null = null, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.cycles], async () => {
    const cycle = await database.cycles.get(cycleId);
    if (!cycle) throw new Error('This coaching cycle is no longer in the library.');
    await database.cycles.put({ ...cycle, stepReviews: reviewStep(cycle.stepReviews, stepId, status, entryId), updatedAt: Date.now() });
  });
}

/** Delete a cycle; its lessons stay in the library, loose, with everything recorded on them. */
export async function deleteCycle(cycleId: string, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', [database.cycles, database.lessons], async () => {
    await database.lessons.where('cycleId').equals(cycleId).modify({ cycleId: null });
    await database.cycles.delete(cycleId);
  });
}

/** Delete a coachee and everything of theirs (their cycles, those cycles' lessons and every row derived from them), in one transaction. */
export async function deleteCoachee(coacheeId: string, database: ReframeDB = db): Promise<void> {
  await database.transaction('rw', database.coacheeTables, async () => {
    const cycleIds = (await database.cycles.where('coacheeId').equals(coacheeId).primaryKeys()) as string[];
    const lessonIds = cycleIds.length ? ((await database.lessons.where('cycleId').anyOf(cycleIds).primaryKeys()) as string[]) : [];
    for (const lessonId of lessonIds) await deleteLessonRows(lessonId, database);
    await database.cycles.bulkDelete(cycleIds);
    await database.coachees.delete(coacheeId);
  });
}

/** The coach's own guides, in name order. */
export async function listGuides(database: ReframeDB = db): Promise<GuideRecord[]> {
  return (await database.guides.toArray()).sort((a, b) => a.name.localeCompare(b.name));
}

/** Store (add or replace) one of the coach's guides; it is never built in. */
export function putGuide(guide: GuideRecord, database: ReframeDB = db): Promise<string> {
  return database.guides.put({ ...guide, builtIn: false, updatedAt: Date.now() });
}

/** Delete one of the coach's guides (cycles that chose it fall back to the built-in guide of that id, or none). */
export function deleteGuide(id: string, database: ReframeDB = db): Promise<void> {
  return database.guides.delete(id);
}
