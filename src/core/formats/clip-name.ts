/**
 * File names for exported clips, built from the lesson title, the clip title and the time range:
 * `Y8-science_Questioning-sequence_00-12-05_00-12-35.mp4`. Only ASCII letters, digits, `-` and `_`,
 * so the name survives every file system, zip tool and e-mail client a school uses.
 */

/** Longest part taken from each title, characters. */
const MAX_TITLE_LENGTH = 60;

/** A title as a file-name part: accents dropped, anything else unsafe turned into single dashes. */
export function fileNamePart(title: string, fallback: string): string {
  const ascii = title
    .normalize('NFKD')
    // Combining marks left over by NFKD (é → e + ´).
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= MAX_TITLE_LENGTH) return ascii || fallback;
  // Cut after a whole word (at a dash) unless that leaves less than half: "class-discussio" is no name.
  const room = ascii.slice(0, MAX_TITLE_LENGTH + 1);
  const dash = room.lastIndexOf('-');
  const cut = (dash > MAX_TITLE_LENGTH / 2 ? room.slice(0, dash) : room.slice(0, MAX_TITLE_LENGTH)).replace(/-+$/, '');
  return cut || fallback;
}

/** `hh-mm-ss` of whole seconds (rounded down); negative and non-finite values show as 00-00-00. */
export function fileNameTime(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds + 1e-6) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join('-');
}

/** The MP4 file name for a clip of `lessonTitle` from `start` to `end` seconds. */
export function clipFileName(lessonTitle: string, clipTitle: string, start: number, end: number): string {
  return `${fileNamePart(lessonTitle, 'lesson')}_${fileNamePart(clipTitle, 'clip')}_${fileNameTime(start)}_${fileNameTime(end)}.mp4`;
}
