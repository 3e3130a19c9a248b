/** Finding a lesson's video to play: the file being imported, or the stored copy. */
import { importAbandoned, loadVideo, type LessonRecord } from '../db/db';
import { getLesson } from '../db/reads';
import { lessonMediaPath } from '../core/media-serving';

/**
 * The lesson and its video, or a plain-words reason it cannot be opened. `media` is the video for
 * reading (analysis, export); `source` is what the player plays: the service worker's URL of the
 * stored lesson where one serves it, else `media` itself (played through a `blob:` URL).
 */
export type LessonMedia = { ok: true; lesson: LessonRecord; media: Blob; source: Blob | string } | { ok: false; message: string };

/** Open a lesson's video for playback. */
export async function openLessonMedia(lessonId: string, pendingFile: File | null): Promise<LessonMedia> {
  const lesson = await getLesson(lessonId);
  if (!lesson) return { ok: false, message: 'This lesson is not in the library any more (it may have been deleted in another tab).' };
  if (lesson.status === 'importing') {
    if (!pendingFile && (await importAbandoned(lesson.id))) {
      return { ok: false, message: 'The import of this lesson was interrupted (the page was closed or reloaded), so it was not kept. Import the file again; your other lessons are safe.' };
    }
    if (!pendingFile) return { ok: false, message: 'This lesson is still being imported in another tab or window. Open it again when the import has finished.' };
    // The picked file itself: a file on disk plays and seeks from a blob: URL in Chromium and Firefox.
    return { ok: true, lesson, media: pendingFile, source: pendingFile };
  }
  const media = await loadVideo(lesson);
  return { ok: true, lesson, media, source: (await servedByWorker(lesson)) ?? media };
}

/** Said where this browser cannot play the chosen file itself (WebKit plays no `blob:` video) while it is stored. */
export const PLAYS_ONCE_STORED = 'This browser plays the lesson once it is stored: it will play here as soon as the import has finished.';

/**
 * The same-origin URL the service worker answers with the stored lesson's bytes, if a service worker
 * controls this page and answers it (a first byte with the lesson's size); null otherwise (development
 * server, private window, a browser without service workers). Firefox cannot seek far in a blob: URL of
 * the Blob joined from the stored parts, and WebKit plays no blob: video at all; over http both do.
 */
export async function servedByWorker(lesson: Pick<LessonRecord, 'id' | 'size'>): Promise<string | null> {
  if (!navigator.serviceWorker?.controller) return null;
  const url = new URL(lessonMediaPath(lesson.id), location.origin).href;
  try {
    const response = await fetch(url, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    await response.body?.cancel();
    const range = response.headers.get('Content-Range');
    if (response.status === 206 && range === `bytes 0-0/${lesson.size}`) return url;
    console.warn(`The service worker answered the stored lesson with ${response.status} (${range ?? 'no range'}); playing it from memory`);
    return null;
  } catch (error) {
    console.warn('The service worker did not serve the stored lesson; playing it from memory', error);
    return null;
  }
}
