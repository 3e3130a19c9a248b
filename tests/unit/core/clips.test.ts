import { describe, expect, it } from 'vitest';
import { clipCaptions, entryClipTitle, fastCutExtra, fastCutWarning, shortenAtWord, wholeClipTitle } from '../../../src/core/clips';
import { createEntry } from '../../../src/core/annotations';

const NOTE = 'Waits in silence till the class discussion starts on its own';
const strength = { ...createEntry('strength', 50, 'lesson-1', 0, 'e1'), note: NOTE };

describe('clip titles', () => {
  it('shortens at a word with an ellipsis, never mid-word', () => {
    expect(shortenAtWord('Waits in silence till the class discussion', 40)).toBe('Waits in silence till the class…');
    expect(shortenAtWord('short enough', 40)).toBe('short enough');
    expect(shortenAtWord('one  two\nthree', 40)).toBe('one two three');
    // A single very long word is cut inside it rather than leaving nothing.
    expect(shortenAtWord('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(shortenAtWord('Waits, then names a pupil who', 13)).toBe('Waits, then…');
  });

  it('titles a clip around an entry with its kind, time and note, at most 60 characters', () => {
    const title = entryClipTitle(strength);
    expect(title).toBe('Strength at 0:50: Waits in silence till the class…');
    expect(title.length).toBeLessThanOrEqual(60);
    expect(entryClipTitle({ ...strength, note: '' })).toBe('Strength at 0:50');
  });

  it('gives the whole title back from the entry, for a title shortened at a word or cut mid-word by older versions', () => {
    const whole = `Strength at 0:50: ${NOTE}`;
    expect(wholeClipTitle({ title: entryClipTitle(strength), annotationIds: ['e1'] }, [strength])).toBe(whole);
    expect(wholeClipTitle({ title: `Strength at 0:50: ${NOTE.slice(0, 40)}`, annotationIds: ['e1'] }, [strength])).toBe(whole);
    // A title the coach wrote, or an entry that is gone, stays as it is.
    expect(wholeClipTitle({ title: 'Wait time', annotationIds: ['e1'] }, [strength])).toBe('Wait time');
    expect(wholeClipTitle({ title: 'Strength at 0:50: Waits…', annotationIds: ['gone'] }, [strength])).toBe('Strength at 0:50: Waits…');
  });
});

describe('clipCaptions', () => {
  it("uses the entries' cues inside the clip", () => {
    const cues = clipCaptions([strength], { title: 'Clip', start: 45, end: 55 });
    expect(cues).toHaveLength(1);
    expect(cues[0].start).toBeCloseTo(5, 6);
    expect(cues[0].text).toContain('Waits in silence');
  });
  it('captions a clip with no entries in it with its title, over the whole clip', () => {
    expect(clipCaptions([strength], { title: 'Clip 1:40–1:48', start: 100, end: 108 })).toEqual([{ start: 0, end: 8, text: 'Clip 1:40–1:48' }]);
    expect(clipCaptions([], { title: '  ', start: 100, end: 108 })).toEqual([{ start: 0, end: 8, text: 'Clip 1:40–1:48' }]);
  });
});

describe('fast cut warning', () => {
  const clip = { start: 100, end: 108 };
  it('measures what a keyframe cut adds before and after', () => {
    expect(fastCutExtra(clip, { actualStart: 75, actualEnd: 108.04 })).toEqual({ before: 25, after: expect.closeTo(0.04, 9) });
    expect(fastCutExtra(clip, { actualStart: 100, actualEnd: 108 })).toEqual({ before: 0, after: 0 });
  });
  it('warns over 2 s added, names the keyframe and suggests exact', () => {
    expect(fastCutWarning(clip, { actualStart: 75, actualEnd: 108.08 })).toBe(
      'Fast export adds 25.1 s to this clip: it starts 25.0 s early, at the keyframe at 1:15 and ends 0.1 s late. Choose exact export to get 1:40–1:48.',
    );
    expect(fastCutWarning(clip, { actualStart: 98, actualEnd: 108 })).toBeNull();
    expect(fastCutWarning(clip, { actualStart: 98.5, actualEnd: 111 })).toBe(
      'Fast export adds 4.5 s to this clip: it starts 1.5 s early, at the keyframe at 1:38 and ends 3.0 s late. Choose exact export to get 1:40–1:48.',
    );
  });
});
