/**
 * The activity classifier: per-frame window statistics (how much talk, how continuous, how many voices,
 * whose voice, how often the talk changes hands) in, the probability of each activity out. A small
 * network whose weights `scripts/train-talk-model.ts` fits on lessons built from real recorded voices
 * and commits as `talk-model.json`. Pure: no DOM, no worker globals.
 */
import weights from './talk-model.json';

/** The window statistics the classifier reads, in this order. */
export const TALK_FEATURES = [
  'speechShare', 'speechShareWide', 'continuity', 'pauseShare', 'pitchJumps', 'voicing', 'loudness', 'level',
  'teacherShare', 'teacherLong', 'teacherPresent', 'switchRate', 'changeRate', 'turnPauses', 'modulation', 'runLength', 'flatness',
  'othersShare', 'nearestOther', 'nearestTeacher',
] as const;

/** Name of one window statistic. */
export type TalkFeature = (typeof TALK_FEATURES)[number];

/** A trained classifier: input standardisation, then dense layers (tanh between, softmax at the end). */
export interface TalkModelWeights {
  /** Feature names, which must equal TALK_FEATURES. */
  features: readonly string[];
  /**
   * Frame offsets whose statistics are read beside the frame's own (e.g. [-300, 300]: 30 s before and after),
   * so the network sees the phase around a moment, not only the moment; absent means none.
   */
  context?: number[];
  /** Per-input mean and standard deviation for standardising the input (TALK_FEATURES × (1 + context)). */
  mean: number[];
  std: number[];
  /**
   * Networks fitted from different starting points, their probabilities averaged (one alone can read a whole
   * stretch of a lesson differently from a near neighbour). Each is dense layers: `w` is outputs × inputs, row-major.
   */
  members: { layers: { w: number[]; b: number[]; inputs: number; outputs: number }[] }[];
}

/** The committed model. */
export const TALK_MODEL = weights as TalkModelWeights;

/**
 * Probabilities of the four activities (teacher talk, discussion, group work, independent work) per frame,
 * frame-major (n × 4), from the window statistics (frame-major, n × TALK_FEATURES.length).
 */
export function classifyFrames(x: Float32Array, n: number, model: TalkModelWeights = TALK_MODEL): Float32Array {
  if (model.features.length !== TALK_FEATURES.length || model.features.some((name, k) => name !== TALK_FEATURES[k])) {
    throw new Error('talk-model.json does not match TALK_FEATURES: train it again (npm run train:talk)');
  }
  const raw = new Float32Array(TALK_FEATURES.length * (1 + (model.context?.length ?? 0)));
  const out = new Float32Array(n * 4);
  const network = forward(model);
  for (let i = 0; i < n; i++) {
    contextInput(x, n, i, model.context ?? [], raw);
    network(raw, out, i * 4);
  }
  return out;
}

/** The network as a function: raw input (with context) in, the members' mean probability of each activity written at `out[at..at+3]`. */
export function forward(model: TalkModelWeights): (raw: ArrayLike<number>, out: Float32Array, at: number) => void {
  // Standardised once per frame, read by every member.
  const input = new Float64Array(model.mean.length);
  const members = model.members.map((member) => forwardOne(member.layers, input));
  const one = new Float32Array(4);
  return (raw, out, at) => {
    for (let k = 0; k < model.mean.length; k++) input[k] = (raw[k] - model.mean[k]) / model.std[k];
    out.fill(0, at, at + 4);
    for (const member of members) {
      member(one);
      for (let k = 0; k < 4; k++) out[at + k] += one[k] / members.length;
    }
  };
}

/** One member: dense layers with tanh between over the standardised `input`, softmax over the four activities. */
function forwardOne(layers: TalkModelWeights['members'][number]['layers'], input: Float64Array): (out: Float32Array) => void {
  const widest = Math.max(...layers.map((l) => Math.max(l.inputs, l.outputs)));
  const buffers = [new Float64Array(widest), new Float64Array(widest)];
  return (out) => {
    let from: Float64Array = input;
    for (let l = 0; l < layers.length; l++) {
      const { w, b, inputs, outputs } = layers[l];
      const last = l === layers.length - 1;
      const to = buffers[l % 2];
      for (let o = 0; o < outputs; o++) {
        let s = b[o];
        const row = o * inputs;
        for (let k = 0; k < inputs; k++) s += w[row + k] * from[k];
        to[o] = last ? s : Math.tanh(s);
      }
      from = to;
    }
    // Softmax over the four activities.
    let max = -Infinity;
    for (let k = 0; k < 4; k++) max = Math.max(max, from[k]);
    let z = 0;
    for (let k = 0; k < 4; k++) z += Math.exp(from[k] - max);
    for (let k = 0; k < 4; k++) out[k] = Math.exp(from[k] - max) / z;
  };
}

/**
 * The classifier's raw input for frame i: its statistics, then those `offsets` frames away (clamped to the
 * lesson), into `out` (TALK_FEATURES.length × (1 + offsets.length)).
 */
export function contextInput(x: Float32Array, n: number, i: number, offsets: readonly number[], out: Float32Array): void {
  const F = TALK_FEATURES.length;
  for (let k = 0; k < F; k++) out[k] = x[i * F + k];
  offsets.forEach((offset, c) => {
    const j = Math.min(n - 1, Math.max(0, i + offset));
    for (let k = 0; k < F; k++) out[(c + 1) * F + k] = x[j * F + k];
  });
}
