// Export bench: 30-second clips from minute 30 of the hour-long 1 GB 720p lesson through the transcode
// worker (ffmpeg.wasm, single-thread core) in Debian's Chromium, against native ffmpeg with the same
// arguments in the same run, with the summed RSS of every Chromium process sampled while exporting.
//   npx vitest run --config bench/vitest.bench.config.ts bench/export.bench.test.ts
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, openAsBlob, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumRss, startTranscodeHarness, type ExportRun, type ExportSummary, type TranscodeHarness } from '../tests/browser/pages/transcode-driver';
import { exactClipArgs, exportSize, fastClipArgs } from '../workers/export/args';
import { cutIndexOf, streamCopyRange } from '../workers/export/keyframes';
import { readMp4Index } from '../workers/media/mp4-index';
import { assDocument } from '../src/core/formats/ass';

const hour = resolve(import.meta.dirname, 'out/hour-lesson.mp4');
const fonts = resolve(import.meta.dirname, '../public/fonts');
const START = 1800;
const END = 1830;
/** Captions for the exact clip: one every 5 s, as a coach's notes would be. */
const CUES = Array.from({ length: 6 }, (_, i) => ({ start: i * 5, end: i * 5 + 4.5, text: `Note ${i + 1}: the teacher waits before taking an answer` }));

let harness: TranscodeHarness;
let scratch: string;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Best wall time of `runs` native ffmpeg runs, milliseconds (the first also warms the page cache). */
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

/**
 * One export in the page while sampling, every 100 ms, the summed RSS of every Chromium process and
 * that of the renderer alone (the page and its workers, ffmpeg's included).
 */
async function measured(run: ExportRun): Promise<{ summary: ExportSummary; wallMs: number; rssBefore: number; rssPeak: number; rendererPeak: number }> {
  const rssBefore = chromiumRss(harness.profile);
  let rssPeak = rssBefore;
  let rendererPeak = 0;
  const timer = setInterval(() => {
    rssPeak = Math.max(rssPeak, chromiumRss(harness.profile));
    rendererPeak = Math.max(rendererPeak, chromiumRss(harness.profile, 'rss', 'renderers'));
  }, 100);
  const t0 = performance.now();
  const summary = await harness.run(hour, run);
  const wallMs = performance.now() - t0;
  clearInterval(timer);
  expect(summary.kind, `${JSON.stringify(summary.error)}\n${harness.logs.slice(-20).join('\n')}`).toBe('done');
  return { summary, wallMs, rssBefore, rssPeak, rendererPeak };
}

function probe(path: string): string {
  return execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,width,height', '-of', 'compact=p=0:nk=1', path]).toString().trim().replaceAll('\n', ', ');
}

