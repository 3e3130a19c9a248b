/** A stored lesson's video for the service worker, which serves it by byte ranges (core/media-serving). */
import { piecesOfRange } from '../core/media-serving';
import { db, type ReframeDB } from './db';

/** A completely stored lesson's video. */
export interface StoredVideo {
  /** The video's size in bytes (its parts' sizes added up). */
  size: number;
  mimeType: string;
  /** Bytes `start`..`end` (inclusive), as slices of the parts they lie in (only those parts are read). */
  range(start: number, end: number): Blob;
}

/** The video of a lesson whose import finished, or null when there is none (deleted, or still importing). */
export async function readyLessonVideo(lessonId: string, database: ReframeDB = db): Promise<StoredVideo | null> {
  const lesson = await database.lessons.get(lessonId);
  if (!lesson || lesson.status !== 'ready') return null;
  const parts = (await database.videoChunks.where('lessonId').equals(lesson.id).sortBy('index')).map((c) => c.blob);
  const sizes = parts.map((part) => part.size);
  const size = sizes.reduce((sum, s) => sum + s, 0);
  if (parts.length !== lesson.chunkCount || size !== lesson.size) {
    throw new Error(`Stored video of lesson ${lesson.id} is incomplete (${size} of ${lesson.size} bytes).`);
  }
  // Each range is cut from the parts themselves, never from one Blob joining them: in WebKit's service
  // worker such a Blob of IndexedDB-stored parts now and then measured more than its parts (104 726 389
  // bytes for parts of 104 120 181), and the media element was served bytes from outside the video.
  return {
    size,
    mimeType: lesson.mimeType,
    range: (start, end) => new Blob(piecesOfRange(sizes, start, end).map(({ index, from, to }) => parts[index].slice(from, to)), { type: lesson.mimeType }),
  };
}
