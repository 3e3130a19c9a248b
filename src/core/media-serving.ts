/**
 * Serving a stored lesson's video on a same-origin URL (the service worker answers it from the stored
 * parts), so every browser plays and seeks it as it would a file on a web server: Firefox cannot seek
 * far in a `blob:` URL of a Blob joined from IndexedDB-stored parts, and WebKit plays no `blob:` video.
 */

/** Path under which the service worker answers a lesson's video by its id. */
export const LESSON_MEDIA_PATH = '/lesson-media/';

/** Path of a lesson's video as the service worker serves it. */
export function lessonMediaPath(lessonId: string): string {
  return LESSON_MEDIA_PATH + encodeURIComponent(lessonId);
}

/** The lesson id a path asks for, or null when the path is not a lesson's video. */
export function lessonIdFromPath(pathname: string): string | null {
  if (!pathname.startsWith(LESSON_MEDIA_PATH)) return null;
  const id = decodeURIComponent(pathname.slice(LESSON_MEDIA_PATH.length));
  return id && !id.includes('/') ? id : null;
}

/**
 * How to answer a request for a file of `size` bytes with this `Range` header: 200 with the whole
 * file (no header, one the server may ignore, or several ranges, which no media element asks for),
 * 206 with bytes `start`..`end` (inclusive), or 416 when the range starts past the end.
 */
export type RangeAnswer = { status: 200 | 206; start: number; end: number } | { status: 416 };

/** Answer an HTTP `Range` header (RFC 9110 §14) for a file of `size` bytes. */
export function answerRange(header: string | null, size: number): RangeAnswer {
  const whole: RangeAnswer = { status: 200, start: 0, end: size - 1 };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return whole;
  if (match[1] === '') {
    // A suffix: the last N bytes.
    const length = Number(match[2]);
    if (length === 0 || size === 0) return { status: 416 };
    return { status: 206, start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(match[1]);
  const last = match[2] === '' ? Infinity : Number(match[2]);
  // A range whose end lies before its start is invalid, and an invalid Range is ignored.
  if (last < start) return whole;
  if (start >= size) return { status: 416 };
  return { status: 206, start, end: Math.min(last, size - 1) };
}

/** The piece of one stored part that a byte range covers: bytes `from` (inclusive) to `to` (exclusive) of part `index`. */
export interface PartPiece {
  index: number;
  from: number;
  to: number;
}

/**
 * The pieces of the stored parts (of `sizes` bytes each, in order) that hold bytes `start`..`end`
 * (inclusive) of the whole video, each as offsets within its own part.
 */
export function piecesOfRange(sizes: readonly number[], start: number, end: number): PartPiece[] {
  const pieces: PartPiece[] = [];
  let offset = 0;
  for (let index = 0; index < sizes.length && offset <= end; index++) {
    const partEnd = offset + sizes[index];
    if (partEnd > start) pieces.push({ index, from: Math.max(0, start - offset), to: Math.min(sizes[index], end + 1 - offset) });
    offset = partEnd;
  }
  return pieces;
}
