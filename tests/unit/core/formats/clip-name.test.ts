import { describe, expect, it } from 'vitest';
import { clipFileName, fileNamePart, fileNameTime } from '../../../../src/core/formats/clip-name';

describe('clipFileName', () => {
  it('joins lesson, clip and time range with safe characters only', () => {
    expect(clipFileName('Y8 science', 'Questioning sequence', 725, 755)).toBe('Y8-science_Questioning-sequence_00-12-05_00-12-35.mp4');
  });
  it('drops accents and turns punctuation and slashes into single dashes', () => {
    expect(clipFileName('Élodie’s Y10 français / set 2', 'Wait time: 3 s?!', 3723.9, 3730.2)).toBe('Elodie-s-Y10-francais-set-2_Wait-time-3-s_01-02-03_01-02-10.mp4');
  });
  it('never gives an empty part', () => {
    expect(clipFileName('', '???', 0, 30)).toBe('lesson_clip_00-00-00_00-00-30.mp4');
    expect(clipFileName('数学', '  ', 1, 2)).toBe('lesson_clip_00-00-01_00-00-02.mp4');
  });
  it('keeps only safe characters whatever the input', () => {
    const name = clipFileName('a/b\\c:d*e?f"g<h>i|j\u0000k', '../../etc/passwd', 10, 20);
    expect(name).toMatch(/^[A-Za-z0-9_-]+\.mp4$/);
    expect(name).not.toContain('..');
  });
});

describe('fileNamePart', () => {
  it('cuts long titles without a trailing dash', () => {
    const part = fileNamePart('word '.repeat(40), 'lesson');
    expect(part.length).toBeLessThanOrEqual(60);
    expect(part.endsWith('-')).toBe(false);
  });
  it('cuts after a whole word, not inside one', () => {
    const part = fileNamePart('Strength at 0:50: Waits in silence till the class discussion starts on its own', 'clip');
    expect(part).toBe('Strength-at-0-50-Waits-in-silence-till-the-class-discussion');
    expect(fileNamePart('x'.repeat(80), 'clip')).toBe('x'.repeat(60));
  });
});

describe('fileNameTime', () => {
  it('rounds down to whole seconds and guards odd values', () => {
    expect(fileNameTime(59.999)).toBe('00-00-59');
    expect(fileNameTime(36_000)).toBe('10-00-00');
    expect(fileNameTime(-5)).toBe('00-00-00');
    expect(fileNameTime(Number.NaN)).toBe('00-00-00');
  });
});
