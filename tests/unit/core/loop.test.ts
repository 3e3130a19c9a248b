import { describe, expect, it } from 'vitest';
import { clampClip, clipAround, landAtStart, loopTick, moveItem, perspectiveFor, PERSPECTIVES, type LoopState } from '../../../src/core/loop';

describe('loopTick', () => {
  const clip = { start: 10, end: 20, replays: 0 };
  it('carries on inside the clip', () => {
    expect(loopTick(clip, 15, { frameRate: 25 })).toEqual({ state: { ...clip, previous: 15 }, seekTo: null });
    expect(loopTick(clip, 10, { frameRate: 25 }).seekTo).toBeNull();
  });
  it('jumps back before the frame after the end would show, counting a replay', () => {
    // At 25 fps with a seek that takes 0.1 s to stop playback, a jump asked for at 19.84 stops
    // the frames by 19.94; the next (19.96) is the clip's last and the one after (20.00) lies outside.
    expect(loopTick(clip, 19.84, { frameRate: 25 })).toEqual({ state: { ...clip, replays: 1, landing: true, previous: null, jumpedFrom: 19.84 }, seekTo: 10 });
    expect(loopTick(clip, 19.8, { frameRate: 25 }).seekTo).toBeNull();
  });
  it('looks further ahead at higher speed', () => {
    expect(loopTick(clip, 19.78, { frameRate: 25, rate: 1 }).seekTo).toBeNull();
    expect(loopTick(clip, 19.78, { frameRate: 25, rate: 1.5 }).seekTo).toBe(10);
    // At a quarter speed the same real time plays a quarter of the media time.
    expect(loopTick(clip, 19.88, { frameRate: 25, rate: 0.25 }).seekTo).toBeNull();
    expect(loopTick(clip, 19.94, { frameRate: 25, rate: 0.25 }).seekTo).toBe(10);
  });
  it('judges by the clock when it runs ahead of the frame reported (a busy page reports frames late)', () => {
    expect(loopTick(clip, 19.6, { frameRate: 25, clock: 19.85 }).seekTo).toBe(10);
    expect(loopTick(clip, 19.6, { frameRate: 25, clock: 19.62 }).seekTo).toBeNull();
  });
  it('looks ahead by the gap between the frames it is shown when they come further apart than the frame rate', () => {
    // Frames dropped under load: the last two came 0.2 s apart, so the next may come 0.2 s later.
    expect(loopTick({ ...clip, previous: 19.55 }, 19.75, { frameRate: 25 }).seekTo).toBe(10);
    expect(loopTick(clip, 19.75, { frameRate: 25 }).seekTo).toBeNull();
    // A seek, not the pace of playback.
    expect(loopTick({ ...clip, previous: 12 }, 19.75, { frameRate: 25 }).seekTo).toBeNull();
  });
  it('learns how long a seek takes to stop playback from the frames shown meanwhile, and jumps that much earlier', () => {
    let { state } = loopTick(clip, 19.84, { frameRate: 25 });
    // The player went on to show 19.96 and 20.00 while seeking (a busy machine): 0.16 s.
    state = loopTick(state, 10, { frameRate: 25, seeking: true }).state;
    state = loopTick(state, 19.96, { frameRate: 25, seeking: true }).state;
    state = loopTick(state, 20.0, { frameRate: 25, seeking: true }).state;
    expect(state.lag).toBeCloseTo(0.2, 5);
    state = loopTick(state, 9.98, { frameRate: 25 }).state;
    expect(state.landing).toBe(true);
    // Before, 19.75 was early enough to carry on; now the jump comes then.
    expect(loopTick({ ...clip, previous: 19.71 }, 19.75, { frameRate: 25 }).seekTo).toBeNull();
    const next = loopTick(loopTick(state, 10.1, { frameRate: 25 }).state, 19.75, { frameRate: 25 });
    expect(next.seekTo).toBe(10);
    expect(next.state.replays).toBe(2);
    // Nothing shown after the jump: nothing learned.
    expect(loopTick(loopTick(clip, 19.84).state, 10, { seeking: true }).state.lag).toBeUndefined();
  });
  it('returns to the start from before it, without counting a replay', () => {
    expect(loopTick(clip, 4, { frameRate: 25 })).toEqual({ state: { ...clip, landing: true, previous: null, jumpedFrom: null }, seekTo: 10 });
    // The frame before the one that holds the start ends before it.
    expect(loopTick(clip, 9.95, { frameRate: 25 }).seekTo).toBe(10);
  });
  it('judges nothing the player reports while it seeks', () => {
    expect(loopTick(clip, 19.99, { frameRate: 25, seeking: true })).toEqual({ state: clip, seekTo: null });
    expect(loopTick(clip, 4, { frameRate: 25, seeking: true })).toEqual({ state: clip, seekTo: null });
  });
  it('counts every pass', () => {
    let state: LoopState = clip;
    for (let i = 0; i < 3; i++) state = loopTick(state, 19.99).state;
    expect(state.replays).toBe(3);
  });
});

