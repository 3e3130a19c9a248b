import { describe, expect, it } from 'vitest';
import { defaultProtection, pupilVoiceRanges, rangesSeconds, sharedLessonTitle, withoutKept, type VoiceTimeline } from '../../../src/core/privacy';

/**
 * A timeline at 0.1 s voice frames and 0.2 s teacher frames from a script: one character per 0.1 s,
 * 'T' the teacher, 'P' a pupil, '?' a voice the model did not place, '_' silence, 'h' a voice only the
 * model heard (placed as a pupil's).
 */
function timeline(script: string): VoiceTimeline {
  const speech = [...script].map((c) => (c === 'T' || c === 'P' || c === '?' ? 1 : 0));
  const probability = [];
  for (let i = 0; i < script.length; i += 2) {
    const pair = script.slice(i, i + 2);
    probability.push(pair.includes('T') ? 0.9 : pair.includes('P') || pair.includes('h') ? 0.1 : NaN);
  }
  return { frameDuration: 0.1, speech, teacher: { frameDuration: 0.2, probability } };
}

const NO_MARGINS = { leadSeconds: 0, tailSeconds: 0, joinSeconds: 0 };

describe('pupilVoiceRanges', () => {
  it('finds the pupils’ stretches between the teacher’s, in seconds from the clip’s start', () => {
    const voice = timeline('TTTTTT____PPPPPP____TTTT____PPPP__');
    expect(pupilVoiceRanges(voice, { start: 0, end: 3.4 }, NO_MARGINS)).toEqual([{ start: 1, end: 1.6 }, { start: 2.8, end: 3.2 }]);
    // The same lesson, a clip from 0.5 s: times count from the clip's start, and stop at its end.
    expect(pupilVoiceRanges(voice, { start: 0.5, end: 3 }, NO_MARGINS)).toEqual([{ start: 0.5, end: 1.1 }, { start: 2.3, end: 2.5 }]);
  });

  it('adds margins that never reach into the teacher’s voice, and joins close stretches', () => {
    const voice = timeline('TTTT__PPPP__PPPP______TTTT__PP__TT');
    const ranges = pupilVoiceRanges(voice, { start: 0, end: 3.4 }, { leadSeconds: 0.3, tailSeconds: 0.3, joinSeconds: 0.6 })!;
    // 0.6–1.0 and 1.2–1.6 join; the lead stops where the teacher stops (0.4), the tail runs 0.3 s on.
    expect(ranges[0]).toEqual({ start: 0.4, end: 1.9 });
    // Between two stretches of the teacher: the margins stop at both.
    expect(ranges[1]).toEqual({ start: 2.6, end: 3.2 });
    expect(ranges).toHaveLength(2);
  });

  it('does not join two pupils’ stretches with the teacher speaking between them', () => {
    const voice = timeline('PPPP__TT__PPPP');
    expect(pupilVoiceRanges(voice, { start: 0, end: 1.4 }, { leadSeconds: 0, tailSeconds: 0, joinSeconds: 1 })).toEqual([{ start: 0, end: 0.4 }, { start: 1, end: 1.4 }]);
  });

  it('silences a voice the model could not place unless its run of voice is the teacher’s, and a voice only the model heard', () => {
    // '?' next to the teacher in one run is the teacher's; a run of '?' alone is muted; 'h' (model only) is a pupil.
    const voice = timeline('TTTT??____????____hhhh__');
    expect(pupilVoiceRanges(voice, { start: 0, end: 2.4 }, NO_MARGINS)).toEqual([{ start: 1, end: 1.4 }, { start: 1.8, end: 2.2 }]);
  });

  it('mutes nothing in a clip where only the teacher speaks, and says when the analysis has no teacher-voice model', () => {
    expect(pupilVoiceRanges(timeline('TTTT__TTTT'), { start: 0, end: 1 })).toEqual([]);
    const old: VoiceTimeline = { frameDuration: 0.025, speech: [1, 1, 0] };
    expect(pupilVoiceRanges(old, { start: 0, end: 1 })).toBeNull();
  });

  it('keeps margins from just outside the clip', () => {
    // A pupil ends at 1.0 s; a clip from 1.1 s still silences the tail of the voice.
    const voice = timeline('TTTT__PPPP__TTTT');
    expect(pupilVoiceRanges(voice, { start: 1.1, end: 1.6 }, { leadSeconds: 0, tailSeconds: 0.3, joinSeconds: 0 })).toEqual([{ start: 0, end: 0.1 }]);
    expect(rangesSeconds([{ start: 0, end: 0.5 }, { start: 1, end: 1.25 }])).toBe(0.75);
  });

  it('leaves out the stretches the coach chose to keep audible', () => {
    const ranges = [{ start: 1, end: 2 }, { start: 3.25, end: 4 }];
    expect(withoutKept(ranges, [3.25])).toEqual([{ start: 1, end: 2 }]);
    expect(withoutKept(ranges, [])).toEqual(ranges);
  });
});

describe('sharedLessonTitle', () => {
  it('leaves out a title that is still the file’s own name, and keeps one the coach typed', () => {
    expect(sharedLessonTitle('Jane Doe reading lesson', 'Jane_Doe_reading_lesson.mp4')).toBe('');
    expect(sharedLessonTitle('Y8 science, questioning', 'Jane_Doe_reading_lesson.mp4')).toBe('Y8 science, questioning');
  });
});

describe('defaultProtection', () => {
  it('is on for sharing beyond the pair and off for the pair’s own copies', () => {
    expect(defaultProtection('beyond')).toEqual({ blurFaces: true, muteVoices: true });
    expect(defaultProtection('pair')).toEqual({ blurFaces: false, muteVoices: false });
  });
});
