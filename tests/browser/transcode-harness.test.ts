/**
 * Clip export with ffmpeg.wasm in Debian's Chromium, through the dev-only harness page on its own dev server:
 *   npx vitest run --config vitest.browser.config.ts tests/browser/transcode-harness.test.ts
 * Every clip is checked with native ffprobe/ffmpeg.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTranscodeHarness, type ExportRun, type ExportSummary, type TranscodeHarness } from './pages/transcode-driver';
import { probe } from './native-media';

const LESSON = resolve(import.meta.dirname, '../fixtures/out/lesson.mp4');
/** The fixture's frame duration (25 fps), seconds. */
const FRAME = 0.04;

/** Presentation times of the lesson's keyframes, from native ffprobe. */
function nativeKeyframes(path: string): number[] {
  return execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', path])
    .toString().trim().split('\n').map((line) => Number(line.replace(/,$/, '')));
}

/** One RGB frame at `time` seconds of `path`, scaled to 320x180. */
function frameAt(path: string, time: number): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-ss', String(time), '-i', path, '-frames:v', '1', '-vf', 'scale=320:180', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
}

/** Which of the lesson's frames near `around` seconds looks most like `frame` (their times, 0.04 s apart). */
function bestMatch(frame: Buffer, around: number): number {
  let best = { time: NaN, difference: Infinity };
  for (let k = -3; k <= 3; k++) {
    const time = Math.round((around + k * FRAME) * 100) / 100;
    const difference = meanDifference(frame, frameAt(LESSON, time), 0);
    if (difference < best.difference) best = { time, difference };
  }
  return best.time;
}

