// Fits the voice space (workers/audio/voice-space.json) on held-in lessons built from real recorded voices:
// every stretch of speech one speaker holds is described as the voice model describes it (DESCRIPTOR_DIMS
// values, z-scored over its lesson), and linear discriminant analysis finds the directions along which
// different speakers of a lesson differ most against how much one speaker varies (near the camera and far,
// in reverberation, under auto-gain). Each lesson's speakers are their own classes: the space learns what
// tells voices apart within a room, not who the speakers are.
//   npm run train:space            (TRAIN_REAL_SEEDS=11-100,201-330 to choose the lessons; TRAIN_SPACE_DIMS
//                                  dimensions kept, 12 by default)
// Run it before `npm run train:voice`: the voice model places stretches in this space.
// Deterministic: the same lessons give the same projection.
import { test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { lessonVoices } from '../workers/audio/segmenter';
import { DESCRIPTOR_DIMS, type VoiceSpace } from '../workers/audio/voice-space';
import { lessonFeatures, realLesson, seedList } from '../tests/unit/audio/real-lessons';

const realSeeds = seedList(process.env.TRAIN_REAL_SEEDS ?? '11-100,201-330');
const MINUTES = 10;
const KEPT = Number(process.env.TRAIN_SPACE_DIMS ?? 12);
/** Share of a stretch's frames its one speaker must hold for it to count. */
const HELD = 0.8;
const out = resolve(__dirname, '../bench/out/real');

/** Per speaker of a lesson, the descriptions of the stretches that speaker holds alone, with their lengths. */
function speakersOf(seed: number): { u: Float64Array; w: number }[][] {
  const { truth, features } = lessonFeatures(realLesson(out, seed, MINUTES, 'train'));
  const voices = lessonVoices(features, { voiceRefiner: null });
  if (!voices) return [];
  const fd = features.frameDuration;
  // Per frame: who speaks (index into `names`), -1 for no one, -2 for several at once.
  const names: string[] = [];
  const who = new Int16Array(features.count).fill(-1);
  for (const turn of truth.turns) {
    let k = names.indexOf(turn.who);
    if (k < 0) k = names.push(turn.who) - 1;
    for (let i = Math.round(turn.start / fd); i < Math.min(features.count, Math.round(turn.end / fd)); i++) who[i] = who[i] === -1 || who[i] === k ? k : -2;
  }
  const classes = names.map((): { u: Float64Array; w: number }[] => []);
  for (const { a, b, u } of voices.stretches) {
    const counts = new Map<number, number>();
    for (let i = a; i < b; i++) counts.set(who[i], (counts.get(who[i]) ?? 0) + 1);
    for (const [k, count] of counts) if (k >= 0 && count >= HELD * (b - a)) classes[k].push({ u, w: b - a });
  }
  return classes.filter((c) => c.length >= 2);
}

test('train the voice space', () => {
  const D = DESCRIPTOR_DIMS;
  const within = Matrix.zeros(D, D), between = Matrix.zeros(D, D);
  let classes = 0, stretches = 0;
  for (const seed of realSeeds) {
    for (const members of speakersOf(seed)) {
      classes++;
      stretches += members.length;
      const total = members.reduce((s, m) => s + m.w, 0);
      const mean = new Float64Array(D);
      for (const m of members) for (let d = 0; d < D; d++) mean[d] += (m.w / total) * m.u[d];
      // Lesson descriptions are z-scored, so the lesson's mean is near zero: the class mean is its offset.
      for (let r = 0; r < D; r++) {
        for (let c = 0; c < D; c++) {
          between.set(r, c, between.get(r, c) + total * mean[r] * mean[c]);
          let s = 0;
          for (const m of members) s += m.w * (m.u[r] - mean[r]) * (m.u[c] - mean[c]);
          within.set(r, c, within.get(r, c) + s);
        }
      }
    }
  }
  // Whiten the within-speaker scatter (a little ridge keeps it invertible), then take the between-speaker
  // scatter's leading directions there.
  const trace = within.trace();
  for (let d = 0; d < D; d++) within.set(d, d, within.get(d, d) + 1e-3 * trace / D);
  const w = new EigenvalueDecomposition(within, { assumeSymmetric: true });
  const whiten = w.eigenvectorMatrix.mmul(Matrix.diag(w.realEigenvalues.map((l) => 1 / Math.sqrt(l))));
  const b = new EigenvalueDecomposition(whiten.transpose().mmul(between).mmul(whiten), { assumeSymmetric: true });
  const order = b.realEigenvalues.map((l, k) => [l, k]).sort((x, y) => y[0] - x[0]).slice(0, KEPT);
  const directions = whiten.mmul(b.eigenvectorMatrix);
  const projection = order.map(([, k]) => Array.from(directions.getColumn(k), (x) => Math.round(x * 1e6) / 1e6));
  console.log(`${classes} speakers, ${stretches} stretches from ${realSeeds.length} lessons; between-speaker against within-speaker scatter along the kept directions: ${order.map(([l]) => l.toFixed(2)).join(' ')}`);
  const model: VoiceSpace = { projection };
  writeFileSync(process.env.TRAIN_SPACE_OUT ?? resolve(__dirname, '../workers/audio/voice-space.json'), `${JSON.stringify(model)}\n`);
});
