/** Playback rules: speed steps, seeking bounds, frame stepping and the A-B loop. Pure, unit-tested. */

/** Speeds the coach steps through with the speed keys. */
export const RATE_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;
/** Slowest and fastest speed offered. */
export const MIN_RATE = 0.5;
export const MAX_RATE = 3;

/** The next speed step up (+1) or down (-1) from `rate`, clamped to the range. */
export function stepRate(rate: number, direction: 1 | -1): number {
  if (direction > 0) return RATE_STEPS.find((r) => r > rate + 1e-6) ?? MAX_RATE;
  return [...RATE_STEPS].reverse().find((r) => r < rate - 1e-6) ?? MIN_RATE;
}

/** Clamp a seek target to the lesson. */
export function clampTime(time: number, duration: number): number {
  if (!Number.isFinite(time) || time < 0) return 0;
  if (Number.isFinite(duration) && duration > 0 && time > duration) return duration;
  return time;
}

/** Time one frame forward or back; 30 fps is assumed when the frame rate is unknown. */
export function frameStep(time: number, frameRate: number | null, direction: 1 | -1, duration: number): number {
  const fps = frameRate && frameRate > 1 ? frameRate : 30;
  // Land in the middle of the target frame so rounding in the decoder cannot show the previous one.
  const frame = Math.floor(time * fps + 1e-3) + direction;
  return clampTime((frame + 0.5) / fps, duration);
}

/** A-B loop points; `null` means not set. */
export interface LoopPoints {
  in: number | null;
  out: number | null;
}

/** Set the in point; an out point before it is dropped. */
export function setLoopIn(loop: LoopPoints, time: number): LoopPoints {
  return { in: time, out: loop.out !== null && loop.out > time ? loop.out : null };
}

/** Set the out point; an in point after it is dropped. */
export function setLoopOut(loop: LoopPoints, time: number): LoopPoints {
  return { in: loop.in !== null && loop.in < time ? loop.in : null, out: time };
}

/** The effective loop range: missing in point means the start, missing out point the end. */
export function loopRange(loop: LoopPoints, duration: number): [start: number, end: number] {
  return [loop.in ?? 0, loop.out ?? duration];
}

/** Where playback must jump when looping, or null to carry on: past the out point or before the in point. */
export function loopJump(time: number, loop: LoopPoints, duration: number): number | null {
  const [start, end] = loopRange(loop, duration);
  if (end - start < 0.1) return null;
  if (time >= end - 0.02 || time < start - 0.25) return start;
  return null;
}
