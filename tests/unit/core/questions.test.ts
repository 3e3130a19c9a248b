import { describe, expect, it } from 'vitest';
import { createEntry, updateEntry, type Entry } from '../../../src/core/annotations';
import { measureWaitTimes, median, questionStats, withMeasuredWaitTimes, type VoiceTimeline } from '../../../src/core/questions';

/** A voice timeline of `length` seconds with voice in the given [start, end) spans. */
function timeline(length: number, spans: Array<[number, number]>, frameDuration = 0.1): VoiceTimeline {
  const speech = new Uint8Array(Math.round(length / frameDuration));
  for (const [start, end] of spans) speech.fill(1, Math.round(start / frameDuration), Math.round(end / frameDuration));
  return { frameDuration, speech };
}

// Question 0–3 s, 2 s wait, pupil answers 5–7 s, 1.5 s pause, teacher carries on 8.5–10 s.
const exchange = timeline(20, [[0, 3], [5, 7], [8.5, 10]]);
const expected = { questionEnd: 3, waitTime1: 2, waitTime2: 1.5, answerStart: 5, answerEnd: 7 };

describe('measureWaitTimes', () => {
  it('measures both wait times when the coach presses just after the question', () => {
    expect(measureWaitTimes(exchange, 3.4)).toEqual(expected);
  });

  it('finds the same question end when the press comes mid-question', () => {
    expect(measureWaitTimes(exchange, 1.2)).toEqual(expected);
  });

  it('looks back to the question when the press comes 2 s after it ended, in the wait', () => {
    const va = timeline(20, [[0, 3], [6.5, 8], [9, 10]]);
    expect(measureWaitTimes(va, 5)).toEqual({ questionEnd: 3, waitTime1: 3.5, waitTime2: 1, answerStart: 6.5, answerEnd: 8 });
  });

  it('ignores coughs and chair scrapes in the wait', () => {
    // A 0.2 s cough at 4 s and a 0.1 s scrape at 5 s; the pupil answers at 6 s.
    const va = timeline(20, [[0, 3], [4, 4.2], [5, 5.1], [6, 7], [8, 9]]);
    expect(measureWaitTimes(va, 3.5)).toMatchObject({ questionEnd: 3, waitTime1: 3, answerStart: 6 });
    // A press that lands on the cough is a press in silence.
    expect(measureWaitTimes(va, 4.1).questionEnd).toBe(3);
  });

  it('counts 0.3 s of sound as a voice (the shortest "yes")', () => {
    const va = timeline(20, [[0, 3], [4, 4.3], [8, 9]]);
    expect(measureWaitTimes(va, 3.5)).toMatchObject({ waitTime1: 1, answerStart: 4, answerEnd: 4.3, waitTime2: 3.7 });
  });

  it('bridges breaths under 0.25 s inside the question, but not a real pause', () => {
    // 0.2 s breath at 1.5 s: one question ending at 3 s.
    expect(measureWaitTimes(timeline(20, [[0, 1.5], [1.7, 3], [5, 6]]), 1).questionEnd).toBe(3);
    // 0.3 s pause: the run pressed in ends at 1.5 s and the next voice is 0.3 s later.
    expect(measureWaitTimes(timeline(20, [[0, 1.5], [1.8, 3], [5, 6]]), 1)).toMatchObject({ questionEnd: 1.5, waitTime1: 0.3 });
  });

  it('gives a wait of ~0 when talk runs back to back', () => {
    const va = timeline(20, [[0, 3], [3.3, 5], [5.5, 7]]);
    expect(measureWaitTimes(va, 2.9)).toEqual({ questionEnd: 3, waitTime1: 0.3, waitTime2: 0.5, answerStart: 3.3, answerEnd: 5 });
  });

  it('reports no wait time 1 when nobody speaks within 30 s', () => {
    expect(measureWaitTimes(timeline(60, [[0, 3]]), 3.5)).toEqual({ questionEnd: 3, waitTime1: null, waitTime2: null, answerStart: null, answerEnd: null });
    expect(measureWaitTimes(timeline(60, [[0, 3], [33.5, 35]]), 3.5).waitTime1).toBeNull();
    expect(measureWaitTimes(timeline(60, [[0, 3], [32.5, 35]]), 3.5).waitTime1).toBe(29.5);
  });

  it('keeps a pupil hesitating mid-answer in the answer, and ends it at the first longer pause', () => {
    // Answer 5–6 s, 0.4 s hesitation, 6.4–7 s, then 1.2 s before the teacher speaks.
    const va = timeline(20, [[0, 3], [5, 6], [6.4, 7], [8.2, 9]]);
    expect(measureWaitTimes(va, 3.5)).toMatchObject({ answerStart: 5, answerEnd: 7, waitTime2: 1.2 });
    // A 0.6 s hesitation ends the answer under the default 0.5 s rule, but stays inside it under a 0.8 s rule.
    const va2 = timeline(20, [[0, 3], [5, 6], [6.6, 7], [8.2, 9]]);
    expect(measureWaitTimes(va2, 3.5)).toMatchObject({ answerEnd: 6, waitTime2: 0.6 });
    expect(measureWaitTimes(va2, 3.5, { answerGap: 0.8 })).toMatchObject({ answerEnd: 7, waitTime2: 1.2 });
  });

  it('leaves wait time 2 unmeasured when nothing follows the answer, or the "answer" is talk carrying on', () => {
    expect(measureWaitTimes(timeline(60, [[0, 3], [5, 7]]), 3.5)).toMatchObject({ waitTime1: 2, answerEnd: 7, waitTime2: null });
    // 40 s of chatter with only short pauses: not one answer.
    const chatter: Array<[number, number]> = [[0, 3]];
    for (let t = 5; t < 45; t += 2) chatter.push([t, t + 1.7]);
    chatter.push([50, 52]);
    expect(measureWaitTimes(timeline(60, chatter), 3.5)).toMatchObject({ waitTime1: 2, waitTime2: null });
  });

  it('finds nothing when the press is in a long silence', () => {
    const va = timeline(20, [[0, 3], [12, 13]]);
    expect(measureWaitTimes(va, 7.5)).toEqual({ questionEnd: null, waitTime1: null, waitTime2: null, answerStart: null, answerEnd: null });
    expect(measureWaitTimes(va, 6.9).questionEnd).toBe(3);
  });

  it('works in seconds whatever the frame length', () => {
    const va = timeline(20, [[0, 3], [5, 7], [8.5, 10]], 0.05);
    expect(measureWaitTimes(va, 3.4)).toEqual(expected);
  });
});

