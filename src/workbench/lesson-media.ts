/** Finding a lesson's video to play: the file being imported, or the stored copy. */
import { db, importAbandoned, loadVideo, type LessonRecord } from '../db/db';

/** The lesson and its video, or a plain-words reason it cannot be opened. */
export type LessonMedia = { ok: true; lesson: LessonRecord; media: Blob } | { ok: false; message: string };

/** Open a lesson's video for playback. */
export async function openLessonMedia(lessonId: string, pendingFile: File | null): Promise<LessonMedia> {
  const lesson = await db.lessons.get(lessonId);
  if (!lesson) return { ok: false, message: 'This lesson is not in the library any more (it may have been deleted in another tab).' };
  if (lesson.status === 'importing') {
    if (!pendingFile && (await importAbandoned(lesson.id))) {
      return { ok: false, message: 'The import of this lesson was interrupted (the page was closed or reloaded), so it was not kept. Import the file again; your other lessons are safe.' };
    }
    if (!pendingFile) return { ok: false, message: 'This lesson is still being imported in another tab or window. Open it again when the import has finished.' };
    return { ok: true, lesson, media: pendingFile };
  }
  return { ok: true, lesson, media: await loadVideo(lesson) };
}
