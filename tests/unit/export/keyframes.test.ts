import { describe, expect, it } from 'vitest';
import { checkRange, streamCopyRange, type CutIndex } from '../../../workers/export/keyframes';

/** 29 s at 25 fps with a keyframe every 2 s, like tests/fixtures/out/lesson.mp4. */
function lesson(): CutIndex {
  const frames = Float64Array.from({ length: 725 }, (_, i) => i * 0.04);
  return {
    duration: 29, width: 320, height: 180, frameRate: 25, hasVideo: true, hasAudio: true,
    keyframes: Float64Array.from({ length: 15 }, (_, i) => i * 2), frames, frameEnd: 29,
  };
}

describe('streamCopyRange', () => {
  it('starts at the keyframe at or before the start and ends on the first frame at or after the end', () => {
    const range = streamCopyRange(lesson(), 5.3, 11.01);
    expect(range.actualStart).toBe(4);
    expect(range.actualEnd).toBeCloseTo(11.04, 9);
    expect(streamCopyRange(lesson(), 6, 8)).toEqual({ actualStart: 6, actualEnd: 8 });
  });
  it('tolerates rounding on a keyframe time', () => {
    expect(streamCopyRange(lesson(), 5.9999999, 7).actualStart).toBe(6);
  });
  it('ends at the end of the video when asked for more', () => {
    expect(streamCopyRange(lesson(), 27, 40)).toEqual({ actualStart: 26, actualEnd: 29 });
  });
  it('refuses ranges outside the video in plain words', () => {
    expect(() => streamCopyRange(lesson(), 45, 50)).toThrow('The clip starts at 0:45, after the end of the video (0:29).');
    expect(() => streamCopyRange(lesson(), 8, 8)).toThrow(/ends before it starts/);
    expect(() => checkRange(29, Number.NaN, 3)).toThrow(/needs a start and an end/);
  });
});
