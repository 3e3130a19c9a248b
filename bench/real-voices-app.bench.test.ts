// The held-out real-voice lessons through the built app, as a coach gives them to it: each file imported in
// Debian's Chromium (persistent profile, real IndexedDB and workers), its bands read from the database once the
// analysis is done, and scored against the truth. Beside each: the same segmenter in Node on the same file
// (ffmpeg's decode, then the app's own downmix and resampler: what bench/real-voices.bench.test.ts measures) and
// the loudness-only rule, in the same run. The browser's decoder hands over slightly different samples (its own
// AAC decode and start), and a lesson that sits near a decision can come out differently.
//   BENCH_REAL_HELDOUT=101-104 npx vitest run --config bench/vitest.bench.config.ts bench/real-voices-app.bench.test.ts
// The held-in speakers' lessons no network was fitted on, the same way (10 minutes each):
//   BENCH_REAL_APP_SPLIT=train BENCH_REAL_HELDOUT=331-380 BENCH_REAL_HELDOUT_MINUTES=10 npx vitest run ...
import { afterAll, beforeAll, test } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { segmentLesson, type LabelledSpan, type TalkLabel } from '../workers/audio';
import { lessonFeatures, realLesson, scoreAgainst, seedList, waitTimeErrors, type RealLessonTruth, type Split } from '../tests/unit/audio/real-lessons';
import type { VoiceTimeline } from '../src/core/questions';
import { APP_URL, openApp, readTable, type Session } from '../tests/browser/harness';
import { energyRule } from './baselines/energy-rule';

const heldOut = seedList(process.env.BENCH_REAL_HELDOUT ?? '101-124');
const minutes = Number(process.env.BENCH_REAL_HELDOUT_MINUTES ?? 12);
const split: Split = process.env.BENCH_REAL_APP_SPLIT === 'train' ? 'train' : 'test';
const out = resolve(import.meta.dirname, 'out/real');
const labels: TalkLabel[] = ['teacher_talk', 'discussion', 'group_work', 'independent_work'];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);

let session: Session;
beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  session = await openApp();
});
afterAll(async () => session?.close());

/** Import one file through the library and return the bands the app stored for it, and how it decoded the sound. */
async function bandsFromApp(mp4: string): Promise<{ bands: LabelledSpan[]; decoder: string; voice: VoiceTimeline | null }> {
  const { page } = session;
  await page.goto(APP_URL);
  await page.getByTestId('import-input').setInputFiles(mp4);
  await page.waitForURL(/#\/lesson\//, { timeout: 120_000 });
  const lessonId = decodeURIComponent(page.url().replace(/^.*#\/lesson\//, '').replace(/[/?].*$/, ''));
  await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 300_000 });
  const record = (await readTable<{ lessonId: string; auto: LabelledSpan[] }>(page, 'segments')).find((r) => r.lessonId === lessonId);
  if (!record) throw new Error(`No bands stored for ${mp4}`);
  const analysis = (await readTable<{ lessonId: string; decoder: string; voiceActivity: { frameDuration: number; speech: Record<number, number> } | null }>(page, 'analyses')).find((r) => r.lessonId === lessonId);
  const va = analysis?.voiceActivity;
  // The stored voice timeline (a Uint8Array), however it crossed from the page: its values in order.
  const voice = va ? { frameDuration: va.frameDuration, speech: Uint8Array.from(Object.values(va.speech)) } : null;
  return { bands: record.auto, decoder: analysis?.decoder ?? '?', voice };
}

test('held-out real-voice lessons through the app', async () => {
  const rows: { app: number; appShare: number; node: number; nodeShare: number; energy: number }[] = [];
  const waits = { app: 0, node: 0, total: 0 };
  /** Questions of the lesson whose wait time 1, measured on `voice`, is within 0.2 s of the truth. */
  const waitsWithin = (truth: RealLessonTruth, voice: VoiceTimeline | null) =>
    voice ? waitTimeErrors(truth, voice).filter((e) => Math.abs(e) <= 0.2).length : 0;
  console.log(`${split === 'test' ? 'Held-out' : 'Held-in speakers\''} real-voice lessons through the built app (Chromium): ${heldOut.length} × ${minutes} min`);
  console.log('  lesson   app accuracy (worst share error)   in Node   energy rule   sound decoded by');
  for (const seed of heldOut) {
    const mp4 = realLesson(out, seed, minutes, split);
    const { truth, features } = lessonFeatures(mp4);
    const { bands, decoder, voice } = await bandsFromApp(mp4);
    const app = scoreAgainst(truth, bands, null).score;
    const inNode = segmentLesson(features);
    const node = scoreAgainst(truth, inNode.segments, null).score;
    const wait = { app: waitsWithin(truth, voice), node: waitsWithin(truth, inNode.voiceActivity) };
    waits.app += wait.app;
    waits.node += wait.node;
    waits.total += truth.questions.length;
    const energy = scoreAgainst(truth, energyRule(features), null).score;
    rows.push({ app: app.accuracy, appShare: app.maxShareErrorPoints, node: node.accuracy, nodeShare: node.maxShareErrorPoints, energy: energy.accuracy });
    const shares = labels.map((l) => `${l === 'teacher_talk' ? 'T' : l === 'discussion' ? 'D' : l === 'group_work' ? 'G' : 'I'} ${(app.labels[l]?.shareErrorPoints ?? 0).toFixed(1)}`).join(' ');
    console.log(`  s${seed}    ${pct(app.accuracy).padStart(6)} (${app.maxShareErrorPoints.toFixed(1)} pp: ${shares})   ${pct(node.accuracy).padStart(6)} (${node.maxShareErrorPoints.toFixed(1)} pp)   ${pct(energy.accuracy).padStart(6)}   ${decoder}   wait time 1 within 0.2 s: app ${wait.app}, Node ${wait.node} of ${truth.questions.length}`);
  }
  const worst = (key: 'app' | 'node' | 'energy') => Math.min(...rows.map((r) => r[key]));
  console.log(`  app            mean ${pct(mean(rows.map((r) => r.app)))} (worst ${pct(worst('app'))}), lessons ≥ 90%: ${rows.filter((r) => r.app >= 0.9).length} of ${rows.length}, share error ≤ 5 pp: ${rows.filter((r) => r.appShare <= 5).length}, above the energy rule: ${rows.filter((r) => r.app > r.energy).length}`);
  console.log(`  in Node        mean ${pct(mean(rows.map((r) => r.node)))} (worst ${pct(worst('node'))}), lessons ≥ 90%: ${rows.filter((r) => r.node >= 0.9).length} of ${rows.length}, share error ≤ 5 pp: ${rows.filter((r) => r.nodeShare <= 5).length}`);
  console.log(`  energy rule    mean ${pct(mean(rows.map((r) => r.energy)))} (worst ${pct(worst('energy'))})`);
  console.log(`  wait time 1 within 0.2 s of the truth: app ${waits.app} of ${waits.total} (${pct(waits.app / Math.max(1, waits.total))}), in Node ${waits.node}`);
});
