import { describe, expect, it } from 'vitest';
import { answerRange, lessonIdFromPath, lessonMediaPath, piecesOfRange } from '../../../src/core/media-serving';

describe('answerRange', () => {
  const size = 1000;
  it('answers a bounded range with exactly its bytes, clamped to the file', () => {
    expect(answerRange('bytes=0-0', size)).toEqual({ status: 206, start: 0, end: 0 });
    expect(answerRange('bytes=100-199', size)).toEqual({ status: 206, start: 100, end: 199 });
    expect(answerRange('bytes=900-5000', size)).toEqual({ status: 206, start: 900, end: 999 });
  });
  it('answers an open range to the end, and a suffix as the last bytes', () => {
    expect(answerRange('bytes=0-', size)).toEqual({ status: 206, start: 0, end: 999 });
    expect(answerRange('bytes=998-', size)).toEqual({ status: 206, start: 998, end: 999 });
    expect(answerRange('bytes=-10', size)).toEqual({ status: 206, start: 990, end: 999 });
    expect(answerRange('bytes=-5000', size)).toEqual({ status: 206, start: 0, end: 999 });
  });
  it('refuses a range that starts at or past the end (416)', () => {
    expect(answerRange('bytes=1000-', size)).toEqual({ status: 416 });
    expect(answerRange('bytes=1000-1001', size)).toEqual({ status: 416 });
    expect(answerRange('bytes=-0', size)).toEqual({ status: 416 });
    expect(answerRange('bytes=0-', 0)).toEqual({ status: 416 });
  });
  it('sends the whole file for no range, an invalid one, or several', () => {
    const whole = { status: 200, start: 0, end: 999 };
    expect(answerRange(null, size)).toEqual(whole);
    expect(answerRange('bytes=200-100', size)).toEqual(whole);
    expect(answerRange('bytes=-', size)).toEqual(whole);
    expect(answerRange('items=0-10', size)).toEqual(whole);
    expect(answerRange('bytes=0-10, 20-30', size)).toEqual(whole);
  });
});

describe('lesson media paths', () => {
  it('round-trips a lesson id and refuses other paths', () => {
    const id = '3f2a9c1e-0000-4000-8000-000000000001';
    expect(lessonIdFromPath(lessonMediaPath(id))).toBe(id);
    expect(lessonIdFromPath('/lesson-media/')).toBeNull();
    expect(lessonIdFromPath('/lesson-media/a/b')).toBeNull();
    expect(lessonIdFromPath('/assets/index.js')).toBeNull();
  });
});

describe('piecesOfRange', () => {
  // Parts of 4, 4 and 2 bytes: the video 0123|4567|89.
  const sizes = [4, 4, 2];
  it('cuts a range from only the parts it lies in, as offsets within each', () => {
    expect(piecesOfRange(sizes, 0, 0)).toEqual([{ index: 0, from: 0, to: 1 }]);
    expect(piecesOfRange(sizes, 3, 8)).toEqual([
      { index: 0, from: 3, to: 4 },
      { index: 1, from: 0, to: 4 },
      { index: 2, from: 0, to: 1 },
    ]);
    expect(piecesOfRange(sizes, 4, 7)).toEqual([{ index: 1, from: 0, to: 4 }]);
    expect(piecesOfRange(sizes, 9, 9)).toEqual([{ index: 2, from: 1, to: 2 }]);
  });
  it('covers the whole video with every part whole', () => {
    expect(piecesOfRange(sizes, 0, 9)).toEqual([
      { index: 0, from: 0, to: 4 },
      { index: 1, from: 0, to: 4 },
      { index: 2, from: 0, to: 2 },
    ]);
  });
});