/**
 * A player on a frame grid: a seek shows the frame that holds the target (whose time lies up to a
 * frame before it), and playing shows the next frame of the grid.
 */
function playLoop(start: number, end: number, fps: number, passes: number, options: { frameRate?: number | null; rate?: number } = {}) {
  const frameAt = (time: number) => Math.floor(time * fps + 1e-9) / fps;
  let state = landAtStart({ start, end, replays: 0 });
  let time = frameAt(start);
  const shown: number[] = [];
  let seeks = 0;
  for (let i = 0; i < 100_000 && state.replays < passes; i++) {
    shown.push(time);
    const tick = loopTick(state, time, { frameRate: 'frameRate' in options ? options.frameRate : fps, rate: options.rate });
    state = tick.state;
    if (tick.seekTo === null) time = (Math.round(time * fps) + 1) / fps;
    else {
      seeks++;
      time = frameAt(tick.seekTo);
    }
  }
  return { replays: state.replays, seeks, shown };
}

describe('issue 18: a clip off the frame grid loops', () => {
  it('replays ten times when its start lies half way through a frame (30% of a lesson + 0.45 s)', () => {
    const start = 75 * 0.3 + 0.45;
    const run = playLoop(start, start + 4, 30, 10);
    expect(run.replays).toBe(10);
    // One jump per pass: the frame that holds the start is not taken for one before it.
    expect(run.seeks).toBe(10);
    expect(Math.min(...run.shown)).toBeGreaterThanOrEqual(start - 1 / 30);
    expect(Math.max(...run.shown)).toBeLessThan(start + 4);
    // Each pass shows the clip but for the last few frames (what plays while a seek takes hold).
    expect(run.shown.length).toBeGreaterThanOrEqual(10 * (4 - 0.2) * 30);
  });
  it('replays at 0.5x and 0.25x, on starts just after and just before a frame boundary', () => {
    for (const rate of [1, 0.5, 0.25])
      for (const start of [116.45, 37.001, 61.4999, 10]) {
        const run = playLoop(start, start + 1.5, 25, 10, { rate });
        expect({ rate, start, replays: run.replays, seeks: run.seeks }).toEqual({ rate, start, replays: 10, seeks: 10 });
        expect(Math.min(...run.shown)).toBeGreaterThanOrEqual(start - 1 / 25);
        expect(Math.max(...run.shown)).toBeLessThan(start + 1.5);
      }
  });
  it('replays when the frame rate is unknown and the frames are longer than the 30 fps assumed', () => {
    const run = playLoop(116.45, 120.45, 24, 10, { frameRate: null });
    expect(run.replays).toBe(10);
    expect(run.seeks).toBe(10);
  });
});

describe('perspectives', () => {
  it('rotate with the replay count and wrap around', () => {
    expect(perspectiveFor(0).id).toBe('teacher');
    expect(perspectiveFor(1).id).toBe('pupils');
    expect(perspectiveFor(PERSPECTIVES.length).id).toBe('teacher');
    expect(new Set(PERSPECTIVES.map((p) => p.id)).size).toBe(5);
  });
});

describe('clip ranges', () => {
  it('clamps to the lesson and a minimum length', () => {
    expect(clampClip(-3, 8, 60)).toEqual({ start: 0, end: 8 });
    expect(clampClip(50, 70, 60)).toEqual({ start: 50, end: 60 });
    expect(clampClip(30, 30.1, 60)).toEqual({ start: 30, end: 30.5 });
    expect(clampClip(59.9, 60, 60)).toEqual({ start: 59.5, end: 60 });
    expect(clampClip(20, 10, 60)).toEqual({ start: 10, end: 20 });
  });
  it('pads a moment or a range', () => {
    expect(clipAround(30, null, 60)).toEqual({ start: 25, end: 35 });
    expect(clipAround(30, 40, 60, 2, 3)).toEqual({ start: 28, end: 43 });
    expect(clipAround(2, null, 60)).toEqual({ start: 0, end: 7 });
  });
  it('reorders', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 5, 0)).toEqual(['a', 'b', 'c']);
  });
});
