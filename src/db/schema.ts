/** Stored record types. Only `db/` knows Dexie; these types are shared with the UI. */
import type { AudioTrackInfo, Playability } from '../core/media';
import type { TalkLabel, TalkSegment } from '../core/talk';
import type { Entry } from '../core/annotations';
import type { Coachee, Cycle } from '../core/cycles';
import type { CoachingGuide } from '../core/guides';

/** A lesson's metadata; listing lessons reads only this table, never video. */
export interface LessonRecord {
  id: string;
  title: string;
  teacher: string;
  subject: string;
  /** Lesson date, YYYY-MM-DD. */
  date: string;
  fileName: string;
  mimeType: string;
  size: number;
  duration: number;
  width: number;
  height: number;
  frameRate: number | null;
  hasAudio: boolean;
  videoCodec: string | null;
  audioCodec: string | null;
  playability: Playability;
  /** SHA-256 over size, first and last MiB: matches a project file to its video. */
  fingerprint: string;
  /** 'importing' until every chunk is stored; such records are removed on the next start if abandoned. */
  status: 'importing' | 'ready';
  /** Bytes stored so far while importing. */
  storedBytes: number;
  chunkCount: number;
  /** Updated while an import runs; a stale one means the import was interrupted. */
  heartbeat: number;
  createdAt: number;
  updatedAt: number;
  /** Last time a project export was downloaded, for the export reminder. */
  exportedAt: number | null;
  /** The coaching cycle the lesson belongs to; absent or null for a loose lesson (every lesson stored before cycles existed). */
  cycleId?: string | null;
}

/** One slice of a lesson's video file. Slices keep every IndexedDB value small and give real progress. */
export interface VideoChunkRecord {
  lessonId: string;
  index: number;
  blob: Blob;
}

/** A poster frame (small JPEG) for the library. */
export interface PosterRecord {
  lessonId: string;
  blob: Blob;
}

/** Fields the coach can edit on a lesson. */
export type LessonDetails = Pick<LessonRecord, 'title' | 'teacher' | 'subject' | 'date'>;

/** Waveform peaks at one resolution: absolute peak per bin, 0..1. */
export interface StoredPeaks {
  binsPerSecond: number;
  peaks: Float32Array;
}

/** The state of a lesson's audio analysis, and what it produced. */
export interface AnalysisRecord {
  lessonId: string;
  /** 'running' while a tab analyses it (that tab holds a Web Lock); if the tab died, the next open restarts it. */
  state: 'running' | 'done' | 'error' | 'no-audio';
  algorithmVersion: number;
  decoder: 'webcodecs' | 'pcm' | 'ffmpeg' | null;
  /** The sound track analysed (the coach's choice), from 0 in file order; absent in records from before it could be chosen (= 0). */
  audioTrack?: number;
  /** The file's sound tracks as the analysis found them; absent or empty when not known. */
  audioTracks?: AudioTrackInfo[];
  /** Multi-resolution peaks for the waveform. */
  peaks: StoredPeaks[];
  /**
   * Voice activity per frame (1 = someone speaking), for wait times, and the teacher-voice model per (longer)
   * frame, for muting pupils in shared clips; `teacher` is absent in analyses stored before it was kept.
   */
  voiceActivity: { frameDuration: number; speech: Uint8Array; teacher?: { frameDuration: number; probability: Float32Array } } | null;
  error: string | null;
  elapsedMs: number | null;
  heartbeat: number;
  updatedAt: number;
}

/** Talk-time segments: the automatic result and the coach's corrections, both kept. */
export interface SegmentsRecord {
  lessonId: string;
  auto: TalkSegment[];
  /** null until the coach corrects something; every figure uses `corrected ?? auto`. */
  corrected: TalkSegment[] | null;
  updatedAt: number;
}

/** An evidence entry as stored (the domain type, one row each, indexed by lesson and time). */
export type EntryRecord = Entry;

/** A phase of the lesson plan: planned minutes, and the actual boundaries once marked or accepted. */
export interface PlanPhaseRecord {
  id: string;
  name: string;
  plannedMinutes: number;
  start?: number | null;
  end?: number | null;
}

/** The lesson plan's timeboxes and the coach's pre-watch settings for a lesson. */
export interface PlanRecord {
  lessonId: string;
  phases: PlanPhaseRecord[];
  /** Minutes the coach has for pre-watching, or null when not planning a pre-watch. */
  prewatchMinutes: number | null;
  /** Speeds the coach fixed per talk label. */
  prewatchOverrides: Partial<Record<TalkLabel, number>>;
  updatedAt: number;
}

/** A short extract for the meeting: a range of the lesson, looped and looked at from several perspectives. */
export interface ClipRecord {
  id: string;
  lessonId: string;
  title: string;
  start: number;
  end: number;
  /** Entries this clip shows (e.g. the incident it was made from). */
  annotationIds: string[];
  /** Position in the clip list. */
  order: number;
  /** Times the clip has been replayed in meetings. */
  replayCount: number;
  /** A note per perspective id (see core/loop PERSPECTIVES). */
  perspectiveNotes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** One agreed action step. */
export interface ActionStep {
  id: string;
  text: string;
  owner: string;
  /** YYYY-MM-DD or ''. */
  due: string;
}

/** A note written during the meeting, by either person. */
export interface MeetingNote {
  id: string;
  author: 'coach' | 'teacher';
  text: string;
  createdAt: number;
}

/** The record of the post-lesson meeting. */
export interface MeetingRecord {
  lessonId: string;
  focus: string;
  actionSteps: ActionStep[];
  /** YYYY-MM-DD, or null until agreed. */
  nextMeeting: string | null;
  notes: MeetingNote[];
  updatedAt: number;
}

/** A teacher being coached (a name or pseudonym); deleting one deletes their cycles and those cycles' lessons. */
export type CoacheeRecord = Coachee;

/** A coaching cycle of a coachee; its lessons point at it by `cycleId`, so deleting a lesson leaves the cycle. */
export type CycleRecord = Cycle;

/** A theme coaching guide the coach made or edited (the built-in ones live in the code, not here). */
export interface GuideRecord extends CoachingGuide {
  updatedAt: number;
}