describe('withMeasuredWaitTimes', () => {
  const m = { questionEnd: 3, waitTime1: 2, waitTime2: 1.5, answerStart: 5, answerEnd: 7 };
  it('stores a measurement as automatic', () => {
    const q = createEntry('teacher_question', 3.4, 'l', 0, 'q');
    expect(withMeasuredWaitTimes(q, m)).toMatchObject({ questionEnd: 3, waitTime1: 2, waitTime2: 1.5, waitTimeSource: 'auto' });
  });
  it("keeps the coach's corrected wait times", () => {
    const q = updateEntry(createEntry('teacher_question', 3.4, 'l', 0, 'q'), { waitTime1: 4 }, 0);
    expect(withMeasuredWaitTimes(q, m)).toMatchObject({ questionEnd: 3, waitTime1: 4, waitTime2: null, waitTimeSource: 'coach' });
  });
});

describe('questionStats', () => {
  let n = 0;
  const tq = (patch: Parameters<typeof updateEntry<Extract<Entry, { kind: 'teacher_question' }>>>[1]) =>
    updateEntry(createEntry('teacher_question', n * 10, 'l', 0, `t${n++}`), patch, 0);
  const pq = (patch: Parameters<typeof updateEntry<Extract<Entry, { kind: 'pupil_question' }>>>[1]) =>
    updateEntry(createEntry('pupil_question', n * 10, 'l', 0, `p${n++}`), patch, 0);

  const entries: Entry[] = [
    tq({ questionType: { openness: 'open', level: 'higher_order' }, waitTime1: 1, waitTime2: 0.6, response: 'answered', addressedTo: 'whole_class' }),
    tq({ questionType: { openness: 'open', level: 'recall' }, waitTime1: 3, waitTime2: 1.4, response: 'answered', addressedTo: 'named_pupil' }),
    tq({ questionType: { openness: 'closed', level: 'recall' }, waitTime1: 0.5, response: 'no_answer', addressedTo: 'hands_up' }),
    tq({}),
    tq({ questionType: { openness: 'closed', level: null }, waitTime1: 2, response: 'teacher_answered', addressedTo: 'no_hands_up' }),
    tq({ questionType: { openness: 'closed', level: 'higher_order' }, waitTime1: 4, response: 'answered', addressedTo: 'whole_class' }),
    pq({ initiative: 'proactive', to: 'teacher' }),
    pq({ initiative: 'proactive', to: 'peer' }),
    pq({ initiative: 'prompted', to: 'teacher' }),
    pq({ initiative: 'proactive' }),
    createEntry('strength', 5, 'l', 0, 's'),
  ];

  it('counts and rates questions over a 50-minute lesson', () => {
    const s = questionStats(entries, 3000);
    expect([s.teacherQuestions, s.pupilQuestions]).toEqual([6, 4]);
    expect(s.perTenMinutes.teacher).toBeCloseTo(1.2, 10);
    expect(s.perTenMinutes.pupil).toBeCloseTo(0.8, 10);
  });

  it('takes shares only over the questions the coach classified', () => {
    const s = questionStats(entries, 3000);
    // Open: 2 of 5 classified (one left open); higher-order: 2 of 4.
    expect([s.openShare, s.opennessClassified]).toEqual([0.4, 5]);
    expect([s.higherOrderShare, s.levelClassified]).toEqual([0.5, 4]);
  });

  it('takes medians over measured wait times only', () => {
    const s = questionStats(entries, 3000);
    // Wait time 1: 0.5, 1, 2, 3, 4 → 2. Wait time 2: 0.6, 1.4 → 1.
    expect([s.medianWaitTime1, s.waitTime1Measured]).toEqual([2, 5]);
    expect(s.medianWaitTime2).toBeCloseTo(1, 10);
    expect(s.waitTime2Measured).toBe(2);
  });

  it('breaks down responses, addressees and pupil questions', () => {
    const s = questionStats(entries, 3000);
    expect(s.response).toEqual({ answered: 3, no_answer: 1, teacher_answered: 1, unrecorded: 1 });
    expect(s.addressedTo).toEqual({ whole_class: 2, named_pupil: 1, hands_up: 1, no_hands_up: 1, unrecorded: 1 });
    expect(s.initiative).toEqual({ proactive: 3, prompted: 1, unrecorded: 0 });
    expect(s.to).toEqual({ teacher: 2, peer: 1, unrecorded: 1 });
  });

  it('says "not known" rather than 0 when there is nothing to base a figure on', () => {
    const s = questionStats([createEntry('strength', 5, 'l', 0, 's')], 0);
    expect(s.perTenMinutes).toEqual({ teacher: null, pupil: null });
    expect([s.openShare, s.higherOrderShare, s.medianWaitTime1, s.medianWaitTime2]).toEqual([null, null, null, null]);
  });

  it('takes the median of an even list as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });
});
