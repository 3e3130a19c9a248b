// The voice space (workers/audio/voice-space.ts) on a lesson built from real recorded voices whose speakers the
// space was never fitted to: the two-voice model alone, before the second look, tells the teacher's stretches
// from the pupils' with the stretches placed in the space, where by cepstrum and pitch as they are the teacher
// near the camera and far were two voices.
import { describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { lessonVoices } from '../../../workers/audio/segmenter';
import { DESCRIPTOR_DIMS, VOICE_SPACE } from '../../../workers/audio/voice-space';
import { lessonFeatures, realLesson, teacherFrames, type RealLessonTruth } from './real-lessons';
import type { FeatureFrames } from '../../../workers/audio';

const DIR = resolve(__dirname, '../../fixtures/out/real');

/** Share of the frames of speech whose stretch the two-voice model alone puts on the right side (teacher or not). */
function twoVoiceAccuracy(truth: RealLessonTruth, features: FeatureFrames): number {
  const who = teacherFrames(truth, features.count, features.frameDuration);
  const voices = lessonVoices(features, { voiceRefiner: null })!;
  let right = 0, total = 0;
  for (const { a, b, x } of voices.stretches) {
    let teacher = 0, known = 0;
    for (let i = a; i < b; i++) if (who[i] >= 0) { known++; teacher += who[i]; }
    if (!known) continue;
    total += known;
    // x[1]: the two-voice model's posterior (VOICE_FEATURES' 'posterior').
    if ((x[1] > 0.5) === (teacher / known > 0.5)) right += known;
  }
  return right / total;
}

describe('the voice space', () => {
  test('projects the whole description of a stretch', () => {
    expect(VOICE_SPACE.projection.length).toBeGreaterThanOrEqual(8);
    for (const row of VOICE_SPACE.projection) expect(row).toHaveLength(DESCRIPTOR_DIMS);
  });

  test('keeps a wandering teacher one voice: the two-voice model alone finds the teacher’s stretches', () => {
    // Seed 105 (12 minutes, the bench's held-out lesson): the teacher walks about a reverberant room (RT60 0.71 s)
    // with children and adults pitched up as pupils. By cepstrum and pitch as they are (ALGORITHM_VERSION 15)
    // the two-voice model put 65.9% of the speech on the right side; in the space, 92.1%.
    const { truth, features } = lessonFeatures(realLesson(DIR, 105, 12, 'test'));
    expect(truth.room.rt60).toBeGreaterThan(0.6);
    expect(twoVoiceAccuracy(truth, features)).toBeGreaterThan(0.85);
  }, 180_000);
});
