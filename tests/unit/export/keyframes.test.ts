import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRange, cutIndexOf, streamCopyRange, type CutIndex } from '../../../workers/export/keyframes';
import { fastClipArgs } from '../../../workers/export/args';
import { readMp4Index } from '../../../workers/media/mp4-index';

/** Ticks per frame at 25 fps in a 12800 timescale (what libx264 in MP4 writes). */
const TICK = 512;
const SCALE = 12800;

/**
 * An index of `seconds` at 25 fps. With B-frames, frames are stored anchor first (display 0, 3, 1, 2,
 * 6, 4, 5…) and decode times run two frames behind; keyframes at the given display frames (anchors).
 */
function index(seconds: number, keyFrames: number[], bFrames = true): CutIndex {
  const n = seconds * 25;
  const order: number[] = [];
  if (bFrames) {
    order.push(0);
    for (let anchor = 3; anchor - 2 < n; anchor += 3) {
      if (anchor < n) order.push(anchor);
      for (let b = anchor - 2; b < anchor && b < n; b++) order.push(b);
    }
  } else for (let i = 0; i < n; i++) order.push(i);
  const delay = bFrames ? 2 : 0;
  return {
    duration: seconds, width: 160, height: 90, frameRate: 25, hasVideo: true, hasAudio: true, timescale: SCALE,
    pts: Float64Array.from(order, (f) => f * TICK),
    dts: Float64Array.from(order, (_, i) => (i - delay) * TICK),
    keys: Uint32Array.from(order.flatMap((f, i) => (keyFrames.includes(f) ? [i] : []))),
    end: n * TICK,
  };
}

describe('streamCopyRange', () => {
  it('starts at the keyframe shown at or before the start, compared in whole ticks', () => {
    const lesson = index(30, [0, 300, 501, 600]); // keyframes at 0, 12, 20.04 and 24 s
    expect(streamCopyRange(lesson, 12, 14).actualStart).toBe(12);
    // A start a hair under 12 s from float arithmetic is still tick 153600: the keyframe at 12 s.
    expect(streamCopyRange(lesson, 11.999999999, 14).actualStart).toBe(12);
    // The keyframe one frame after the start does not count: the cut goes back to 12 s, 8 s early.
    expect(streamCopyRange(lesson, 20, 22).actualStart).toBe(12);
    expect(streamCopyRange(lesson, 20.04, 22).actualStart).toBeCloseTo(20.04, 9);
  });

  it('ends where the frames kept in decode order end: every frame before the end, no gap', () => {
    const lesson = index(30, [0, 300]);
    // Frames are stored in threes (an anchor, then the two shown before it), so a copy can only stop after an
    // anchor: up to 7.96 s that is frame 198 (ends 7.96 s); 8.00 s needs frame 199, stored after anchor 201.
    expect(streamCopyRange(lesson, 1, 7.96).actualEnd).toBeCloseTo(7.96, 9);
    expect(streamCopyRange(lesson, 1, 8).actualEnd).toBeCloseTo(8.08, 9);
    expect(streamCopyRange(lesson, 1, 8.04).actualEnd).toBeCloseTo(8.08, 9);
    // Without B-frames every frame boundary is a clean cut.
    expect(streamCopyRange(index(30, [0, 300], false), 1, 8.04).actualEnd).toBeCloseTo(8.04, 9);
  });

  it('plans ffmpeg\'s seek halfway to the next keyframe and its cut between two decode times', () => {
    const lesson = index(30, [0, 300, 501, 600]);
    const plan = streamCopyRange(lesson, 20, 22);
    // From 12 s; the next keyframe (20.04 s) is further than the cut, so the seek point is halfway to the cut.
    expect(plan.actualStart).toBe(12);
    expect(plan.seekTo).toBeGreaterThan(12);
    expect(plan.seekTo).toBeLessThan(20.04);
    // 22 s is a clean stop (after frame 548, the last B-frame before anchor 552). The cut is on the decode
    // timeline, two frames behind: halfway between frame 548's decode time (21.88 s) and anchor 552's (21.92 s).
    expect(plan.actualEnd).toBeCloseTo(22, 9);
    expect(plan.seekTo + plan.duration!).toBeCloseTo(21.9, 9);
    // To the end of the video: no duration, everything after the seek point is copied.
    expect(streamCopyRange(lesson, 25, 40)).toMatchObject({ actualStart: 24, actualEnd: 30, duration: null });
  });

  it('refuses ranges outside the video in plain words', () => {
    const lesson = index(29, [0]);
    expect(() => streamCopyRange(lesson, 45, 50)).toThrow('The clip starts at 0:45, after the end of the video (0:29).');
    expect(() => streamCopyRange(lesson, 8, 8)).toThrow(/ends before it starts/);
    expect(() => checkRange(29, Number.NaN, 3)).toThrow(/needs a start and an end/);
    expect(() => streamCopyRange({ ...lesson, keys: new Uint32Array(0) }, 1, 2)).toThrow(/no keyframes/);
  });
});

