// Analysis bench: an hour-long 1 GB lesson through the analysis worker in Debian's Chromium (WebCodecs path),
// against native ffmpeg decoding the same audio in the same run, in two layouts: as ffmpeg writes it (tracks
// alternate frame by frame) and as cameras and phones write it (half-second chunks); the same video with
// sound all the way through (the plain hour is mostly silence, which decoders get through faster); and a
// 10-minute piece through ffmpeg.wasm. Each hour is timed three times on each side, native and ours taking
// turns, best against best; CPU, RSS and JS memory are sampled in runs of their own.
//   npx vitest run --config bench/vitest.bench.config.ts bench/analysis.bench.test.ts
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { startAnalysisHarness, type AnalysisHarness, type HarnessSummary } from '../tests/browser/pages/analysis-driver';
import { chromiumRss, chromiumThreadCpu } from '../tests/browser/pages/transcode-driver';

const out = resolve(import.meta.dirname, 'out');
const hour = resolve(out, 'hour-lesson.mp4');
const hourCamera = resolve(out, 'hour-lesson-camera.mp4');
const hourBusy = resolve(out, 'hour-lesson-busy.mp4');
const tenMinutes = resolve(out, 'ten-minute-lesson.mp4');
const fixture = resolve(import.meta.dirname, '../tests/fixtures/out/lesson.mp4');

/** Wall seconds of native ffmpeg decoding `path`'s audio to 16 kHz mono f32, best of `runs`. */
function nativeDecodeSeconds(path: string, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = spawnSync('ffmpeg', ['-v', 'error', '-i', path, '-vn', '-ac', '1', '-ar', '16000', '-f', 'f32le', '-y', '/dev/null']);
    if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

function probeDuration(path: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]).toString().trim());
}

/**
 * Run one analysis while sampling the renderers' RSS every 100 ms (from /proc: costs the browser
 * nothing) and, with `heap`, the JS memory of the page and its workers every 250 ms. That API
 * measures precisely, collecting garbage in every worker, so a run that samples it is slower: time
 * comes from a run without it.
 */
