// Segmentation bench on generated lessons: accuracy figures and speed as a ratio to native ffmpeg decoding.
//   BENCH_MINUTES=10 BENCH_COUNT=3 BENCH_SEEDS=101,202,303,404 npx vitest run --config bench/vitest.bench.config.ts
// Lessons are generated once into bench/out (about 20 s each) and reused.
import { test } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyseLesson, generateLessons } from '../tests/unit/audio/synth-lessons';
import type { TalkLabel } from '../workers/audio';

const minutes = Number(process.env.BENCH_MINUTES ?? 10);
const count = Number(process.env.BENCH_COUNT ?? 3);
const seeds = (process.env.BENCH_SEEDS ?? '101,202,303,404').split(',').map(Number);
const out = resolve(__dirname, 'out');

test(`segmentation on ${seeds.length * count} × ${minutes} min synthetic lessons`, () => {
  mkdirSync(out, { recursive: true });
  const lessons = seeds.flatMap((seed) => generateLessons(out, seed, minutes, count));
  const labels: TalkLabel[] = ['teacher_talk', 'discussion', 'group_work', 'independent_work', 'no_audio'];
  const f1: Record<string, number[]> = {}, share: Record<string, number[]> = {};
  let acc = 0, macro = 0, voice = 0, analysisMs = 0, decodeMs = 0, seconds = 0;
  const lines: string[] = [];
  for (const mp4 of lessons) {
    const r = analyseLesson(mp4);
    acc += r.score.accuracy; macro += r.score.macroF1; voice += r.voice.accuracy;
    analysisMs += r.analysisMs; decodeMs += r.decodeMs; seconds += r.truth.duration;
    for (const l of labels) {
      const s = r.score.labels[l];
      if (!s) continue;
      // A label predicted where the truth has none still counts against its share; its F1 is not defined.
      if (s.trueShare > 0) (f1[l] ??= []).push(s.f1);
      (share[l] ??= []).push(s.shareErrorPoints);
    }
    lines.push(`  ${mp4.split('/').pop()}  gain ${r.truth.recordingGainDb} dB${r.truth.autoGain ? ' +AGC' : ''}  accuracy ${(r.score.accuracy * 100).toFixed(1)}%  macro-F1 ${r.score.macroF1.toFixed(3)}  max share error ${r.score.maxShareErrorPoints.toFixed(1)} pts  voice activity ${(r.voice.accuracy * 100).toFixed(1)}%`);
  }
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const report = [
    `Segmentation bench: ${lessons.length} × ${minutes} min (seeds ${seeds.join(', ')}, ${count} each)`,
    ...lines,
    `Mean frame accuracy      ${(acc / lessons.length * 100).toFixed(1)}%   (target ≥ 93%)`,
    `Mean macro-F1            ${(macro / lessons.length).toFixed(3)}   (target ≥ 0.90)`,
    `Voice-activity accuracy  ${(voice / lessons.length * 100).toFixed(1)}%`,
    'Per label                F1     share error (mean / max, pts; target ≤ 3)',
    ...Object.keys(share).map((l) => `  ${l.padEnd(22)} ${f1[l] ? mean(f1[l]).toFixed(3) : '  –  '}  ${mean(share[l]).toFixed(1)} / ${Math.max(...share[l]).toFixed(1)}`),
    `Speed: features + segmentation ${(analysisMs / 1000).toFixed(2)} s for ${(seconds / 60).toFixed(0)} min of audio (${(analysisMs / seconds * 3.6).toFixed(2)} s per hour); native ffmpeg decode ${(decodeMs / 1000).toFixed(2)} s; ratio ${(analysisMs / decodeMs).toFixed(2)}× ffmpeg`,
  ];
  console.log(report.join('\n'));
});
