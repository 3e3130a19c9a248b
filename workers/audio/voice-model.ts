/**
 * A second look at whose voice each stretch of speech is. The lesson's two-voice model (speakers.ts) places
 * every stretch relative to the teacher's voice and everyone else's; this small network, fitted by
 * `scripts/train-voice-model.ts` on lessons built from real recorded voices and committed as
 * `voice-model.json`, reads that placement beside the stretch's loudness, overlap and neighbours, and
 * gives the probability that it is the teacher. It learns what the two-voice model alone gets wrong on real
 * rooms: the teacher far from the camera, in reverberation, sounds like another voice by timbre but keeps
 * the teacher's pitch and pattern of turns. Pure: no DOM, no worker globals.
 */
import weights from './voice-model.json';

/** What the network reads about each stretch, in this order (see `voiceEvidence` in speakers.ts). */
export const VOICE_FEATURES = [
  'logRatio', 'posterior', 'teacherDistance', 'pitchFromTeacher', 'otherDistance', 'loudness', 'pitchHops', 'longRun',
  'projection', 'length', 'previousPosterior', 'previousGap', 'nextPosterior', 'nextGap', 'teacherPrior', 'nearbyPosterior',
  'clusterShare', 'clusterLoudness', 'clusterSpread', 'clusterRun', 'clusterPosterior',
] as const;

/** Input standardisation, one tanh hidden layer, a logistic output. */
export interface VoiceModelWeights {
  features: readonly string[];
  mean: number[];
  std: number[];
  hidden: { w: number[]; b: number[] };
  output: { w: number[]; b: number };
}

/** The committed model. */
export const VOICE_MODEL = weights as VoiceModelWeights;

/** The network as a function of one stretch's evidence (VOICE_FEATURES.length values). */
export function voiceNetwork(model: VoiceModelWeights): (x: ArrayLike<number>) => number {
  if (model.features.length !== VOICE_FEATURES.length || model.features.some((name, k) => name !== VOICE_FEATURES[k])) {
    throw new Error('voice-model.json does not match VOICE_FEATURES: train it again (npm run train:voice)');
  }
  const F = VOICE_FEATURES.length, H = model.hidden.b.length;
  const input = new Float64Array(F);
  return (x) => {
    for (let k = 0; k < F; k++) input[k] = (x[k] - model.mean[k]) / model.std[k];
    let s = model.output.b;
    for (let u = 0; u < H; u++) {
      let a = model.hidden.b[u];
      for (let k = 0; k < F; k++) a += model.hidden.w[u * F + k] * input[k];
      s += model.output.w[u] * Math.tanh(a);
    }
    return 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, s))));
  };
}