async function measured(harness: AnalysisHarness, profile: string, path: string, run: Parameters<AnalysisHarness['run']>[1], heapSampling = false) {
  const sum = () => chromiumRss(profile, 'rss', 'renderers');
  const before = sum();
  let peak = before;
  // CPU per thread: sampled through the run, since the decode and reader workers' threads end with it.
  const cpuBefore = chromiumThreadCpu(profile);
  const cpuLast = new Map(cpuBefore);
  const timer = setInterval(() => (peak = Math.max(peak, sum())), 100);
  const cpuTimer = setInterval(() => {
    for (const [thread, seconds] of chromiumThreadCpu(profile)) cpuLast.set(thread, seconds);
  }, 250);
  // JavaScript memory of the page and its workers (heaps and the ArrayBuffers they hold), as the
  // browser itself attributes it; the page is cross-origin isolated, which this API requires.
  const heap = () => harness.page.evaluate(async () => (await (performance as unknown as { measureUserAgentSpecificMemory(): Promise<{ bytes: number }> }).measureUserAgentSpecificMemory()).bytes).catch(() => 0);
  let heapPeak = heapSampling ? await heap() : 0;
  let sampling = heapSampling;
  // Answers that came back while the analysis ran: the API can stall while workers are busy, and a
  // peak from the idle page alone would be no figure at all.
  let heapSamples = 0;
  const heapSampler = (async () => {
    while (sampling) {
      const bytes = await heap();
      if (sampling && bytes > 0) heapSamples++;
      heapPeak = Math.max(heapPeak, bytes);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const t0 = performance.now();
  const summary: HarnessSummary = await harness.run(path, run);
  const wall = (performance.now() - t0) / 1000;
  clearInterval(timer);
  clearInterval(cpuTimer);
  for (const [thread, seconds] of chromiumThreadCpu(profile)) cpuLast.set(thread, seconds);
  sampling = false;
  await heapSampler;
  const cpu = [...cpuLast].map(([thread, seconds]) => [thread, seconds - (cpuBefore.get(thread) ?? 0)] as const).filter(([, seconds]) => seconds >= 0.1).sort((a, b) => b[1] - a[1]);
  return { summary, wall, rssBefore: before, rssPeak: peak, heapPeak, heapSamples, cpu };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
let harness: AnalysisHarness;

beforeAll(async () => {
  execFileSync('bash', [resolve(import.meta.dirname, 'make-hour-lesson.sh')], { stdio: 'inherit' });
  execFileSync('bash', [resolve(import.meta.dirname, 'make-hour-lesson.sh'), 'camera'], { stdio: 'inherit' });
  execFileSync('bash', [resolve(import.meta.dirname, 'make-hour-lesson.sh'), 'busy'], { stdio: 'inherit' });
  if (!existsSync(tenMinutes)) execFileSync('ffmpeg', ['-v', 'error', '-i', hour, '-t', '600', '-c', 'copy', '-y', tenMinutes]);
  harness = await startAnalysisHarness();
});
afterAll(async () => harness?.close());

const layouts = [
  { name: 'frame-interleaved (as ffmpeg writes)', path: hour },
  { name: 'chunk-interleaved (as cameras write)', path: hourCamera },
  { name: 'sound throughout (speech over room noise)', path: hourBusy },
];

/** Timed runs of each side per layout: best of three, native and ours taking turns so drift hits both alike. */
const TIMED_RUNS = 3;

test.each(layouts)('hour-long lesson, $name: WebCodecs analysis vs native ffmpeg decode', async ({ name, path }) => {
  const duration = probeDuration(path);
  // Warm up: worker start, module compile, and the file in the page cache.
  await harness.run(fixture, { container: 'mp4', duration: probeDuration(fixture) });
  nativeDecodeSeconds(path, 1);
  // Timed runs with nothing else sampling the machine, the same way on both sides.
  const natives: number[] = [], walls: number[] = [];
  let summary: HarnessSummary | null = null;
  for (let i = 0; i < TIMED_RUNS; i++) {
    natives.push(nativeDecodeSeconds(path, 1));
    const t0 = performance.now();
    summary = await harness.run(path, { container: 'mp4', duration });
    walls.push((performance.now() - t0) / 1000);
    expect(summary.kind, JSON.stringify(summary.error)).toBe('done');
    expect(summary.decoder).toBe('webcodecs');
  }
  const native = Math.min(...natives), wall = Math.min(...walls);
  // Then a run sampling CPU and RSS from /proc, and one sampling the JS heap: both slow the run a little.
  const sampled = await measured(harness, harness.profile, path, { container: 'mp4', duration });
  expect(sampled.summary.kind, JSON.stringify(sampled.summary.error)).toBe('done');
  const { rssBefore, rssPeak, cpu } = sampled;
  const cpuTotal = cpu.reduce((total, [, seconds]) => total + seconds, 0);
  const memory = await measured(harness, harness.profile, path, { container: 'mp4', duration }, true);
  expect(memory.summary.kind, JSON.stringify(memory.summary.error)).toBe('done');
  const heapPeak = memory.heapPeak;
  const list = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
  const lines = [
    `Analysis bench: ${(duration / 60).toFixed(1)} min lesson, ${mb(statSync(path).size)}, AAC 48 kHz stereo, ${name}`,
    `  native ffmpeg decode to 16 kHz mono     ${native.toFixed(2)} s (best of ${TIMED_RUNS}: ${list(natives)})`,
    `  analysis worker, WebCodecs, end to end  ${wall.toFixed(2)} s wall (best of ${TIMED_RUNS}: ${list(walls)}; worker's own ${(summary!.elapsedMs! / 1000).toFixed(2)} s in the last)`,
    `  ratio                                   ${(wall / native).toFixed(2)}× native, best against best   (target ≤ 3×; run by run ${natives.map((n, i) => (walls[i] / n).toFixed(2)).join(', ')})`,
    `  first peaks message                     ${(summary!.firstPeaksMs! / 1000).toFixed(2)} s, covering ${summary!.firstPeaksUpTo!.toFixed(0)} s   (target ≤ 3 s)`,
    `  peaks messages                          ${summary!.peaksMessages}`,
    memory.heapSamples >= 3
      ? `  JS memory, page + workers               ${mb(heapPeak)} peak over ${memory.heapSamples} samples (measureUserAgentSpecificMemory every 250 ms, in a run of its own: ${memory.wall.toFixed(2)} s with it; target ≤ 600 MB)`
      : `  JS memory, page + workers               not measured: measureUserAgentSpecificMemory answered ${memory.heapSamples} times during the ${memory.wall.toFixed(2)} s run`,
    `  renderer RSS (page + worker)            ${mb(rssBefore)} before, ${mb(rssPeak)} peak (+${mb(rssPeak - rssBefore)}), sampled every 100 ms from /proc`,
    `  segments ${summary!.segments!.length}, speech ${(summary!.speechFrames! * summary!.frameDuration! / 60).toFixed(1)} min, analysed ${summary!.duration!.toFixed(1)} s`,
    `  CPU of all Chromium threads            ${cpuTotal.toFixed(1)} s in ${sampled.wall.toFixed(1)} s wall (a run of its own; ${(cpuTotal / sampled.wall).toFixed(2)} cores busy on average; /proc every 250 ms, so a thread that ends may lose its last 0.25 s); threads over 0.1 s:`,
    ...cpu.map(([thread, seconds]) => `    ${thread.padEnd(36)} ${seconds.toFixed(2)} s`),
  ];
  console.log(lines.join('\n'));
});

test('10-minute piece: ffmpeg.wasm fallback vs native ffmpeg decode', async () => {
  const duration = probeDuration(tenMinutes);
  const native = nativeDecodeSeconds(tenMinutes);
  // 'unknown' sends an MP4 straight to the fallback path, as a file WebCodecs refused would be.
  const { summary, wall, rssBefore, rssPeak } = await measured(harness, harness.profile, tenMinutes, { container: 'unknown', duration });
  expect(summary.kind, JSON.stringify(summary.error)).toBe('done');
  expect(summary.decoder).toBe('ffmpeg');
  console.log([
    `ffmpeg.wasm fallback: ${(duration / 60).toFixed(1)} min, ${mb(statSync(tenMinutes).size)}`,
    `  native ffmpeg decode                    ${native.toFixed(2)} s`,
    `  analysis worker, ffmpeg.wasm            ${wall.toFixed(2)} s wall   ratio ${(wall / native).toFixed(2)}× native`,
    `  first peaks message                     ${(summary.firstPeaksMs! / 1000).toFixed(2)} s, covering ${summary.firstPeaksUpTo!.toFixed(0)} s`,
    `  renderer RSS                            ${mb(rssBefore)} before, ${mb(rssPeak)} peak (+${mb(rssPeak - rssBefore)})`,
  ].join('\n'));
});
