// Face detectors on the face fixture (four moving copies of a portrait at 1280x720, tests/fixtures/faces):
// recall per face and time per frame of each detector the face worker offers, in Debian's Chromium; then a
// 30 s 720p clip with every face blurred and pupils' speech muted, against native ffmpeg with the same graph.
//   npx vitest run --config bench/vitest.bench.config.ts bench/faces.bench.test.ts
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { blurSpans, trackFaces } from '../src/core/face-boxes';
import { exactClipArgs, exportSize } from '../workers/export/args';
import { startFacesHarness, type FacesHarness } from '../tests/browser/pages/faces-driver';
import { faceNames, facesAt, isFace } from '../tests/browser/faces/truth';

const FIXTURE = resolve(import.meta.dirname, '../tests/fixtures/out/faces.mp4');
const CLIP = { start: 70, end: 90 };

let harness: FacesHarness;
beforeAll(async () => {
  harness = await startFacesHarness();
});
afterAll(async () => harness?.close());

test.each(['tiny', 'ssd'] as const)('recall of the %s detector on the face fixture', async (detector) => {
  const summary = await harness.run(FIXTURE, { ...CLIP, every: 0.5, detector });
  expect(summary.kind, `${summary.error}\n${harness.logs.slice(-10).join('\n')}`).toBe('done');
  const frames = summary.frames!;
  const found = Object.fromEntries(faceNames.map((n) => [n, 0]));
  let wrong = 0;
  for (const frame of frames) {
    const truth = facesAt(CLIP.start + frame.time);
    for (const face of truth) if (frame.boxes.some((b) => isFace(b, face.box))) found[face.name]++;
    wrong += frame.boxes.filter((b) => !truth.some((face) => isFace(b, face.box))).length;
  }
  const recall = Object.values(found).reduce((a, b) => a + b, 0) / (frames.length * faceNames.length);
  console.log(
    `faces ${detector} (${summary.backend}): recall ${(recall * 100).toFixed(1)}% over ${frames.length} frames ` +
      `(${faceNames.map((n) => `${n} ${found[n]}`).join(', ')}), ${wrong} boxes on no face; ` +
      `decode ${(summary.decodeMs! / 1000).toFixed(1)} s, detect ${(summary.detectMs! / frames.length).toFixed(0)} ms/frame, wall ${(summary.wallMs / 1000).toFixed(1)} s`,
  );
  expect(frames.length).toBe(41);
});

/** Best wall time of `runs` native ffmpeg runs, milliseconds. */
function native(args: string[], runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = spawnSync('ffmpeg', ['-v', 'error', ...args]);
    if (result.status !== 0) throw new Error(`native ffmpeg failed: ${result.stderr}`);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

test('a 30 s 720p clip with every face blurred and pupils muted: finding faces and exporting, against native ffmpeg with the same graph', async () => {
  const clip = { start: 70, end: 100 };
  const scratch = mkdtempSync(join(tmpdir(), 'reframe-faces-bench-'));
  try {
    const found = await harness.run(FIXTURE, { ...clip, every: 0.5, detector: 'ssd' });
    expect(found.kind, found.error).toBe('done');
    const spans = blurSpans(trackFaces(found.frames!), new Set(), clip.end - clip.start);
    const truth = JSON.parse(readFileSync(resolve(import.meta.dirname, '../tests/fixtures/out/real/real-heldout-s7002-0-plan-tt70-d70-gw70-iw40.truth.json'), 'utf8')) as { turns: Array<{ start: number; end: number; who: string }> };
    const muteRanges = truth.turns.filter((t) => t.who !== 'teacher' && t.end > clip.start && t.start < clip.end).map((t) => ({ start: Math.max(0, t.start - clip.start), end: Math.min(clip.end, t.end) - clip.start }));
    const out = join(scratch, 'blurred.mp4');
    const browser = await harness.exportTo(FIXTURE, { ...clip, mode: 'exact', blurSpans: spans, muteRanges }, out);
    const args = exactClipArgs({
      input: FIXTURE, output: join(scratch, 'native.mp4'), start: clip.start, duration: clip.end - clip.start, size: exportSize({ width: 1280, height: 720 }),
      frameRate: 25, hasAudio: true, fontFile: resolve(import.meta.dirname, '../public/fonts/DejaVuSans.ttf'), fontsDir: resolve(import.meta.dirname, '../public/fonts'),
      muteRanges, blurSpans: spans,
    });
    const nativeMs = native(args, 2);
    const plainMs = native(exactClipArgs({ ...{ input: FIXTURE, output: join(scratch, 'plain.mp4'), start: clip.start, duration: 30, size: { width: 1280, height: 720 }, frameRate: 25, hasAudio: true, fontFile: '', fontsDir: '' }, muteRanges }), 1);
    const after = await harness.run(out, { start: 0, end: 30, every: 0.5, detector: 'ssd' });
    const left = after.frames!.reduce((n, f) => n + f.boxes.length, 0);
    const total = found.wallMs + browser.wallMs;
    console.log(
      `faces blur 30 s 720p: finding faces ${(found.wallMs / 1000).toFixed(1)} s (${spans.length} spans), export ${(browser.wallMs / 1000).toFixed(1)} s ` +
        `(native ffmpeg, same graph: ${(nativeMs / 1000).toFixed(2)} s, ratio ${(browser.wallMs / nativeMs).toFixed(1)}x; native without blur ${(plainMs / 1000).toFixed(2)} s); ` +
        `total ${(total / 1000).toFixed(1)} s of a 90 s target; faces found in the blurred clip: ${left} in ${after.frames!.length} frames`,
    );
    // Before/after frames for the eye.
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', String(clip.start + 12), '-i', FIXTURE, '-frames:v', '1', '/tmp/faces-before.png']);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '12', '-i', out, '-frames:v', '1', '/tmp/faces-after.png']);
    expect(left).toBe(0);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