/** MD5 of every decoded video frame of a file, in order (native ffmpeg). */
function frameHashes(path: string): string[] {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:v:0', '-f', 'framemd5', '-'], { maxBuffer: 64 << 20 })
    .toString().split('\n').filter((line) => line && !line.startsWith('#')).map((line) => line.split(',').at(-1)!.trim());
}

describe('a fast cut delivers the range it plans (native ffmpeg, the same 5.1 line as ffmpeg.wasm)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reframe-keyframes-'));
    const source = ['-f', 'lavfi', '-i', 'testsrc2=size=96x54:rate=25:duration=30', '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000:duration=30'];
    const sparse = ['-g', '1000', '-keyint_min', '1000', '-sc_threshold', '0', '-force_key_frames', '0,10,20.021'];
    const ff = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
    // B-frames with an edit list (libx264's default in MP4), the same without an edit list, and no B-frames.
    ff(...source, '-c:v', 'libx264', '-preset', 'veryfast', ...sparse, '-c:a', 'aac', join(dir, 'b-frames.mp4'));
    ff('-i', join(dir, 'b-frames.mp4'), '-c', 'copy', '-use_editlist', '0', join(dir, 'no-edit-list.mp4'));
    ff(...source, '-c:v', 'libx264', '-preset', 'ultrafast', ...sparse, '-c:a', 'aac', join(dir, 'no-b-frames.mp4'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of ['b-frames', 'no-edit-list', 'no-b-frames']) {
    it(`${name}: the copied frames are exactly the planned range`, async () => {
      const path = join(dir, `${name}.mp4`);
      const { file, info } = await readMp4Index(await openAsBlob(path));
      const lesson = cutIndexOf(file, info);
      const hashes = frameHashes(path);
      // Where frame i is shown: the lesson's frames sorted by display time.
      const shown = Array.from(lesson.pts).sort((a, b) => a - b).map((t) => t / lesson.timescale);
      const at = new Map(hashes.map((hash, i) => [hash, i]));
      // Starts on a keyframe, one frame before one, one frame after one; ends on a P-frame, between, at the very end.
      for (const [start, end] of [[10, 14], [19.96, 21.5], [20, 28.02], [3.3, 7.1], [21, 30]]) {
        const plan = streamCopyRange(lesson, start, end);
        const output = join(dir, `${name}-${start}.mp4`);
        execFileSync('ffmpeg', ['-v', 'error', ...fastClipArgs({ input: path, output, seekTo: plan.seekTo, duration: plan.duration })]);
        const frames = frameHashes(output).map((hash) => at.get(hash));
        const first = frames[0]!;
        expect(frames, `${start}-${end}`).toEqual(frames.map((_, i) => first + i));
        expect(shown[first], `${start}-${end} start`).toBeCloseTo(plan.actualStart, 6);
        const last = first + frames.length - 1;
        expect(last + 1 < shown.length ? shown[last + 1] : lesson.end / lesson.timescale, `${start}-${end} end`).toBeCloseTo(plan.actualEnd, 6);
        expect(plan.actualStart).toBeLessThanOrEqual(start);
        expect(plan.actualEnd).toBeGreaterThanOrEqual(Math.min(end, 30) - 1e-9);
      }
    });
  }
});
