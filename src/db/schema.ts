/** Stored record types. Only `db/` knows Dexie; these types are shared with the UI. */
import type { Playability } from '../core/media';

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
