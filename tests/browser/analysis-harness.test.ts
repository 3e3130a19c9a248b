/**
 * The analysis worker in Debian's Chromium, through the dev-only harness page on its own dev server:
 *   npx vitest run --config vitest.browser.config.ts tests/browser/analysis-harness.test.ts
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, truncateSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startAnalysisHarness, type AnalysisHarness, type HarnessSummary } from './pages/analysis-driver';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/out');
const fixture = (name: string) => join(FIXTURES, name);

/** Container duration from ffprobe, as the import's probe would give it. */
function probeDuration(path: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]).toString().trim());
}

/** The checks every successful analysis must pass. */
function expectConsistent(summary: HarnessSummary, duration: number, decoder: string): void {
  expect(summary.kind, JSON.stringify(summary.error)).toBe('done');
  expect(summary.decoder).toBe(decoder);
  expect(summary.duration!).toBeGreaterThan(duration - 0.15);
  expect(summary.duration!).toBeLessThan(duration + 0.15);
  for (const level of summary.levels!) {
    expect(level.count).toBe(Math.ceil(summary.duration! * level.binsPerSecond - 1e-6));
    expect(level.minMaxLength).toBe(2 * level.count);
    expect(level.absMax).toBeGreaterThan(0.01);
  }
  const segments = summary.segments!;
  expect(segments.length).toBeGreaterThan(0);
  expect(segments[0].start).toBe(0);
  for (let i = 1; i < segments.length; i++) expect(segments[i].start).toBeCloseTo(segments[i - 1].end, 6);
  expect(segments.at(-1)!.end).toBeGreaterThan(summary.duration! - 0.2);
  expect(segments.at(-1)!.end).toBeLessThanOrEqual(summary.duration! + 0.2);
  // Voice activity covers the whole 0.1 s analysis frames of the lesson, in 25 ms steps.
  expect(summary.frameDuration).toBe(0.025);
  expect(summary.frames).toBe(4 * Math.floor(summary.duration! / 0.1 + 1e-6));
  // The peaks the UI saw last cover the whole lesson at 10 bins/s.
  expect(summary.lastPeaksUpTo).toBeCloseTo(summary.duration!, 3);
  expect(summary.lastPeaksLength).toBe(2 * Math.ceil(summary.duration! * 10 - 1e-6));
}