beforeAll(async () => {
  execFileSync('bash', [resolve(import.meta.dirname, 'make-hour-lesson.sh')], { stdio: 'inherit' });
  scratch = mkdtempSync(join(tmpdir(), 'reframe-export-bench-'));
  harness = await startTranscodeHarness();
});
afterAll(async () => {
  await harness?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('30 s fast clip (stream copy) from minute 30: cold and warm vs native', async () => {
  // Cold: a fresh page, so the worker, the ffmpeg core and the lesson's index are all loaded inside the measurement.
  await harness.reload();
  const cold = await measured({ start: START, end: END, mode: 'fast' });
  const warm = await measured({ start: START, end: END, mode: 'fast' });
  const { actualStart, actualEnd } = warm.summary;
  const out = join(scratch, 'native-fast.mp4');
  // The same plan the worker makes (seek point and duration), from the same index.
  const { file, info } = await readMp4Index(await openAsBlob(hour));
  const plan = streamCopyRange(cutIndexOf(file, info), START, END);
  expect([plan.actualStart, plan.actualEnd]).toEqual([actualStart, actualEnd]);
  const nativeMs = native(fastClipArgs({ input: hour, output: out, seekTo: plan.seekTo, duration: plan.duration }), 3);
  const clip = join(scratch, 'fast.mp4');
  await harness.saveClip(clip, warm.summary.size!);
  console.log([
    `Export bench, fast clip: ${START}–${END} s of ${mb(statSync(hour).size)} 720p (stream copy from ${actualStart} s to ${actualEnd!.toFixed(2)} s)`,
    `  native ffmpeg -ss … -c copy           ${s(nativeMs)} (best of 3, same arguments)`,
    `  worker, cold (worker + core + index)  ${s(cold.wallMs)} wall (worker's own ${s(cold.summary.elapsedMs!)}, ffmpeg run ${s(cold.summary.execMs!)})   ratio ${(cold.wallMs / nativeMs).toFixed(1)}× native`,
    `  worker, warm                          ${s(warm.wallMs)} wall (worker's own ${s(warm.summary.elapsedMs!)}, ffmpeg run ${s(warm.summary.execMs!)})   ratio ${(warm.wallMs / nativeMs).toFixed(1)}× native`,
    `  Chromium RSS, all processes           cold ${mb(cold.rssBefore)} → peak ${mb(cold.rssPeak)}; warm ${mb(warm.rssBefore)} → peak ${mb(warm.rssPeak)}`,
    `  renderer RSS (page + workers), peak   cold ${mb(cold.rendererPeak)}, warm ${mb(warm.rendererPeak)}   (target < 1 GB)`,
    `  clip ${mb(warm.summary.size!)}: ${probe(clip)}   (native: ${mb(statSync(out).size)})`,
  ].join('\n'));
});

test('30 s exact clip, 720p x264 ultrafast + AAC with burned captions, vs native with the same settings', async () => {
  const run: ExportRun = { start: START, end: END, mode: 'exact', captions: 'burn', cues: CUES };
  const exact = await measured(run);
  const ass = join(scratch, 'captions.ass');
  writeFileSync(ass, assDocument(CUES, { ...exportSize({ width: 1280, height: 720 }), fontName: 'DejaVu Sans', duration: 30 }));
  const out = join(scratch, 'native-exact.mp4');
  const args = exactClipArgs({
    input: hour, output: out, start: START, duration: END - START, size: { width: 1280, height: 720 }, frameRate: 25, hasAudio: true,
    fontFile: join(fonts, 'DejaVuSans.ttf'), fontsDir: fonts, burnSubtitles: ass,
  });
  // Native ffmpeg uses every core by default; also measure it on one thread, as the wasm core runs.
  const nativeMs = native(args, 2);
  const nativeOneThreadMs = native(['-threads', '1', ...args.slice(0, -1), '-threads', '1', '-filter_threads', '1', out], 1);
  const clip = join(scratch, 'exact.mp4');
  await harness.saveClip(clip, exact.summary.size!);
  console.log([
    `Export bench, exact clip: ${START}–${END} s at 1280x720, libx264 ultrafast crf 23 + AAC 128k, 6 burned captions (libass, DejaVu Sans)`,
    `  native ffmpeg, all cores              ${s(nativeMs)} (best of 2, same arguments)`,
    `  native ffmpeg, one thread             ${s(nativeOneThreadMs)}`,
    `  worker (ffmpeg.wasm, warm)            ${s(exact.wallMs)} wall (worker's own ${s(exact.summary.elapsedMs!)})   ratio ${(exact.wallMs / nativeMs).toFixed(1)}× native, ${(exact.wallMs / nativeOneThreadMs).toFixed(1)}× native one thread`,
    `  speed                                 ${((END - START) / (exact.wallMs / 1000)).toFixed(2)}× real time`,
    `  Chromium RSS, all processes           ${mb(exact.rssBefore)} → peak ${mb(exact.rssPeak)} (+${mb(exact.rssPeak - exact.rssBefore)})`,
    `  renderer RSS (page + workers), peak   ${mb(exact.rendererPeak)}   (target < 1 GB)`,
    `  progress messages                     ${exact.summary.progressMessages}`,
    `  clip ${mb(exact.summary.size!)}: ${probe(clip)}   (native: ${mb(statSync(out).size)})`,
  ].join('\n'));
});
