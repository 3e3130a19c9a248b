/**
 * Looping a clip in the meeting: where playback must jump so no frame outside the clip is shown,
 * counting replays, and suggesting a different perspective at each replay (coaching guide, 5.3).
 */

/** A perspective to look from when a clip is replayed. */
export interface Perspective {
  id: string;
  label: string;
  prompt: string;
}

/** The perspectives offered in turn (PRODUCT.md, journey 2). */
export const PERSPECTIVES: readonly Perspective[] = [
  { id: 'teacher', label: "The teacher's decisions", prompt: 'What did the teacher decide here, and what else could they have done?' },
  { id: 'pupils', label: "The pupils' responses", prompt: 'Watch the pupils: who responds, how, and what does it tell us?' },
  { id: 'trigger_outcome', label: 'Trigger and outcome', prompt: 'What set this moment off, and what came of it?' },
  { id: 'language', label: 'Language', prompt: 'Listen to the words used: subject terms, questions, how talk is shared.' },
  { id: 'body', label: 'Body language and movement', prompt: 'Look at positions, gestures and movement around the room.' },
];

/** The perspective suggested for a replay count (the first viewing is replay 0). */
export function perspectiveFor(replays: number, perspectives: readonly Perspective[] = PERSPECTIVES): Perspective {
  const n = perspectives.length;
  return perspectives[((replays % n) + n) % n];
}

/** Where the loop stands. */
export interface LoopState {
  start: number;
  end: number;
  /** Completed passes through the clip. */
  replays: number;
  /**
   * Playback was just sent to the start and the clip's first frame is still on screen. Frames sit
   * on their own grid, so the frame shown for a start off that grid begins up to a frame before it
   * (issue 18: a loop that took that frame for "before the clip" seeked back to it for ever).
   */
  landing?: boolean;
  /** Time of the previous frame seen, to learn how far apart the frames really come. */
  previous?: number | null;
  /** Where the player's clock stood when the loop last jumped back, to see what it showed after. */
  jumpedFrom?: number | null;
  /**
   * Seconds (of real time) the player goes on showing frames after a jump is asked for: it seeks
   * on its own thread, later on a busy machine. Learned from what it shows, never below the default.
   */
  lag?: number;
}

/** What the player reports besides the time of the frame shown. */
export interface LoopTickOptions {
  /** Frames per second of the video, when known. */
  frameRate?: number | null;
  /** Playback speed. */
  rate?: number;
  /** The player is still seeking: its time is the seek target or a frame from before the seek. */
  seeking?: boolean;
  /** The player's clock now, which runs ahead of the frame reported when the page is busy. */
  clock?: number;
}

/** Frames per second assumed when unknown. */
const DEFAULT_FPS = 30;
/** The longest a frame shown for the start may begin before it (a slow or variable frame rate). */
const LANDING_SLACK = 0.5;
/** Frames further apart than this are a seek or a stall, not the pace of playback. */
const MAX_FRAME_GAP = 0.5;
/** Real time a seek takes to stop the frames, assumed until seen, and the most ever assumed. */
export const DEFAULT_LAG = 0.1;
const MAX_LAG = 0.6;

/** Send the loop to its start: the next frames shown are the clip's first, wherever their grid lies. */
export function landAtStart(state: LoopState, jumpedFrom: number | null = null): LoopState {
  return { ...state, landing: true, previous: null, jumpedFrom };
}

/**
 * Decide, for the frame now presented at `time`, whether to jump back to the start. It jumps when
 * the frame the player would show by the time a seek takes hold lies at or past the end, so the
 * frame after the clip is never shown; and when playback is before the frame that holds the start
 * (a seek or the "play before" control has ended). While the player seeks, nothing it reports is
 * judged; frames it still shows then teach how early to jump next time. Returns the new state and
 * the time to seek to, or null to carry on.
 */
export function loopTick(state: LoopState, time: number, options: LoopTickOptions = {}): { state: LoopState; seekTo: number | null } {
  const frame = 1 / (options.frameRate && options.frameRate > 1 ? options.frameRate : DEFAULT_FPS);
  const rate = Math.max(0.05, options.rate ?? 1);
  if (options.seeking) {
    const from = state.jumpedFrom;
    // A frame from after the jump shown while seeking: the seek took that long to stop playback.
    if (from == null || !(time > from && time < from + MAX_LAG * rate)) return { state, seekTo: null };
    const lag = Math.min(MAX_LAG, Math.max(state.lag ?? DEFAULT_LAG, ((time - from) / rate) * 1.25));
    return { state: { ...state, lag }, seekTo: null };
  }
  if (state.landing) {
    // The frame that holds the start, however far before the start its own time lies.
    if (time >= state.start - LANDING_SLACK && time < state.start + frame) return { state, seekTo: null };
    state = { ...state, landing: false };
  }
  // Frames may come further apart than the frame rate says (dropped under load, or only the
  // player's coarse time updates): look ahead by the gap actually seen.
  const gap = state.previous != null && time > state.previous && time - state.previous < MAX_FRAME_GAP ? time - state.previous : 0;
  const now = Math.max(time, options.clock != null && options.clock - time < MAX_FRAME_GAP ? options.clock : time);
  // One frame (or gap) of media time, plus what plays before a seek takes hold, plus timer jitter.
  const lookahead = Math.max(frame, gap) * 1.05 + ((state.lag ?? DEFAULT_LAG) + 0.02) * rate;
  if (now + lookahead >= state.end) return { state: landAtStart({ ...state, replays: state.replays + 1 }, now), seekTo: state.start };
  // A frame that begins less than a frame before the start still shows the start.
  if (time < state.start - frame * 1.01) return { state: landAtStart(state), seekTo: state.start };
  return { state: { ...state, previous: time }, seekTo: null };
}

/** Clamp a clip to the lesson and to a sensible minimum length. */
export function clampClip(start: number, end: number, duration: number, minLength = 0.5): { start: number; end: number } {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(duration > 0 ? duration : Number.POSITIVE_INFINITY, Math.max(start, end));
  if (e - s < minLength) {
    e = Math.min(duration > 0 ? duration : s + minLength, s + minLength);
    s = Math.max(0, e - minLength);
  }
  return { start: s, end: e };
}

/** A clip around a moment or range, with padding before and after. */
export function clipAround(time: number, end: number | null | undefined, duration: number, padBefore = 5, padAfter = 5): { start: number; end: number } {
  return clampClip(time - padBefore, (end ?? time) + padAfter, duration);
}

/** Move item `from` to position `to` in a list (for reordering clips). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const list = [...items];
  if (from < 0 || from >= list.length) return list;
  const [item] = list.splice(from, 1);
  list.splice(Math.max(0, Math.min(list.length, to)), 0, item);
  return list;
}
