/** A stored lesson's video for the service worker, which serves it by byte ranges (core/media-serving). */
import { db, loadVideo, type ReframeDB } from './db';

/** A completely stored lesson's video. */
export interface StoredVideo {
  /** The stored parts joined (no bytes copied): slices of it read only the parts they cover. */
  video: Blob;
  mimeType: string;
}

/** The video of a lesson whose import finished, or null when there is none (deleted, or still importing). */
export async function readyLessonVideo(lessonId: string, database: ReframeDB = db): Promise<StoredVideo | null> {
  const lesson = await database.lessons.get(lessonId);
  if (!lesson || lesson.status !== 'ready') return null;
  return { video: await loadVideo(lesson, database), mimeType: lesson.mimeType };
}
