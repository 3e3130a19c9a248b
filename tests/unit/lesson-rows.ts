/** Rows for the state-class tests: a stored lesson in the app's database (fake-indexeddb in Node). */
import { db, type LessonRecord } from '../../src/db/db';

/** A ready lesson record of `duration` seconds. */
export function lessonRecord(id: string, overrides: Partial<LessonRecord> = {}): LessonRecord {
  return {
    id, title: `Lesson ${id}`, teacher: '', subject: '', date: '2026-11-25', fileName: `${id}.mp4`, mimeType: 'video/mp4', size: 6, duration: 60,
    width: 320, height: 180, frameRate: 25, hasAudio: true, videoCodec: 'avc1', audioCodec: 'mp4a.40.2', playability: 'full', fingerprint: 'f',
    status: 'ready', storedBytes: 6, chunkCount: 1, heartbeat: 0, createdAt: 0, updatedAt: 0, exportedAt: null, ...overrides,
  };
}

/** Empty every table of the app's database and store one lesson. */
export async function freshLesson(id: string, overrides: Partial<LessonRecord> = {}): Promise<LessonRecord> {
  await Promise.all(db.tables.map((table) => table.clear()));
  const lesson = lessonRecord(id, overrides);
  await db.lessons.put(lesson);
  return lesson;
}
