import { describe, expect, it } from 'vitest';
import { assDocument, assText, assTime } from '../../../../src/core/formats/ass';

describe('assTime', () => {
  it('writes h:mm:ss.cc', () => {
    expect(assTime(0)).toBe('0:00:00.00');
    expect(assTime(3723.456)).toBe('1:02:03.46');
    expect(assTime(-1)).toBe('0:00:00.00');
  });
});

describe('assText', () => {
  it('turns line breaks into \\N and trims', () => {
    expect(assText('  one\r\ntwo\nthree ')).toBe('one\\Ntwo\\Nthree');
  });
  it('keeps braces and backslashes from being read as commands', () => {
    expect(assText('{\\b1}bold?')).toBe('\\{\\\u200bb1\\}bold?');
    expect(assText('C:\\new')).toBe('C:\\\u200bnew');
  });
});

describe('assDocument', () => {
  const options = { width: 1280, height: 720, fontName: 'DejaVu Sans' };

  it('sizes the script to the video and names the shipped font', () => {
    const text = assDocument([], options);
    expect(text).toContain('PlayResX: 1280\nPlayResY: 720');
    expect(text).toMatch(/^Style: Caption,DejaVu Sans,40,/m);
    expect(text).not.toContain('Dialogue:');
  });
  it('writes one Dialogue per cue in time order, clipped to the clip and without empty ones', () => {
    const text = assDocument(
      [
        { start: 5, end: 9, text: 'second' },
        { start: -1, end: 2, text: 'first' },
        { start: 3, end: 4, text: '   ' },
        { start: 28, end: 40, text: 'last' },
        { start: 31, end: 33, text: 'after the end' },
      ],
      { ...options, duration: 30 },
    );
    const dialogues = text.split('\n').filter((line) => line.startsWith('Dialogue:'));
    expect(dialogues).toEqual([
      'Dialogue: 0,0:00:00.00,0:00:02.00,Caption,,0,0,0,,first',
      'Dialogue: 0,0:00:05.00,0:00:09.00,Caption,,0,0,0,,second',
      'Dialogue: 0,0:00:28.00,0:00:30.00,Caption,,0,0,0,,last',
    ]);
  });
  it('keeps commas in the text (the last field takes the rest of the line)', () => {
    expect(assDocument([{ start: 0, end: 1, text: 'yes, no, maybe' }], options)).toContain(',,yes, no, maybe');
  });
});
