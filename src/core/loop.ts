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
}

/** Frames per second assumed when unknown. */
const DEFAULT_FPS = 30;

/**
 * Decide, for the frame now presented at `time`, whether to jump back to the start. It jumps when
 * the next frame (at the current speed) would lie at or past the end, so the frame after the clip
 * is never shown; and when playback is before the start (a seek or the "play before" control
 * has ended). Returns the new state and the time to seek to, or null to carry on.
 */
export function loopTick(state: LoopState, time: number, options: { frameRate?: number | null; rate?: number } = {}): { state: LoopState; seekTo: number | null } {
  const frame = 1 / (options.frameRate && options.frameRate > 1 ? options.frameRate : DEFAULT_FPS);
  const rate = Math.max(0.05, options.rate ?? 1);
  // Look ahead about one frame of media time plus timer jitter (scaled by speed).
  const lookahead = frame * 1.05 + 0.02 * rate;
  if (time + lookahead >= state.end) return { state: { ...state, replays: state.replays + 1 }, seekTo: state.start };
  if (time < state.start - 0.001) return { state, seekTo: state.start };
  return { state, seekTo: null };
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
