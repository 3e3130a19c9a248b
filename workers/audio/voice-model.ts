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
  'clusterShare', 'clusterLoudness', 'clusterSpread', 'clusterRun', 'clusterPosterior', 'clusterTurns', 'clusterOverlap',
] as const;

/** Input standardisation, then several small networks (one tanh hidden layer, a logistic output) whose probabilities are averaged. */
export interface VoiceModelWeights {
  features: readonly string[];
  mean: number[];
  std: number[];
  /**
   * Networks fitted from different starting points: one alone can settle on a different reading of a whole
   * lesson's voices from a near neighbour; their mean is steadier.
   */
  members: { hidden: { w: number[]; b: number[] }; output: { w: number[]; b: number } }[];
}

/** The committed model. */
export const VOICE_MODEL = weights as VoiceModelWeights;

/** The networks as a function of one stretch's evidence (VOICE_FEATURES.length values): their mean probability. */
export function voiceNetwork(model: VoiceModelWeights): (x: ArrayLike<number>) => number {
  if (model.features.length !== VOICE_FEATURES.length || model.features.some((name, k) => name !== VOICE_FEATURES[k])) {
    throw new Error('voice-model.json does not match VOICE_FEATURES: train it again (npm run train:voice)');
  }
  const F = VOICE_FEATURES.length;
  const input = new Float64Array(F);
  return (x) => {
    for (let k = 0; k < F; k++) input[k] = (x[k] - model.mean[k]) / model.std[k];
    let sum = 0;
    for (const { hidden, output } of model.members) {
      let s = output.b;
      for (let u = 0; u < hidden.b.length; u++) {
        let a = hidden.b[u];
        for (let k = 0; k < F; k++) a += hidden.w[u * F + k] * input[k];
        s += output.w[u] * Math.tanh(a);
      }
      sum += 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, s))));
    }
    return sum / model.members.length;
  };
}
