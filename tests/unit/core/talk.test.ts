import { describe, expect, it } from 'vitest';
import { isUnsure, mergeWithNext, moveBoundary, normalise, relabel, segmentAt, splitAt, talkBudget, unsureBands, UNSURE_CONFIDENCE, type TalkSegment } from '../../../src/core/talk';

const lesson: TalkSegment[] = [
  { start: 0, end: 600, label: 'teacher_talk', confidence: 0.9 },
  { start: 600, end: 1500, label: 'group_work', confidence: 0.8 },
  { start: 1500, end: 1800, label: 'discussion', confidence: 0.7 },
  { start: 1800, end: 3600, label: 'independent_work', confidence: 0.6 },
];

describe('talkBudget', () => {
  it('gives minutes and shares per label for the whole lesson', () => {
    expect(talkBudget(lesson)).toEqual([
      { label: 'teacher_talk', seconds: 600, share: 600 / 3600 },
      { label: 'discussion', seconds: 300, share: 300 / 3600 },
      { label: 'group_work', seconds: 900, share: 0.25 },
      { label: 'independent_work', seconds: 1800, share: 0.5 },
    ]);
  });
  it('counts only the overlap with a phase', () => {
    // A 20-minute phase from 5:00 to 25:00: 5 min teacher talk, 15 min group work.
    expect(talkBudget(lesson, 300, 1500)).toEqual([
      { label: 'teacher_talk', seconds: 300, share: 0.25 },
      { label: 'group_work', seconds: 900, share: 0.75 },
    ]);
  });
});

describe('corrections', () => {
  it('relabels with full confidence and joins equal neighbours', () => {
    const result = relabel(lesson, 1, 'teacher_talk');
    expect(result[0]).toEqual({ start: 0, end: 1500, label: 'teacher_talk', confidence: 1 * (900 / 1500) + 0.9 * (600 / 1500) });
    expect(result).toHaveLength(3);
  });
  it('splits at a time, refusing slivers', () => {
    const result = splitAt(lesson, 300);
    expect(result.slice(0, 2)).toEqual([
      { start: 0, end: 300, label: 'teacher_talk', confidence: 0.9 },
      { start: 300, end: 600, label: 'teacher_talk', confidence: 0.9 },
    ]);
    expect(splitAt(lesson, 599.8)).toEqual(lesson);
    expect(splitAt(lesson, 600)).toEqual(lesson);
  });
  it('merges with the next segment, the longer one giving the label', () => {
    expect(mergeWithNext(lesson, 0)[0]).toEqual({ start: 0, end: 1500, label: 'group_work', confidence: 0.8 });
    expect(mergeWithNext(lesson, 3)).toEqual(lesson);
  });
  it('moves a shared boundary, clamped so neither side vanishes', () => {
    const moved = moveBoundary(lesson, 0, 660);
    expect(moved[0].end).toBe(660);
    expect(moved[1].start).toBe(660);
    expect(moveBoundary(lesson, 0, 2000)[0].end).toBe(1499.5);
    expect(moveBoundary(lesson, 0, -5)[0].end).toBe(0.5);
  });
  it('normalises: sorted, no empty segments', () => {
    expect(normalise([lesson[1], { start: 0, end: 0, label: 'unclear', confidence: 0 }, lesson[0]])).toEqual([lesson[0], lesson[1]]);
  });
  it('finds the segment at a time', () => {
    expect(segmentAt(lesson, 0)).toBe(0);
    expect(segmentAt(lesson, 600)).toBe(1);
    expect(segmentAt(lesson, 3600)).toBe(-1);
  });
});

describe('unsure bands', () => {
  const bands: TalkSegment[] = [
    { start: 0, end: 60, label: 'teacher_talk', confidence: 0.95 },
    { start: 60, end: 90, label: 'discussion', confidence: UNSURE_CONFIDENCE - 0.2 },
    { start: 90, end: 200, label: 'group_work', confidence: UNSURE_CONFIDENCE - 0.1 },
    { start: 200, end: 210, label: 'no_audio', confidence: 0 },
  ];

  it('are the analysis bands below the confidence line, longest first; digital silence is never unsure', () => {
    expect(bands.map(isUnsure)).toEqual([false, true, true, false]);
    expect(unsureBands(bands)).toEqual([2, 1]);
  });

  it('a band the coach relabels is sure', () => {
    expect(unsureBands(relabel(bands, 1, 'independent_work'))).toEqual([2]);
  });
});

describe('correctedByCoach', () => {
  it('marks the bands the coach relabelled or moved, not the ones left as found', async () => {
    const { correctedByCoach, relabel, moveBoundary } = await import('../../../src/core/talk');
    const auto = [
      { start: 0, end: 10, label: 'teacher_talk' as const, confidence: 0.9 },
      { start: 10, end: 20, label: 'discussion' as const, confidence: 0.6 },
      { start: 20, end: 30, label: 'group_work' as const, confidence: 0.8 },
    ];
    expect(correctedByCoach(relabel(auto, 0, 'group_work'), auto)).toEqual([true, false, false]);
    expect(correctedByCoach(moveBoundary(auto, 1, 22), auto)).toEqual([false, true, true]);
  });
});
