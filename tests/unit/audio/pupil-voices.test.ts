// Muting pupils' voices in shared clips (issue 24) on lessons built from real recorded voices, with speakers the
// classifier was never trained on: the stretches the analysis gives (src/core/privacy.ts) against the truth's turns.
// Measured when written: pupils' speech covered 0.90 and 0.93, the teacher's muted 0.06 and 0.02. Lessons where the
// teacher-voice model takes the teacher for a pupil (seeds 7004, 7005: about half the teacher's speech muted) are
// not pinned here; the coach listens and keeps such stretches audible.
import { describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { segmentLesson } from '../../../workers/audio';
import { pupilVoiceRanges, type TimeRange } from '../../../src/core/privacy';
import { lessonFeatures, realLesson } from './real-lessons';

const DIR = resolve(__dirname, '../../fixtures/out/real');
const FOUR_ACTIVITIES = 'teacher_talk:70,discussion:70,group_work:70,independent_work:40';

type Turn = { start: number; end: number; who: string };

/** Seconds of `turns` inside `ranges`, as a share of their length. */
function covered(turns: Turn[], ranges: TimeRange[]): number {
  const total = turns.reduce((sum, t) => sum + t.end - t.start, 0);
  const inside = turns.reduce((sum, t) => sum + ranges.reduce((s, r) => s + Math.max(0, Math.min(r.end, t.end) - Math.max(r.start, t.start)), 0), 0);
  return inside / total;
}

describe('pupils’ voices found for muting on real recorded voices', () => {
  // Seed 7001 draws children as pupils, 7002 adults pitched up (as real-voices.test.ts).
  test.each([7001, 7002])('seed %i: most of the pupils’ speech is muted and little of the teacher’s', (seed) => {
    const { truth, features } = lessonFeatures(realLesson(DIR, seed, 0, 'test', FOUR_ACTIVITIES));
    const result = segmentLesson(features);
    const ranges = pupilVoiceRanges({ ...result.voiceActivity, teacher: result.teacherVoice }, { start: 0, end: truth.duration })!;
    const turns = (truth as unknown as { turns: Turn[] }).turns;
    expect(covered(turns.filter((t) => t.who !== 'teacher'), ranges)).toBeGreaterThan(0.85);
    expect(covered(turns.filter((t) => t.who === 'teacher'), ranges)).toBeLessThan(0.1);
  }, 120_000);
});
