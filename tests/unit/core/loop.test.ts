import { describe, expect, it } from 'vitest';
import { clampClip, clipAround, loopTick, moveItem, perspectiveFor, PERSPECTIVES } from '../../../src/core/loop';

describe('loopTick', () => {
  const clip = { start: 10, end: 20, replays: 0 };
  it('carries on inside the clip', () => {
    expect(loopTick(clip, 15, { frameRate: 25 })).toEqual({ state: clip, seekTo: null });
    expect(loopTick(clip, 10, { frameRate: 25 })).toEqual({ state: clip, seekTo: null });
  });
  it('jumps back before the frame after the end would show, counting a replay', () => {
    // At 25 fps the frame at 19.96 is the clip's last; the next (20.00) lies outside.
    expect(loopTick(clip, 19.96, { frameRate: 25 })).toEqual({ state: { ...clip, replays: 1 }, seekTo: 10 });
    expect(loopTick(clip, 19.9, { frameRate: 25 })).toEqual({ state: clip, seekTo: null });
  });
  it('looks further ahead at higher speed', () => {
    expect(loopTick(clip, 19.89, { frameRate: 25, rate: 1 }).seekTo).toBeNull();
    expect(loopTick(clip, 19.89, { frameRate: 25, rate: 4 }).seekTo).toBe(10);
  });
  it('returns to the start from before it, without counting a replay', () => {
    expect(loopTick(clip, 4, { frameRate: 25 })).toEqual({ state: clip, seekTo: 10 });
  });
  it('counts every pass', () => {
    let state = clip;
    for (let i = 0; i < 3; i++) state = loopTick(state, 19.99).state;
    expect(state.replays).toBe(3);
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
