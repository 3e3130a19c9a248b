// A lesson's bands must not hang on an arbitrary choice: where the k-means of its voice groups starts. The
// second look reads each stretch within the groups of several starts (VOICE_GROUPS_STARTS) and averages, so a
// lesson built from real recorded voices keeps its bands, near enough, wherever the groups start.
import { describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { segmentLesson } from '../../../workers/audio/segmenter';
import { VOICE_GROUPS_SEED, VOICE_GROUPS_STARTS } from '../../../workers/audio/speakers';
import { lessonFeatures, realLesson, scoreAgainst } from './real-lessons';

const DIR = resolve(__dirname, '../../fixtures/out/real');

describe('the voice groups', () => {
  test('are read from more than one start', () => {
    expect(VOICE_GROUPS_STARTS).toBeGreaterThan(1);
  });

  test('a lesson’s bands stay put when the groups’ k-means starts elsewhere', () => {
    // Seed 107 (12 minutes, the bench's held-out lesson): a very live room (RT60 0.76 s) where the far teacher's
    // stretches sit between voice groups. Read from one start (ALGORITHM_VERSION 16) its accuracy was 81.0%,
    // 91.0% or 80.8% from the starts below; from three (17), 91.2%, 89.7% and 89.2%. With the networks fitted on
    // more lessons (20), 92.9%, 92.9% and 98.7%: no start reads it badly, and the app's reads it as most do.
    const { truth, features } = lessonFeatures(realLesson(DIR, 107, 12, 'test'));
    const accuracies = [VOICE_GROUPS_SEED, 777, 1].map((seed) => scoreAgainst(truth, segmentLesson(features, { voiceGroupsSeed: seed }).segments, null).score.accuracy);
    for (const accuracy of accuracies) expect(accuracy).toBeGreaterThan(0.9);
    const median = [...accuracies].sort((a, b) => a - b)[1];
    expect(Math.abs(accuracies[0] - median)).toBeLessThan(0.01);
  }, 240_000);
});
