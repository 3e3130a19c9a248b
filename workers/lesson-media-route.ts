/// <reference lib="webworker" />
/**
 * The service worker's answer to `/lesson-media/<lessonId>`: the stored lesson's video, by byte ranges
 * (206 with Content-Range), read from the parts in IndexedDB. The page plays this URL instead of a
 * `blob:` URL where a service worker controls it (src/workbench/lesson-media.ts).
 */
import { answerRange, lessonIdFromPath } from '../src/core/media-serving';
import { hostingHeaders } from '../src/core/hosting';
import { readyLessonVideo, type StoredVideo } from '../src/db/lesson-video';

/** True for a request this route answers. */
export function isLessonMediaRequest(url: URL, request: Request, origin: string): boolean {
  return url.origin === origin && request.method === 'GET' && lessonIdFromPath(url.pathname) !== null;
}

/** Answer one request for a lesson's video. */
export async function answerLessonMedia(request: Request): Promise<Response> {
  const lessonId = lessonIdFromPath(new URL(request.url).pathname)!;
  const headers = new Headers({ ...hostingHeaders, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' });
  let stored: StoredVideo | null;
  try {
    // Read afresh for every range (a few milliseconds): a video kept here would hold a deleted
    // lesson's files on disk until the worker stops, and the storage figures must drop at once.
    stored = await readyLessonVideo(lessonId);
  } catch (error) {
    console.error('Reading a stored lesson for playback failed', lessonId, error);
    return new Response(null, { status: 500, headers });
  }
  if (!stored) return new Response(null, { status: 404, headers });
  const { size, mimeType } = stored;
  const range = answerRange(request.headers.get('Range'), size);
  if (range.status === 416) {
    headers.set('Content-Range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  headers.set('Content-Type', mimeType);
  headers.set('Content-Length', String(range.end - range.start + 1));
  if (range.status === 206) headers.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
  // The slices are read as the media element consumes the response, never whole into memory.
  return new Response(stored.range(range.start, range.end), { status: range.status, headers });
}
