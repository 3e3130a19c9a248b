// Fits the second look at whose voice each stretch of speech is (workers/audio/voice-model.json) on held-in
// lessons built from real recorded voices: for every stretch the lesson's two-voice model found, what it
// reads of the stretch (VOICE_FEATURES) against whether the lesson's truth has the teacher speaking there.
//   npm run train:voice            (TRAIN_REAL_SEEDS=11-100,201-330 to choose the lessons; TRAIN_MEMBERS networks
//                                  in the ensemble, 5 by default)
// Run it before `npm run train:talk`: the talk-time classifier reads the voice model's output.
// Deterministic: the same lessons give the same weights.
import { test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lessonVoices } from '../workers/audio/segmenter';
import { VOICE_FEATURES, type VoiceModelWeights } from '../workers/audio/voice-model';
import { lessonFeatures, realLesson, seedList, teacherFrames } from '../tests/unit/audio/real-lessons';
import { mulberry32 } from '../tests/fixtures/lesson-parts.mjs';
import { Adam, fitEpochs } from './adam';

const realSeeds = seedList(process.env.TRAIN_REAL_SEEDS ?? '11-100,201-330');
const MINUTES = 10;
const HIDDEN = Number(process.env.TRAIN_HIDDEN ?? 8);
const EPOCHS = Number(process.env.TRAIN_EPOCHS ?? 15);
const MEMBERS = Number(process.env.TRAIN_MEMBERS ?? 5);
const out = resolve(__dirname, '../bench/out/real');

/** One stretch: what the network reads, whether the teacher speaks in most of its frames, and how many frames count. */
interface Row { x: Float64Array; y: number; w: number }

function rowsOf(seed: number): Row[] {
  const { truth, features } = lessonFeatures(realLesson(out, seed, MINUTES, 'train'));
  const voices = lessonVoices(features, { voiceRefiner: null });
  if (!voices) return [];
  const who = teacherFrames(truth, features.count, features.frameDuration);
  const rows: Row[] = [];
  for (const { a, b, x } of voices.stretches) {
    let teacher = 0, known = 0;
    for (let i = a; i < b; i++) if (who[i] >= 0) { known++; teacher += who[i]; }
    if (known) rows.push({ x, y: teacher / known > 0.5 ? 1 : 0, w: known });
  }
  return rows;
}

test('train the voice model', () => {
  const rows = realSeeds.flatMap(rowsOf);
  const F = VOICE_FEATURES.length;
  const mean = new Array(F).fill(0), std = new Array(F).fill(0);
  for (const r of rows) for (let k = 0; k < F; k++) mean[k] += r.x[k] / rows.length;
  for (const r of rows) for (let k = 0; k < F; k++) std[k] += (r.x[k] - mean[k]) ** 2 / rows.length;
  for (let k = 0; k < F; k++) std[k] = Math.sqrt(std[k]) || 1;
  const xs = rows.map((r) => Float64Array.from(r.x, (v, k) => (v - mean[k]) / std[k]));

  // Each member: one hidden tanh layer, logistic out; Adam on frame-weighted cross-entropy with a little L2,
  // from its own starting point and order of samples.
  const members = Array.from({ length: MEMBERS }, (_, m) => fitMember(rows, xs, F, mulberry32(20261206 + m)));
  const predict = (x: Float64Array) => members.reduce((s, member) => s + member.predict(x), 0) / members.length;
  // Frame accuracy of the two-voice model alone and with the second look, on the training stretches.
  let before = 0, after = 0, frames = 0;
  rows.forEach((r, i) => {
    frames += r.w;
    if ((r.x[1] > 0.5 ? 1 : 0) === r.y) before += r.w;
    if ((predict(xs[i]) > 0.5 ? 1 : 0) === r.y) after += r.w;
  });
  console.log(`${rows.length} stretches from ${realSeeds.length} lessons: teacher or not right on ${(before / frames * 100).toFixed(1)}% of frames by the two-voice model, ${(after / frames * 100).toFixed(1)}% with the second look`);
  const round = (a: ArrayLike<number>) => Array.from(a, (x) => Math.round(x * 1e5) / 1e5);
  const model: VoiceModelWeights = {
    features: [...VOICE_FEATURES],
    mean: round(mean),
    std: round(std),
    members: members.map(({ params }) => ({
      hidden: { w: round(params.w1), b: round(params.b1) },
      output: { w: round(params.w2), b: Math.round(params.b2[0] * 1e5) / 1e5 },
    })),
  };
  writeFileSync(resolve(__dirname, '../workers/audio/voice-model.json'), `${JSON.stringify(model)}\n`);
});

/** One network fitted to the rows (inputs standardised in `xs`). */
function fitMember(rows: Row[], xs: Float64Array[], F: number, rnd: () => number) {
  const params = {
    w1: Array.from({ length: HIDDEN * F }, () => (rnd() * 2 - 1) * Math.sqrt(3 / F)),
    b1: new Array(HIDDEN).fill(0),
    w2: Array.from({ length: HIDDEN }, () => (rnd() * 2 - 1) * Math.sqrt(3 / HIDDEN)),
    b2: [0],
  };
  const h = new Float64Array(HIDDEN);
  const predict = (x: Float64Array) => {
    let s = params.b2[0];
    for (let u = 0; u < HIDDEN; u++) {
      let a = params.b1[u];
      for (let k = 0; k < F; k++) a += params.w1[u * F + k] * x[k];
      h[u] = Math.tanh(a);
      s += params.w2[u] * h[u];
    }
    return 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, s))));
  };
  const adam = new Adam(params, 0.01, 1e-4);
  const grad = adam.grad;
  fitEpochs(adam, rows.length, EPOCHS, rnd, (i) => {
    const x = xs[i], { y, w } = rows[i];
    const p = predict(x);
    const d = (w / 10) * (p - y);
    grad.b2[0] += d;
    for (let u = 0; u < HIDDEN; u++) {
      grad.w2[u] += d * h[u];
      const dh = d * params.w2[u] * (1 - h[u] * h[u]);
      grad.b1[u] += dh;
      for (let k = 0; k < F; k++) grad.w1[u * F + k] += dh * x[k];
    }
    return -(w / 10) * (y ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12));
  }, (epoch, loss) => {
    if (epoch % 5 === 4) console.log(`epoch ${epoch + 1}: loss ${loss.toFixed(4)}`);
  });
  return { params, predict };
}
