import { describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseLesson, generateLessons } from './synth-lessons';

// Three generated lessons with fixed seeds, end to end: generator → AAC mp4 → ffmpeg decode
// → FeatureExtractor (1 s chunks) → segmentLesson → scores against the generator's truth. The third is a
// harder classroom (the teacher far from the camera for a stretch, a loud room, the teacher over groups).
describe('synthetic lessons', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reframe-synth-'));
  const lessons = [...generateLessons(dir, 11, 2), ...generateLessons(dir, 12, 1.5), ...generateLessons(dir, 14, 5, 1, { voices: 'espeak', hard: true })];

  for (const [k, mp4] of lessons.entries()) {
    test(`lesson ${k + 1} is segmented and its voices found`, () => {
      const { score, voice } = analyseLesson(mp4);
      // Floors sit a little under what this pair measures (see the figures in the report/bench).
      expect(score.accuracy).toBeGreaterThanOrEqual(FLOORS[k].accuracy);
      expect(voice.accuracy).toBeGreaterThanOrEqual(FLOORS[k].voice);
    });
  }

  test('clean up', () => rmSync(dir, { recursive: true, force: true }));
});

// Measured (segmenter version 3; the generator is deterministic): seed 11 (2 min, camera auto-gain)
// accuracy 0.920, seed 12 (1.5 min) accuracy 0.977. Short lessons have 15-40 s phases,
// so boundary smearing weighs more than in the 10-minute bench lessons. Harder seed 14 (5 min; version 8):
// accuracy 0.988, voice activity 0.969. Version 14: seed 12 0.928 (the group-work-to-discussion boundary 3.5 s
// late, as in version 13's 0.942, and the first boundary 0.6 s early; over the bench's 47 generated
// 10-minute lessons every group stays above 95%). Version 15 (fitted on the sound as the app resamples it):
// seed 12 0.904 (the group-work-to-discussion boundary 6.1 s late, the first boundary 1.3 s early); over the
// bench's 66 generated 10-minute lessons every group stays above 95% (tuned 96.4%, held-out 98.0%, mixed
// voices 97.9%, harder classrooms 95.2%).
const FLOORS = [
  { accuracy: 0.87, voice: 0.93 },
  { accuracy: 0.89, voice: 0.92 },
  { accuracy: 0.95, voice: 0.94 },
];
