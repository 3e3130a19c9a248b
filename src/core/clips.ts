/**
 * Clip titles, captions and fast-cut ranges: the rules the workbench, the export panel and the
 * printable record share. Pure: no DOM, no storage.
 */
import { KIND_NAMES, type Entry } from './annotations';
import { cuesForRange } from './formats/webvtt';
import { formatClock } from './format';

/** Longest title given to a clip made from an entry, characters; a longer note ends at a word with "…". */
export const MAX_CLIP_TITLE_LENGTH = 60;

/** `text` in at most `max` characters, cut after a whole word and ended with "…" when it is longer. */
export function shortenAtWord(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const room = flat.slice(0, max); // one character is left for the ellipsis below
  const space = room.lastIndexOf(' ', max - 1);
  // A single word longer than half the room is cut inside it rather than leaving almost nothing.
  const cut = space > max / 2 ? room.slice(0, space) : room.slice(0, max - 1);
  return `${cut.replace(/[\s,;:.–-]+$/, '')}…`;
}

/** The whole title of a clip made around an entry: kind, time and the full note. */
function entryTitle(entry: Pick<Entry, 'kind' | 'time' | 'note'>): string {
  const note = entry.note.replace(/\s+/g, ' ').trim();
  return `${KIND_NAMES[entry.kind]} at ${formatClock(entry.time)}${note ? `: ${note}` : ''}`;
}

/** The title of a new clip around an entry: "Strength at 0:50: Waits in silence…", shortened at a word. */
export function entryClipTitle(entry: Pick<Entry, 'kind' | 'time' | 'note'>): string {
  return shortenAtWord(entryTitle(entry), MAX_CLIP_TITLE_LENGTH);
}

/**
 * A clip's title in full: a title shortened from one of its entries' notes (at a word with "…", or
 * mid-word by earlier versions, e.g. "…the class discussio") is completed from that entry.
 */
export function wholeClipTitle(clip: { title: string; annotationIds: readonly string[] }, entries: readonly Pick<Entry, 'id' | 'kind' | 'time' | 'note'>[]): string {
  const stem = clip.title.replace(/\s+/g, ' ').replace(/…$/, '').trim();
  for (const id of clip.annotationIds) {
    const entry = entries.find((e) => e.id === id);
    if (!entry) continue;
    const whole = entryTitle(entry);
    if (stem && whole.length > stem.length && whole.startsWith(stem)) return whole;
  }
  return clip.title;
}

/** A caption for an exported clip, seconds from the clip's start. */
export interface ClipCaption {
  start: number;
  end: number;
  text: string;
}

/**
 * Captions for a clip: its entries' cues, or, when no entry falls inside it (every clip made from loop
 * points), its title as one caption over the whole clip.
 */
export function clipCaptions(entries: readonly Entry[], clip: { title: string; start: number; end: number }): ClipCaption[] {
  const cues = cuesForRange(entries, clip.start, clip.end)
    .map(({ start, end, text }) => ({ start, end, text }))
    .filter((cue) => cue.end > cue.start && cue.text.trim() !== '');
  if (cues.length > 0) return cues;
  const title = clip.title.trim() || `Clip ${formatClock(clip.start)}–${formatClock(clip.end)}`;
  return [{ start: 0, end: clip.end - clip.start, text: title }];
}

/** Above this many seconds added by a fast cut, the coach is told and offered exact export. */
export const FAST_CUT_WARNING_SECONDS = 2;

/** How much a fast (keyframe) cut adds before and after the asked range, seconds (never negative). */
export function fastCutExtra(clip: { start: number; end: number }, actual: { actualStart: number; actualEnd: number }): { before: number; after: number } {
  return { before: Math.max(0, clip.start - actual.actualStart), after: Math.max(0, actual.actualEnd - clip.end) };
}

/** The warning shown when a fast cut adds more than FAST_CUT_WARNING_SECONDS, or null. */
export function fastCutWarning(clip: { start: number; end: number }, actual: { actualStart: number; actualEnd: number }): string | null {
  const { before, after } = fastCutExtra(clip, actual);
  if (before + after <= FAST_CUT_WARNING_SECONDS) return null;
  const parts = [
    ...(before >= 0.05 ? [`starts ${before.toFixed(1)} s early, at the keyframe at ${formatClock(actual.actualStart)}`] : []),
    ...(after >= 0.05 ? [`ends ${after.toFixed(1)} s late`] : []),
  ];
  return `Fast export adds ${(before + after).toFixed(1)} s to this clip: it ${parts.join(' and ')}. Choose exact export to get ${formatClock(clip.start)}–${formatClock(clip.end)}.`;
}
