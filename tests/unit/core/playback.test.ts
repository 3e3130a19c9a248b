import { describe, expect, it } from 'vitest';
import { clampTime, frameStep, loopJump, setLoopIn, setLoopOut, stepRate } from '../../../src/core/playback';

describe('playback rules', () => {
  it('steps speed within 0.5x..3x', () => {
    expect(stepRate(1, 1)).toBe(1.25);
    expect(stepRate(1, -1)).toBe(0.75);
    expect(stepRate(3, 1)).toBe(3);
    expect(stepRate(0.5, -1)).toBe(0.5);
    expect(stepRate(1.1, 1)).toBe(1.25);
  });
  it('clamps seeks to the lesson', () => {
    expect(clampTime(-3, 60)).toBe(0);
    expect(clampTime(75, 60)).toBe(60);
    expect(clampTime(30, 60)).toBe(30);
  });
  it('steps to the middle of the next or previous frame', () => {
    expect(frameStep(1.0, 25, 1, 60)).toBeCloseTo(1.06, 5);
    expect(frameStep(1.0, 25, -1, 60)).toBeCloseTo(0.98, 5);
    expect(frameStep(0, null, 1, 60)).toBeCloseTo(1.5 / 30, 5);
    expect(frameStep(0.01, 25, -1, 60)).toBe(0);
  });
  it('keeps loop points in order', () => {
    let loop = setLoopIn({ in: null, out: null }, 10);
    loop = setLoopOut(loop, 20);
    expect(loop).toEqual({ in: 10, out: 20 });
    expect(setLoopIn(loop, 25)).toEqual({ in: 25, out: null });
    expect(setLoopOut(loop, 5)).toEqual({ in: null, out: 5 });
  });
  it('jumps back to the in point at the out point or when outside the loop', () => {
    const loop = { in: 10, out: 20 };
    expect(loopJump(15, loop, 60)).toBeNull();
    expect(loopJump(20, loop, 60)).toBe(10);
    expect(loopJump(30, loop, 60)).toBe(10);
    expect(loopJump(5, loop, 60)).toBe(10);
    expect(loopJump(59.99, { in: null, out: null }, 60)).toBe(0);
  });
});