describe('analysis worker', () => {
  let harness: AnalysisHarness;
  let scratch: string;

  beforeAll(async () => {
    harness = await startAnalysisHarness();
    scratch = mkdtempSync(join(tmpdir(), 'reframe-analysis-files-'));
  });
  afterAll(async () => {
    await harness?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('MP4 (AAC) is decoded with WebCodecs and segmented', async () => {
    const path = fixture('lesson.mp4');
    const duration = probeDuration(path);
    const summary = await harness.run(path, { container: 'mp4', duration });
    expectConsistent(summary, duration, 'webcodecs');
    // The fixture is mostly speech: a teacher, a question, two pupils.
    expect(summary.speechFrames! * summary.frameDuration!).toBeGreaterThan(8);
    expect(summary.lastProgress?.stage).toBe('segmenting');
  });

  test('stereo and 5.1 audio are mixed down to mono by averaging the channels', async () => {
    // A 0.8 tone on the left of a stereo file, silence on the right: the mono mix peaks at 0.4.
    const stereo = fixture('left-only.mp4');
    const two = await harness.run(stereo, { container: 'mp4', duration: probeDuration(stereo) });
    expectConsistent(two, probeDuration(stereo), 'webcodecs');
    expect(two.levels![0].absMax).toBeGreaterThan(0.37);
    expect(two.levels![0].absMax).toBeLessThan(0.43);
    // 0.6 on the first of six channels: the plain average peaks at 0.1.
    const surround = fixture('front-left-only-5.1.mp4');
    const six = await harness.run(surround, { container: 'mp4', duration: probeDuration(surround) });
    expectConsistent(six, probeDuration(surround), 'webcodecs');
    expect(six.levels![0].absMax).toBeGreaterThan(0.09);
    expect(six.levels![0].absMax).toBeLessThan(0.11);
  });

  test('sound is placed on the video\'s timeline: the AAC priming the edit list skips is not read as lesson time', async () => {
    // A tone from exactly 1 s, after silence, in AAC at 48 kHz: its encoder puts 1024 samples of priming first
    // and the edit list skips them, as players and ffmpeg do. Read without the edit list, the waveform, the bands
    // and every wait time came 21 ms late.
    const path = join(scratch, 'onset.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=3', '-f', 'lavfi', '-i', "aevalsrc=exprs='if(gte(t,1),0.5*sin(2*PI*440*t),0)':s=48000:d=3",
      '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-b:a', '128k', '-shortest', '-y', path]);
    const summary = await harness.run(path, { container: 'mp4', duration: probeDuration(path) });
    expect(summary.decoder).toBe('webcodecs');
    const fine = summary.levels!.find((level) => level.binsPerSecond === 100)!;
    expect(fine.firstLoud).not.toBeNull();
    expect(Math.abs(fine.firstLoud! - 1)).toBeLessThanOrEqual(0.011);
  });

  test('WebM (VP9/Opus) goes through ffmpeg.wasm', async () => {
    const path = fixture('lesson.webm');
    const duration = probeDuration(path);
    const summary = await harness.run(path, { container: 'webm', duration });
    expectConsistent(summary, duration, 'ffmpeg');
    expect(summary.speechFrames! * summary.frameDuration!).toBeGreaterThan(1);
  });

  test('an MP4 without an audio track answers no-audio', async () => {
    const summary = await harness.run(fixture('no-audio.mp4'), { container: 'mp4', duration: 6 });
    expect(summary.kind).toBe('no-audio');
  });

  test('an HEVC MP4 still has its AAC audio analysed', async () => {
    const path = fixture('hevc.mp4');
    const duration = probeDuration(path);
    const summary = await harness.run(path, { container: 'mp4', duration });
    expectConsistent(summary, duration, 'webcodecs');
    expect(summary.speechFrames!).toBeGreaterThan(10);
  });

  test('an MP4 whose audio WebCodecs refuses falls back to ffmpeg.wasm', async () => {
    // Apple Lossless in a MOV, as some recorders write it: WebCodecs has no decoder for 'alac' (PCM is read directly now).
    const path = join(scratch, 'alac.mov');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', fixture('lesson.mp4'), '-c:v', 'copy', '-c:a', 'alac', path]);
    const duration = probeDuration(path);
    const summary = await harness.run(path, { container: 'mp4', duration });
    expectConsistent(summary, duration, 'ffmpeg');
    expect(harness.logs.some((line) => line.includes('falling back to ffmpeg.wasm'))).toBe(true);
  });

  test('a fragmented MP4 is analysed whole (through ffmpeg.wasm)', async () => {
    const path = join(scratch, 'fragmented.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', fixture('lesson.mp4'), '-c', 'copy', '-movflags', 'frag_keyframe+empty_moov', path]);
    const duration = probeDuration(path);
    const summary = await harness.run(path, { container: 'mp4', duration });
    expectConsistent(summary, duration, 'ffmpeg');
  });

  test('cancelling rejects with an AbortError and the next analysis still works', async () => {
    // Long enough to still be running when cancelled: the lesson looped to about 10 minutes, audio only.
    const path = join(scratch, 'long.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '20', '-i', fixture('lesson.mp4'), '-vn', '-c', 'copy', path]);
    const cancelled = await harness.run(path, { container: 'mp4', duration: probeDuration(path), abortOnFirstPeaks: true });
    expect(cancelled.kind).toBe('error');
    expect(cancelled.error?.name).toBe('AbortError');
    expect(cancelled.firstPeaksUpTo).toBeGreaterThanOrEqual(30);
    const path2 = fixture('lesson.mp4');
    const next = await harness.run(path2, { container: 'mp4', duration: probeDuration(path2) });
    expectConsistent(next, probeDuration(path2), 'webcodecs');
  });

  test('a cancelled ffmpeg.wasm run leaves the fallback usable', async () => {
    const path = join(scratch, 'long.webm');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '30', '-i', fixture('lesson.webm'), '-vn', '-c', 'copy', path]);
    const cancelled = await harness.run(path, { container: 'webm', duration: probeDuration(path), abortOnFirstPeaks: true });
    expect(cancelled.error?.name).toBe('AbortError');
    const again = fixture('lesson.webm');
    expectConsistent(await harness.run(again, { container: 'webm', duration: probeDuration(again) }), probeDuration(again), 'ffmpeg');
  });

  test('a file that can no longer be read gives a clear error, and the next job works', async () => {
    // As when the coach's original file changes on disk after it was chosen: Chromium refuses to read the stale File.
    const path = join(scratch, 'vanishing.mp4');
    copyFileSync(fixture('lesson.mp4'), path);
    await harness.page.setInputFiles('#file', path);
    truncateSync(path, 1000);
    // Changed on disk a minute later, as a coach's edit would be: Chromium knows a changed file by its
    // modification time, which a truncation within the same instant as the copy may not move.
    const later = new Date(Date.now() + 60_000);
    utimesSync(path, later, later);
    const broken = await harness.page.evaluate(() => window.runAnalysis({ container: 'mp4', duration: 29 }));
    expect(broken.kind).toBe('error');
    expect(broken.error?.name).toBe('Error');
    expect(broken.error?.message).toMatch(/video file can no longer be read/);
    expect(broken.error?.message).not.toMatch(/NotReadableError|FileReader/);
    const path2 = fixture('lesson.mp4');
    expectConsistent(await harness.run(path2, { container: 'mp4', duration: probeDuration(path2) }), probeDuration(path2), 'webcodecs');
  });

  test('a crash inside the worker rejects the pending analysis in plain words, and the next one starts a fresh worker', async () => {
    const path = join(scratch, 'long.mp4');
    await harness.page.setInputFiles('#file', path);
    const running = harness.page.evaluate((duration) => window.runAnalysis({ container: 'mp4', duration }), probeDuration(path));
    // An uncaught exception thrown inside the running worker, as a bug would: no test hook in the app.
    const worker = await waitForWorker(harness, 'analysis.worker');
    await worker.evaluate(() => setTimeout(() => { throw new Error('simulated crash'); }, 0));
    const crashed = await running;
    expect(crashed.kind).toBe('error');
    expect(crashed.error?.message).toMatch(/stopped unexpectedly/);
    const path2 = fixture('lesson.mp4');
    expectConsistent(await harness.run(path2, { container: 'mp4', duration: probeDuration(path2) }), probeDuration(path2), 'webcodecs');
  });

  test('audio in half-second chunks between large stretches of video is read around the video and analysed alike', async () => {
    // 12 s of the lesson with 24 Mbit/s video: as ffmpeg writes it (frames alternate) and remuxed as
    // cameras write it (half-second chunks per track), where every video chunk is over 1 MB and skipped.
    // Cut at a whole number of AAC frames (561 × 1024 at 48 kHz): the remuxer gives the last frame its
    // full length, so a cut inside a frame would leave the two files with different audio at the end.
    const interleaved = join(scratch, 'high-rate.mp4');
    const chunked = join(scratch, 'high-rate-chunked.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', fixture('lesson.mp4'), '-t', String((561 * 1024) / 48000), '-c:a', 'copy', '-c:v', 'libx264', '-preset', 'ultrafast',
      '-b:v', '24M', '-minrate', '24M', '-maxrate', '24M', '-bufsize', '24M', '-x264-params', 'nal-hrd=cbr', interleaved]);
    execFileSync('node', [resolve(import.meta.dirname, '../../scripts/remux-chunked.mjs'), interleaved, chunked]);
    const positions = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'packet=pos', '-of', 'csv=p=0', chunked])
      .toString().trim().split('\n').map(Number);
    const skips = positions.filter((at, i) => i > 0 && at - positions[i - 1] > 1024 * 1024).length;
    expect(skips).toBeGreaterThanOrEqual(20);

    const duration = probeDuration(interleaved);
    const reference = await harness.run(interleaved, { container: 'mp4', duration });
    expectConsistent(reference, duration, 'webcodecs');
    const summary = await harness.run(chunked, { container: 'mp4', duration: probeDuration(chunked) });
    expectConsistent(summary, duration, 'webcodecs');
    expect(summary.speechFrames).toBe(reference.speechFrames);
    // The 16 MB slices split the frame-interleaved file (its video is read through) and not the chunked
    // one, and a decoder restarted at a slice draws other noise for the bands the AAC encoder coded as
    // noise (PNS): the samples after a split differ at the noise floor, so peaks agree closely, not exactly.
    const peaks = summary.levels!.map((level) => level.absMax);
    reference.levels!.forEach((level, k) => expect(Math.abs(peaks[k] - level.absMax)).toBeLessThan(0.002 * level.absMax));
    expect(summary.segments!.map(({ label, start, end }) => [label, start, end])).toEqual(reference.segments!.map(({ label, start, end }) => [label, start, end]));
  });
});

async function waitForWorker(harness: AnalysisHarness, urlPart: string) {
  for (let i = 0; i < 100; i++) {
    const found = harness.page.workers().find((w) => w.url().includes(urlPart));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No worker matching ${urlPart}; logs:\n${harness.logs.join('\n')}`);
}
