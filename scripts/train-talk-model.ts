// Fits the talk-time activity classifier (workers/audio/talk-model.json) on held-in lessons built from real
// recorded voices (speakers of speechocean762's train split only; the test split's speakers are kept for
// the bench's held-out lessons), with a few generated espeak-ng lessons beside them at lower weight so
// the synthetic regression check keeps holding.
//   npm run train:talk            (TRAIN_REAL_SEEDS=11-40,201 TRAIN_SYNTH_SEEDS=101 to choose the lessons;
//                                  TRAIN_OUT=file to write the weights elsewhere; TRAIN_MEMBERS networks in the
//                                  ensemble, 3 by default)
// Deterministic: the same lessons give the same weights.
import { test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { labelFrames, type TalkLabel } from '../workers/audio';
import { lessonStatistics } from '../workers/audio/segmenter';
import { TALK_FEATURES, contextInput, forward, type TalkModelWeights } from '../workers/audio/talk-model';
import { lessonFeatures, realLesson, seedList } from '../tests/unit/audio/real-lessons';
import { generateLessons, lessonName } from '../tests/unit/audio/synth-lessons';
import { existsSync } from 'node:fs';
import { mulberry32 } from '../tests/fixtures/lesson-parts.mjs';
import { Adam, fitEpochs } from './adam';

const realSeeds = seedList(process.env.TRAIN_REAL_SEEDS ?? '11-100,201-330');
const synthSeeds = seedList(process.env.TRAIN_SYNTH_SEEDS ?? '101,202,303,404');
const MINUTES = 10;
/** Weight of the generated lessons' frames, all together, as a share of the real-voice lessons' frames. */
const SYNTH_SHARE = Number(process.env.TRAIN_SYNTH_SHARE ?? 0.08);
const HIDDEN = Number(process.env.TRAIN_HIDDEN ?? 16);
const EPOCHS = Number(process.env.TRAIN_EPOCHS ?? 30);
const MEMBERS = Number(process.env.TRAIN_MEMBERS ?? 3);
const L2 = Number(process.env.TRAIN_L2 ?? 1e-3);
/** Held-in lessons kept out of training to choose the settings above (never the held-out speakers). */
const validSeeds = seedList(process.env.TRAIN_VALID_SEEDS ?? '');
const out = resolve(__dirname, '../bench/out');
const ORDER: TalkLabel[] = ['teacher_talk', 'discussion', 'group_work', 'independent_work'];
/** Frames before and after whose statistics the network also reads (TRAIN_CONTEXT seconds, e.g. 30). */
const CONTEXT_SECONDS = Number(process.env.TRAIN_CONTEXT ?? 0);
const CONTEXT = CONTEXT_SECONDS > 0 ? [-CONTEXT_SECONDS * 10, CONTEXT_SECONDS * 10] : [];
const F = TALK_FEATURES.length * (1 + CONTEXT.length);

interface Sample { x: Float32Array; y: number; w: number }

function samplesOf(mp4: string, weight: number, step: number): Sample[] {
  const { truth, features } = lessonFeatures(mp4);
  const s = lessonStatistics(features);
  if (!s) return [];
  const labels = labelFrames(truth.segments, truth.duration);
  const n = Math.min(features.count, labels.length);
  if (n < features.count) throw new Error(`${mp4}: truth shorter than the lesson`);
  const samples: Sample[] = [];
  for (let i = 0; i < n; i += step) {
    const y = ORDER.indexOf(labels[i]);
    if (y < 0 || s.gap[i]) continue;
    const x = new Float32Array(F);
    contextInput(s.statistics, n, i, CONTEXT, x);
    samples.push({ x, y, w: weight });
  }
  return samples;
}

test('train the talk-time classifier', () => {
  const samples: Sample[] = [];
  for (const seed of realSeeds) samples.push(...samplesOf(realLesson(resolve(out, 'real'), seed, MINUTES, 'train'), 1, 2));
  const real = samples.length;
  const synthetic: Sample[] = [];
  for (const seed of synthSeeds) {
    const mp4 = resolve(out, `${lessonName(seed, 0, MINUTES)}.mp4`);
    if (!existsSync(mp4)) generateLessons(out, seed, MINUTES, 1);
    synthetic.push(...samplesOf(mp4, 1, 4));
  }
  // The generated lessons weigh SYNTH_SHARE of the real ones however many real lessons there are.
  for (const s of synthetic) s.w = (SYNTH_SHARE * real) / Math.max(1, synthetic.length);
  samples.push(...synthetic);
  // Standardise; classes weighted to count alike.
  const mean = new Array(F).fill(0), std = new Array(F).fill(0);
  for (const s of samples) for (let k = 0; k < F; k++) mean[k] += s.x[k] / samples.length;
  for (const s of samples) for (let k = 0; k < F; k++) std[k] += (s.x[k] - mean[k]) ** 2 / samples.length;
  for (let k = 0; k < F; k++) std[k] = Math.sqrt(std[k]) || 1;
  const classMass = [0, 0, 0, 0];
  for (const s of samples) classMass[s.y] += s.w;
  for (const s of samples) s.w *= samples.length / (4 * classMass[s.y]);
  const xs = samples.map((s) => Float64Array.from(s.x, (v, k) => (v - mean[k]) / std[k]));

  // Each member: one hidden tanh layer, softmax out, from its own starting point and order of samples.
  const members = Array.from({ length: MEMBERS }, (_, m) => fitMember(samples, xs, mulberry32(20261206 + m)));
  const round = (a: ArrayLike<number>) => Array.from(a, (x) => Math.round(x * 1e5) / 1e5);
  const model: TalkModelWeights = {
    features: [...TALK_FEATURES],
    ...(CONTEXT.length ? { context: CONTEXT } : {}),
    mean: round(mean),
    std: round(std),
    members: members.map((params) => ({
      layers: [
        { inputs: F, outputs: HIDDEN, w: round(params.w1), b: round(params.b1) },
        { inputs: HIDDEN, outputs: 4, w: round(params.w2), b: round(params.b2) },
      ],
    })),
  };
  // Frame accuracy before smoothing, on the training samples and on the validation lessons.
  const network = forward(model);
  const accuracy = (set: Sample[]): number => {
    const p = new Float32Array(4);
    let right = 0;
    for (const s of set) {
      network(s.x, p, 0);
      let best = 0;
      for (let c = 1; c < 4; c++) if (p[c] > p[best]) best = c;
      if (best === s.y) right++;
    }
    return right / set.length;
  };
  console.log(`${samples.length} frames from ${realSeeds.length} real-voice and ${synthSeeds.length} generated lessons; frame accuracy before smoothing ${(accuracy(samples) * 100).toFixed(1)}%`);
  if (validSeeds.length) {
    const valid = validSeeds.flatMap((seed) => samplesOf(realLesson(resolve(out, 'real'), seed, MINUTES, 'train'), 1, 2));
    console.log(`validation lessons ${validSeeds.join(', ')}: frame accuracy before smoothing ${(accuracy(valid) * 100).toFixed(1)}%`);
  }
  writeFileSync(process.env.TRAIN_OUT ?? resolve(__dirname, '../workers/audio/talk-model.json'), `${JSON.stringify(model)}\n`);
});

/** One network (one hidden tanh layer, softmax out), fitted by Adam on weighted cross-entropy with a little L2. */
function fitMember(samples: Sample[], xs: Float64Array[], rnd: () => number) {
  const init = (count: number, fanIn: number) => Array.from({ length: count }, () => (rnd() * 2 - 1) * Math.sqrt(3 / fanIn));
  const params = { w1: init(HIDDEN * F, F), b1: new Array(HIDDEN).fill(0), w2: init(4 * HIDDEN, HIDDEN), b2: new Array(4).fill(0) };
  const h = new Float64Array(HIDDEN), o = new Float64Array(4), dh = new Float64Array(HIDDEN);
  const adam = new Adam(params, 0.01, L2);
  const grad = adam.grad;
  fitEpochs(adam, samples.length, EPOCHS, rnd, (i) => {
    const x = xs[i], { y, w } = samples[i];
    for (let u = 0; u < HIDDEN; u++) {
      let s = params.b1[u];
      for (let k = 0; k < F; k++) s += params.w1[u * F + k] * x[k];
      h[u] = Math.tanh(s);
    }
    let max = -Infinity;
    for (let c = 0; c < 4; c++) {
      let s = params.b2[c];
      for (let u = 0; u < HIDDEN; u++) s += params.w2[c * HIDDEN + u] * h[u];
      o[c] = s;
      max = Math.max(max, s);
    }
    let z = 0;
    for (let c = 0; c < 4; c++) z += Math.exp(o[c] - max);
    dh.fill(0);
    let loss = 0;
    for (let c = 0; c < 4; c++) {
      const p = Math.exp(o[c] - max) / z;
      if (c === y) loss = -w * Math.log(p + 1e-12);
      const d = w * (p - (c === y ? 1 : 0));
      grad.b2[c] += d;
      for (let u = 0; u < HIDDEN; u++) {
        grad.w2[c * HIDDEN + u] += d * h[u];
        dh[u] += d * params.w2[c * HIDDEN + u];
      }
    }
    for (let u = 0; u < HIDDEN; u++) {
      const d = dh[u] * (1 - h[u] * h[u]);
      grad.b1[u] += d;
      for (let k = 0; k < F; k++) grad.w1[u * F + k] += d * x[k];
    }
    return loss;
  }, (epoch, loss) => {
    if (epoch % 10 === 9 || epoch === EPOCHS - 1) console.log(`epoch ${epoch + 1}: loss ${loss.toFixed(4)}`);
  });
  return params;
}