/** Mean absolute difference per channel over rows `fromRow`..end (0..255). */
function meanDifference(a: Buffer, b: Buffer, fromRow: number): number {
  let sum = 0;
  const start = fromRow * 320 * 3;
  for (let i = start; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / (a.length - start);
}

describe('clip export (transcode worker)', () => {
  let harness: TranscodeHarness;
  let scratch: string;
  let saved = 0;

  /** Export and save the clip; fails with the page's logs when the export did not succeed. */
  async function exported(run: ExportRun): Promise<{ summary: ExportSummary; path: string }> {
    const summary = await harness.run(LESSON, run);
    expect(summary.kind, `${JSON.stringify(summary.error)}\n${harness.logs.slice(-20).join('\n')}`).toBe('done');
    expect(summary.type).toBe('video/mp4');
    const path = join(scratch, `clip-${++saved}.mp4`);
    await harness.saveClip(path, summary.size!);
    return { summary, path };
  }

  beforeAll(async () => {
    harness = await startTranscodeHarness();
    scratch = mkdtempSync(join(tmpdir(), 'reframe-transcode-files-'));
  });
  afterAll(async () => {
    await harness?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('keyframes: a fast clip starts at the keyframe at or before the start', async () => {
    const range = await harness.keyframes(LESSON, 5.3, 11.01);
    expect(range).toEqual({ actualStart: 4, actualEnd: expect.closeTo(11.04, 6) });
    expect(nativeKeyframes(LESSON)).toContain(4);
  });

  test('fast: stream copy from a keyframe, audio and video, duration as announced', async () => {
    const { summary, path } = await exported({ start: 5.3, end: 11.01, mode: 'fast' });
    expect(summary.actualStart).toBe(4);
    expect(nativeKeyframes(LESSON)).toContain(summary.actualStart);
    const probed = probe(path);
    expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(probed.duration).toBeGreaterThan(summary.actualEnd! - summary.actualStart! - FRAME);
    expect(probed.duration).toBeLessThan(summary.actualEnd! - summary.actualStart! + FRAME);
    // The clip's first frame is a keyframe and shows the lesson's frame at 4.0 s (audio may start a few ms earlier).
    expect(nativeKeyframes(path)[0]).toBeLessThan(0.03);
    expect(meanDifference(frameAt(path, 0), frameAt(LESSON, 4), 0)).toBeLessThan(3);
  });

  test('exact: 3.3 s to 7.1 s re-encoded to H.264 + AAC, within one frame of 3.8 s', async () => {
    const { summary, path } = await exported({ start: 3.3, end: 7.1, mode: 'exact' });
    expect(summary).toMatchObject({ actualStart: 3.3, actualEnd: 7.1 });
    const probed = probe(path);
    expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(Math.abs(probed.duration - 3.8)).toBeLessThanOrEqual(FRAME);
    const video = probed.streams.find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height]).toEqual([320, 180]);
    expect(Math.abs(Number(video.duration) - 3.8)).toBeLessThanOrEqual(FRAME);
    // Frame-accurate: 1 s into the clip is the lesson at 4.3 s (the frame on screen then).
    expect(Math.abs(bestMatch(frameAt(path, 1), 4.3) - 4.3)).toBeLessThanOrEqual(FRAME + 1e-9);
  });

  test('exact with burned captions: the caption area differs from the same clip without', async () => {
    const cues = [{ start: 0, end: 3.8, text: 'Open question: what would happen if the ice melted?' }];
    const plain = await exported({ start: 3.3, end: 7.1, mode: 'exact' });
    const burned = await exported({ start: 3.3, end: 7.1, mode: 'exact', captions: 'burn', cues });
    expect(probe(burned.path).streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    const [a, b] = [frameAt(plain.path, 2), frameAt(burned.path, 2)];
    // Bottom quarter (the caption box) changes a lot; the top half hardly at all.
    expect(meanDifference(a, b, 135)).toBeGreaterThan(20);
    expect(meanDifference(a.subarray(0, 90 * 320 * 3), b.subarray(0, 90 * 320 * 3), 0)).toBeLessThan(3);
  });

  test('soft captions: fast and exact clips carry a mov_text subtitle track', async () => {
    const cues = [{ start: 0.5, end: 2.5, text: 'Wait time 1: 3 s' }, { start: 3, end: 4, text: 'Pupil answers' }];
    const fast = await exported({ start: 5.3, end: 11, mode: 'fast', captions: 'soft', cues });
    expect(probe(fast.path).streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264', 'mov_text']);
    // The fast clip starts 1.3 s early, so the first cue is moved to 1.8 s (plus the few ms the audio starts earlier).
    const srt = execFileSync('ffmpeg', ['-v', 'error', '-i', fast.path, '-map', '0:s:0', '-f', 'srt', '-']).toString();
    const first = /00:00:(\d\d),(\d{3}) --> 00:00:(\d\d),(\d{3})\nWait time 1: 3 s/.exec(srt);
    expect(first, srt).not.toBeNull();
    expect(Number(`${first![1]}.${first![2]}`)).toBeCloseTo(1.8, 1);
    expect(Number(`${first![3]}.${first![4]}`)).toBeCloseTo(3.8, 1);
    const exact = await exported({ start: 3.3, end: 7.1, mode: 'exact', captions: 'soft', cues });
    expect(probe(exact.path).streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264', 'mov_text']);
  });

  test('exact with a title card: card seconds plus the clip, the card first', async () => {
    const { path } = await exported({
      start: 3.3, end: 7.1, mode: 'exact',
      titleCard: { lines: ['Y8 science', 'Questioning sequence', '0:03 – 0:07'], seconds: 2 },
    });
    const probed = probe(path);
    expect(Math.abs(probed.duration - 5.8)).toBeLessThanOrEqual(FRAME);
    // The card is a flat dark background with text; 3 s in is the lesson at 4.3 s.
    expect(meanDifference(frameAt(path, 1), frameAt(LESSON, 4.3), 0)).toBeGreaterThan(40);
    expect(Math.abs(bestMatch(frameAt(path, 3), 4.3) - 4.3)).toBeLessThanOrEqual(FRAME + 1e-9);
  });

  test('cancelling an exact export rejects with an AbortError, and the next export works', async () => {
    // A longer re-encode with burned captions, cancelled a quarter of the way through.
    const cancelled = await harness.run(LESSON, { start: 0, end: 29, mode: 'exact', captions: 'burn', cues: [{ start: 0, end: 29, text: 'cancel me' }], abortAtFraction: 0.25 });
    expect(cancelled.kind).toBe('error');
    expect(cancelled.error?.name).toBe('AbortError');
    const { path } = await exported({ start: 10, end: 12, mode: 'exact' });
    expect(Math.abs(probe(path).duration - 2)).toBeLessThanOrEqual(FRAME);
  });

  test('a clip past the end gives a clear error, and the next job works', async () => {
    for (const mode of ['fast', 'exact'] as const) {
      const failed = await harness.run(LESSON, { start: 45, end: 50, mode });
      expect(failed.kind).toBe('error');
      expect(failed.error?.message).toBe('The clip starts at 0:45, after the end of the video (0:29).');
    }
    const refused = await harness.run(LESSON, { start: 1, end: 3, mode: 'fast', captions: 'burn', cues: [{ start: 0, end: 1, text: 'x' }] });
    expect(refused.error?.message).toMatch(/only be burned into the picture with exact export/);
    const { path } = await exported({ start: 2, end: 4, mode: 'fast' });
    expect(Math.abs(probe(path).duration - 2)).toBeLessThanOrEqual(FRAME);
  });

  test('an ffmpeg failure mid-job says what to do in plain words, with none of ffmpeg\'s text, and the next job works', async () => {
    // A file that opens like an MP4 and then has no index: ffmpeg cannot read it. The bytes are fixed, since
    // random ones now and then probe as some audio format and make a clip.
    const junk = join(scratch, 'junk.mp4');
    writeFileSync(junk, notAVideo(200_000));
    const failed = await harness.run(junk, { start: 0, end: 2, mode: 'exact' });
    expect(failed.kind).toBe('error');
    expect(failed.error?.message).toMatch(/^The clip could not be made from this part of the lesson file\. Try again/);
    expect(failed.error?.message).not.toMatch(/ffmpeg|exit|invalid|\|/i);
    // The details are in the console, for whoever looks into it.
    expect(harness.logs.some((line) => /ffmpeg exit \d+/.test(line))).toBe(true);
    const { path } = await exported({ start: 0, end: 2, mode: 'exact' });
    expect(Math.abs(probe(path).duration - 2)).toBeLessThanOrEqual(FRAME);
  });

  test('the watchdog restarts a stalled worker with a plain-words error', async () => {
    // A twentieth of a second without news counts as a stall for this run: loading the core alone takes longer.
    await harness.reload();
    const stalled = await harness.run(LESSON, { start: 0, end: 29, mode: 'exact', stallSeconds: 0.05 });
    expect(stalled.kind).toBe('error');
    expect(stalled.error?.message).toMatch(/stopped making progress/);
    const { path } = await exported({ start: 0, end: 2, mode: 'fast' });
    expect(probe(path).duration).toBeGreaterThan(1.9);
  });
});

/** An `ftyp` box and then `size` bytes of a fixed pseudo-random sequence: the MP4 reader claims it and finds no index. */
function notAVideo(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = 12345;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  bytes.set([0, 0, 0, 24, ...new TextEncoder().encode('ftypisom'), 0, 0, 2, 0, ...new TextEncoder().encode('isommp41')]);
  return bytes;
}
