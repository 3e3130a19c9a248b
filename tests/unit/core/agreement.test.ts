import { describe, expect, it } from 'vitest';
import { changedShare, cohensKappa, frameLabels, matchEvents, talkAgreement } from '../../../src/core/agreement';
import type { TalkLabel, TalkSegment } from '../../../src/core/talk';

const bands = (...parts: Array<[number, number, TalkLabel]>): TalkSegment[] => parts.map(([start, end, label]) => ({ start, end, label, confidence: 1 }));

// Worked by hand: 10 frames; 8 agree (po = 0.8). Marginals: automatic teacher talk 6, group work 4;
// coach teacher talk 4, discussion 2, group work 4. pe = (6·4 + 0·2 + 4·4) / 100 = 0.4; kappa = 0.4 / 0.6 = 2/3.
const auto = bands([0, 6, 'teacher_talk'], [6, 10, 'group_work']);
const coach = bands([0, 4, 'teacher_talk'], [4, 6, 'discussion'], [6, 10, 'group_work']);

describe('talkAgreement', () => {
  it('gives the percentage agreement and kappa worked out by hand', () => {
    const a = talkAgreement(auto, coach, 10);
    expect(a.frames).toBe(10);
    expect(a.agreedFrames).toBe(8);
    expect(a.percent).toBeCloseTo(0.8, 10);
    expect(a.kappa).toBeCloseTo(2 / 3, 10);
  });

  it('gives the confusion matrix in seconds per label pair', () => {
    const { confusion } = talkAgreement(auto, coach, 10);
    expect(confusion.teacher_talk.teacher_talk).toBe(4);
    expect(confusion.teacher_talk.discussion).toBe(2);
    expect(confusion.group_work.group_work).toBe(4);
    expect(confusion.discussion.teacher_talk).toBe(0);
  });

  it('gives each label against the rest (teacher talk: po 0.8, pe 0.48, kappa 0.32/0.52)', () => {
    const lines = Object.fromEntries(talkAgreement(auto, coach, 10).perLabel.map((l) => [l.label, l]));
    expect(Object.keys(lines)).toEqual(['teacher_talk', 'discussion', 'group_work']);
    expect(lines.teacher_talk).toMatchObject({ firstSeconds: 6, secondSeconds: 4, bothSeconds: 4 });
    expect(lines.teacher_talk.kappa).toBeCloseTo(0.32 / 0.52, 10);
    expect(lines.group_work.kappa).toBe(1);
    expect(lines.discussion.kappa).toBeCloseTo(0, 10);
  });

  it('is 1 for identical bands, even with a single label, and lower when labels are swapped', () => {
    expect(talkAgreement(auto, auto, 10).kappa).toBe(1);
    expect(talkAgreement(bands([0, 10, 'group_work']), bands([0, 10, 'group_work']), 10).kappa).toBe(1);
    const swapped = talkAgreement(auto, bands([0, 6, 'group_work'], [6, 10, 'teacher_talk']), 10);
    expect(swapped.percent).toBe(0);
    expect(swapped.kappa!).toBeLessThan(0);
  });

  it('counts a short last frame by its real length and leaves out frames one set does not cover', () => {
    const a = talkAgreement(bands([0, 10.5, 'teacher_talk']), bands([0, 2, 'teacher_talk'], [3, 10.5, 'discussion']), 10.5);
    expect(a.frames).toBe(10); // 11 frames, the one at 2–3 s has no coach band
    expect(a.confusion.teacher_talk.discussion).toBe(7.5);
    expect(a.confusion.teacher_talk.teacher_talk).toBe(2);
  });

  it('has no kappa when nothing is compared', () => {
    expect(talkAgreement([], coach, 10).kappa).toBeNull();
  });
});

describe('frameLabels', () => {
  it('reads each one-second frame at its middle', () => {
    expect(frameLabels(bands([0, 1.4, 'teacher_talk'], [1.4, 3, 'discussion']), 3)).toEqual(['teacher_talk', 'discussion', 'discussion']);
  });
});

describe('changedShare', () => {
  it('is the share of the lesson the coach relabelled', () => {
    expect(changedShare(auto, coach, 10)).toBeCloseTo(0.2, 10);
    expect(changedShare(auto, auto, 10)).toBe(0);
  });
});

describe('cohensKappa', () => {
  it('follows (po − pe) / (1 − pe)', () => {
    expect(cohensKappa(0.9, 0.5)).toBeCloseTo(0.8, 10);
  });
});

describe('matchEvents', () => {
  const e = (id: string, kind: string, time: number) => ({ id, kind, time });
  it('matches the closest pairs within the tolerance, each event once, and reports the rest', () => {
    // a1 at 10 could pair with b1 (11.5) or b2 (10.5): the closer b2 wins, b1 then pairs with a2 (12).
    // a3 at 30 has b3 at 32.5, too far; b4 is another kind.
    const first = [e('a1', 'strength', 10), e('a2', 'strength', 12), e('a3', 'strength', 30)];
    const second = [e('b1', 'strength', 11.5), e('b2', 'strength', 10.5), e('b3', 'strength', 32.5), e('b4', 'movement', 5)];
    const [strength, movement] = matchEvents(first, second);
    expect(strength).toEqual({
      kind: 'strength',
      first: 3,
      second: 3,
      matched: 2,
      precision: 2 / 3,
      recall: 2 / 3,
      unmatched: [
        { coder: 'first', time: 30, id: 'a3' },
        { coder: 'second', time: 32.5, id: 'b3' },
      ],
    });
    expect(movement).toMatchObject({ kind: 'movement', first: 0, second: 1, matched: 0, precision: 0, recall: null });
  });
  it('uses each event once, and pairs the closest first so that more events match', () => {
    expect(matchEvents([e('a1', 'k', 10), e('a2', 'k', 10.2)], [e('b1', 'k', 10.1)])[0]).toMatchObject({ matched: 1, unmatched: [{ coder: 'first', id: 'a2' }] });
    // Taking a1's nearest (b1) first would leave a2 without a partner; the closest pair a2–b1 goes first instead.
    expect(matchEvents([e('a1', 'k', 10), e('a2', 'k', 11.9)], [e('b1', 'k', 11.5), e('b2', 'k', 8.2)])[0].matched).toBe(2);
  });
  it('counts a pair exactly at the tolerance, and takes another tolerance', () => {
    expect(matchEvents([e('a', 'k', 0)], [e('b', 'k', 2)])[0].matched).toBe(1);
    expect(matchEvents([e('a', 'k', 0)], [e('b', 'k', 2)], 1)[0].matched).toBe(0);
  });
});
