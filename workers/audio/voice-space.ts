/**
 * The space in which the voices of a lesson are told apart. A stretch of speech is described by its mean
 * cepstrum, median pitch and their spreads (DESCRIPTOR_DIMS values, z-scored over the lesson); a linear
 * projection fitted by `scripts/train-voice-space.ts` on lessons built from real recorded voices (linear
 * discriminant analysis: the directions along which different speakers differ most against how much one
 * speaker varies, near the camera and far, facing the board or the class) places it so that plain distances
 * mean "another voice". Committed as `voice-space.json`. Pure: no DOM, no worker globals.
 */
import { MFCC_COUNT } from './features';
import space from './voice-space.json';

/** Values describing a stretch's voice: mean cepstrum, median log2 pitch, the cepstrum's spread, the pitch's interquartile range. */
export const DESCRIPTOR_DIMS = 2 * MFCC_COUNT + 2;

export interface VoiceSpace {
  /** Rows of DESCRIPTOR_DIMS weights, one per dimension of the space, most discriminating first. */
  projection: number[][];
}

/** The committed space. */
export const VOICE_SPACE = checked(space as VoiceSpace);

function checked(model: VoiceSpace): VoiceSpace {
  if (model.projection.some((row) => row.length !== DESCRIPTOR_DIMS)) throw new Error('voice-space.json does not match DESCRIPTOR_DIMS: train it again (npm run train:space)');
  return model;
}
