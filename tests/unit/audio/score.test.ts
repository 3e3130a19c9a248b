import { describe, expect, test } from 'vitest';
import { scoreSegmentation, scoreVoiceActivity, labelFrames } from '../../../workers/audio';

describe('scoreSegmentation', () => {
  test('hand-worked example over 10 s', () => {
    // Truth: teacher 0-6, group 6-10. Predicted: teacher 0-5, discussion 5-7, group 7-10.
    const truth = [{ start: 0, end: 6, label: 'teacher_talk' as const }, { start: 6, end: 10, label: 'group_work' as const }];
    const predicted = [
      { start: 0, end: 5, label: 'teacher_talk' as const },
      { start: 5, end: 7, label: 'discussion' as const },
      { start: 7, end: 10, label: 'group_work' as const },
    ];
    const s = scoreSegmentation(truth, predicted, 10);
    expect(s.frames).toBe(100);
    expect(s.accuracy).toBeCloseTo(0.8, 6); // 50 + 30 of 100 frames right
    const teacher = s.labels.teacher_talk!;
    expect(teacher.precision).toBeCloseTo(1, 6);
    expect(teacher.recall).toBeCloseTo(50 / 60, 6);
    expect(teacher.f1).toBeCloseTo((2 * (50 / 60)) / (1 + 50 / 60), 6);
    const group = s.labels.group_work!;
    expect(group.recall).toBeCloseTo(0.75, 6);
    expect(group.shareErrorPoints).toBeCloseTo(10, 6);
    expect(s.labels.discussion!.f1).toBe(0);
    // Macro-F1 over labels present in truth only (teacher, group).
    expect(s.macroF1).toBeCloseTo((teacher.f1 + (2 * 0.75) / 1.75) / 2, 6);
    expect(s.maxShareErrorPoints).toBeCloseTo(20, 6);
  });

  test('frame centres decide the label at a boundary', () => {
    expect(labelFrames([{ start: 0, end: 0.25, label: 'no_audio' }], 0.4)).toEqual(['no_audio', 'no_audio', 'unclear', 'unclear']);
  });
});

describe('scoreVoiceActivity', () => {
  test('agreement, recall and precision', () => {
    const speech = Uint8Array.from([0, 1, 1, 1, 0, 0, 1, 0, 0, 0]);
    const v = scoreVoiceActivity([{ start: 0.1, end: 0.5 }], speech, 1);
    // Truth frames 1-4; predicted 1-3 and 6: 8 of 10 agree.
    expect(v.accuracy).toBeCloseTo(0.8, 6);
    expect(v.recall).toBeCloseTo(0.75, 6);
    expect(v.precision).toBeCloseTo(0.75, 6);
  });
});
