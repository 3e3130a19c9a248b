/** Captions as SubRip (SRT) text, which ffmpeg turns into an MP4 `mov_text` subtitle track (soft captions). */
import type { Cue } from '../../src/core/formats/ass';

/** `hh:mm:ss,mmm`, the SRT time format. */
export function srtTime(seconds: number): string {
  const ms = Math.round((Number.isFinite(seconds) && seconds > 0 ? seconds : 0) * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)},${pad(ms % 1000, 3)}`;
}

/**
 * Numbered SRT blocks in time order, cues clipped to 0..duration; blank lines inside a note are
 * dropped because a blank line ends an SRT block.
 */
export function srtDocument(cues: readonly Cue[], duration = Infinity): string {
  return [...cues]
    .map((cue) => ({
      start: Math.max(0, cue.start),
      end: Math.min(duration, cue.end),
      text: cue.text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim()).filter(Boolean).join('\n'),
    }))
    .filter((cue) => cue.end > cue.start && cue.text !== '')
    .sort((a, b) => a.start - b.start)
    .map((cue, i) => `${i + 1}\n${srtTime(cue.start)} --> ${srtTime(cue.end)}\n${cue.text}\n`)
    .join('\n');
}

/** Cues moved by `offset` seconds (e.g. a fast clip that starts earlier than asked, or after a title card). */
export function shiftCues(cues: readonly Cue[], offset: number): Cue[] {
  return cues.map((cue) => ({ start: cue.start + offset, end: cue.end + offset, text: cue.text }));
}
