/**
 * Protecting pupils in clips shared beyond the coaching pair: where pupils' voices are heard in a clip,
 * from the analysis's voice-activity timeline and its teacher-voice model, as stretches to silence.
 * Pure: no DOM.
 */

import { titleFromFileName } from './media';

/** Who a clip is for: the coaching pair's own copy, or sharing beyond the two of them. */
export type ClipAudience = 'pair' | 'beyond';

/** How pupils are protected in an exported clip. */
export interface PupilProtection {
  blurFaces: boolean;
  muteVoices: boolean;
}

/** Protection on when the clip leaves the pair, off for their own copies; the coach can change either after. */
export function defaultProtection(audience: ClipAudience): PupilProtection {
  const on = audience === 'beyond';
  return { blurFaces: on, muteVoices: on };
}

/**
 * The lesson's title as a clip shared beyond the pair may carry it: only a title the coach typed. The title a
 * lesson gets on import is its file's name, which can name the class or a pupil (`Jane_Doe_reading.mp4`), so
 * while it is unchanged it is left out (''), as the file's own metadata is.
 */
export function sharedLessonTitle(title: string, fileName: string): string {
  return title.trim() === titleFromFileName(fileName) ? '' : title;
}

/** The analysis's voice timeline, as stored with the lesson. */
export interface VoiceTimeline {
  /** Seconds per voice-activity frame. */
  frameDuration: number;
  /** 1 where a voice is heard. */
  speech: ArrayLike<number>;
  /** The teacher-voice model per frame: probability the voice is the teacher's, NaN where none is heard. Absent in analyses made before it was kept. */
  teacher?: { frameDuration: number; probability: ArrayLike<number> };
}

/** A stretch of time, seconds. */
export interface TimeRange {
  start: number;
  end: number;
}

/** Tuning of the mute stretches. */
export interface MuteOptions {
  /**
   * At or above this teacher probability a voice is the teacher's. Above an even chance, since a pupil left
   * audible is worse than a word of the teacher's muted: on 40 held-in real-voice lessons 0.6 mutes 89% of
   * the pupils' speech and 10% of the teacher's (0.5: 87% and 8%; 0.7: 92% and 12%).
   */
  teacherThreshold?: number;
  /** Silence this much before a pupil's voice is first heard (a soft first syllable), seconds. */
  leadSeconds?: number;
  /** And this much after it is last heard (the room's echo), seconds. */
  tailSeconds?: number;
  /** Stretches closer than this with no teacher's voice between them become one, seconds. */
  joinSeconds?: number;
}

const DEFAULTS: Required<MuteOptions> = { teacherThreshold: 0.6, leadSeconds: 0.25, tailSeconds: 0.35, joinSeconds: 0.6 };

/** What each voice-activity frame holds. */
const SILENT = 0, TEACHER = 1, PUPIL = 2, UNKNOWN = 3;

/**
 * The stretches of `clip` (lesson seconds) where a voice that is not the teacher's is heard, in seconds from
 * the clip's start, with margins, joined where close and never reaching into the teacher's voice. A voice the
 * model could not place is taken from the nearest placed frame of the same run of voice, and silenced when
 * the run has none: a pupil left audible is worse than a word of the teacher's lost. Null when the timeline
 * has no teacher-voice model (an analysis from before it was kept).
 */
export function pupilVoiceRanges(voice: VoiceTimeline, clip: TimeRange, options: MuteOptions = {}): TimeRange[] | null {
  const teacher = voice.teacher;
  if (!teacher || !(voice.frameDuration > 0) || !(teacher.frameDuration > 0)) return null;
  const o = { ...DEFAULTS, ...options };
  const fd = voice.frameDuration;
  const n = Math.max(voice.speech.length, Math.ceil((teacher.probability.length * teacher.frameDuration) / fd - 1e-9));
  const kind = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = teacher.probability[Math.floor(((i + 0.5) * fd) / teacher.frameDuration)];
    const known = p !== undefined && !Number.isNaN(p);
    // The model hears quieter voices than the strict activity track: either one hearing a voice counts.
    if (!known && !voice.speech[i]) kind[i] = SILENT;
    else if (!known) kind[i] = UNKNOWN;
    else kind[i] = p >= o.teacherThreshold ? TEACHER : PUPIL;
  }
  placeUnknown(kind);

  // Only the frames near the clip matter; margins may reach in from just outside it.
  const reach = o.leadSeconds + o.tailSeconds + o.joinSeconds;
  const from = Math.max(0, Math.floor((clip.start - reach) / fd));
  const to = Math.min(n, Math.ceil((clip.end + reach) / fd));
  const ranges: TimeRange[] = [];
  let i = from;
  while (i < to) {
    if (kind[i] !== PUPIL) { i++; continue; }
    let j = i;
    while (j < to && kind[j] === PUPIL) j++;
    // Margins stop at the teacher's voice on either side.
    const before = Math.max(0, lastOf(kind, i - 1, TEACHER) + 1);
    const after = Math.min(n, firstOf(kind, j, TEACHER));
    const start = Math.max(i * fd - o.leadSeconds, before * fd);
    const end = Math.min(j * fd + o.tailSeconds, after * fd);
    const previous = ranges[ranges.length - 1];
    // Join when close, unless the teacher speaks in between.
    if (previous && start - previous.end < o.joinSeconds && !hasKind(kind, Math.floor(previous.end / fd), i, TEACHER)) previous.end = Math.max(previous.end, end);
    else ranges.push({ start, end });
    i = j;
  }
  return ranges
    .map((r) => ({ start: Math.max(r.start, clip.start) - clip.start, end: Math.min(r.end, clip.end) - clip.start }))
    .filter((r) => r.end > r.start)
    .map((r) => ({ start: round3(r.start), end: round3(r.end) }));
}

/** Each run of voice's unplaced frames take the nearest placed frame's side; a run with none placed is a pupil's. */
function placeUnknown(kind: Uint8Array): void {
  let i = 0;
  while (i < kind.length) {
    if (kind[i] === SILENT) { i++; continue; }
    let j = i;
    while (j < kind.length && kind[j] !== SILENT) j++;
    const placed: number[] = [];
    for (let k = i; k < j; k++) if (kind[k] !== UNKNOWN) placed.push(k);
    for (let k = i; k < j; k++) {
      if (kind[k] !== UNKNOWN) continue;
      if (placed.length === 0) { kind[k] = PUPIL; continue; }
      let best = placed[0];
      for (const p of placed) if (Math.abs(p - k) < Math.abs(best - k)) best = p;
      kind[k] = kind[best];
    }
    i = j;
  }
}

function lastOf(kind: Uint8Array, from: number, value: number): number {
  for (let k = from; k >= 0; k--) if (kind[k] === value) return k;
  return -1;
}

function firstOf(kind: Uint8Array, from: number, value: number): number {
  for (let k = from; k < kind.length; k++) if (kind[k] === value) return k;
  return kind.length;
}

function hasKind(kind: Uint8Array, from: number, to: number, value: number): boolean {
  for (let k = Math.max(0, from); k < Math.min(to, kind.length); k++) if (kind[k] === value) return true;
  return false;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The stretches still to silence once the coach has chosen to keep some audible (named by their start). */
export function withoutKept(ranges: readonly TimeRange[], keptStarts: readonly number[]): TimeRange[] {
  return ranges.filter((r) => !keptStarts.includes(r.start));
}

/** Total seconds of a list of stretches. */
export function rangesSeconds(ranges: readonly TimeRange[]): number {
  return ranges.reduce((sum, r) => sum + (r.end - r.start), 0);
}
