import { describe, expect, it } from 'vitest';
import { createEntry, updateEntry, type Entry } from '../../../../src/core/annotations';
import { cuesForRange, cuesToWebVtt, entriesToWebVtt, entryCueText, escapeCueText, parseWebVtt } from '../../../../src/core/formats/webvtt';
import type { TalkSegment } from '../../../../src/core/talk';

const now = Date.UTC(2026, 10, 25, 10, 0, 0);

function entries(): Entry[] {
  const question = updateEntry(
    createEntry('teacher_question', 3723.5, 'L1', now, 'q1'),
    { words: 'Is 3 < 5 & why?', waitTime1: 2.43, waitTime2: 0.8, note: 'pause --> answer\n\n\nthen praise' },
    now,
  );
  const incident = updateEntry(createEntry('incident', 100, 'L1', now, 'i1'), { incidentStart: 104, incidentEnd: 110, outcome: 120, valence: 'positive' }, now);
  const strength = updateEntry(createEntry('strength', 10, 'L1', now, 's1'), { end: 25, note: 'clear model' }, now);
  const language = updateEntry(createEntry('language', 3, 'L1', now, 'l1'), { note: 'uses "photosynthesis"' }, now);
  return [question, incident, strength, language];
}

const segments: TalkSegment[] = [
  { start: 0, end: 41.2, label: 'teacher_talk', confidence: 0.9 },
  { start: 41.2, end: 3725, label: 'group_work', confidence: 0.8 },
];

describe('escapeCueText', () => {
  it('escapes markup characters, so no "-->" can appear, and drops blank lines', () => {
    expect(escapeCueText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(escapeCueText('x --> y')).toBe('x --&gt; y');
    expect(escapeCueText('one\r\n\r\n  two  \n\nthree')).toBe('one\ntwo\nthree');
  });
});

describe('entryCueText', () => {
  it('puts the kind, the words and the wait times first, then the note', () => {
    const [question, incident, , language] = entries();
    expect(entryCueText(question)).toBe('Teacher question: Is 3 < 5 & why? (wait time 1: 2.43 s, wait time 2: 0.8 s)\npause --> answer\n\n\nthen praise');
    expect(entryCueText(incident)).toBe('Critical incident (positive)');
    expect(entryCueText(language)).toBe('Language\nuses "photosynthesis"');
  });
});

describe('entriesToWebVtt', () => {
  it('writes the header, one cue per entry in time order, hh:mm:ss.mmm timings and escaped text', () => {
    expect(entriesToWebVtt(entries(), { lessonTitle: 'Y8 science' })).toBe(
      [
        'WEBVTT - Y8 science',
        '',
        'l1',
        '00:00:03.000 --> 00:00:07.000',
        'Language',
        'uses "photosynthesis"',
        '',
        's1',
        '00:00:10.000 --> 00:00:25.000',
        'Strength',
        'clear model',
        '',
        'i1',
        '00:01:40.000 --> 00:02:00.000',
        'Critical incident (positive)',
        '',
        'q1',
        '01:02:03.500 --> 01:02:07.500',
        'Teacher question: Is 3 &lt; 5 &amp; why? (wait time 1: 2.43 s, wait time 2: 0.8 s)',
        'pause --&gt; answer',
        'then praise',
        '',
      ].join('\n'),
    );
  });

  it('spans an incident from trigger to outcome, or to the end of the incident when no outcome was marked', () => {
    const open = updateEntry(createEntry('incident', 50, 'L1', now, 'i2'), { incidentStart: 52, incidentEnd: 58 }, now);
    expect(parseWebVtt(entriesToWebVtt([entries()[1], open])).cues.map((c) => [c.id, c.start, c.end])).toEqual([
      ['i2', 50, 58],
      ['i1', 100, 120],
    ]);
  });

  it('adds segment cues only when segments are given and not switched off, and caps moments at the lesson end', () => {
    const withSegments = parseWebVtt(entriesToWebVtt(entries(), { segments }));
    expect(withSegments.cues.map((c) => [c.id, c.start, c.end])).toEqual([
      ['segment-1', 0, 41.2],
      ['l1', 3, 7],
      ['s1', 10, 25],
      ['segment-2', 41.2, 3725],
      ['i1', 100, 120],
      // The question at 3723.5 would run to 3727.5; the lesson (last segment) ends at 3725.
      ['q1', 3723.5, 3725],
    ]);
    expect(withSegments.cues[0].text).toBe('Talk time: Teacher talk');
    const without = parseWebVtt(entriesToWebVtt(entries(), { segments, includeSegments: false }));
    expect(without.cues.map((c) => c.id)).toEqual(['l1', 's1', 'i1', 'q1']);
    expect(without.cues.at(-1)!.end).toBe(3725);
  });

  it('writes just the header for no cues', () => {
    expect(entriesToWebVtt([])).toBe('WEBVTT\n');
  });
});

describe('cuesToWebVtt', () => {
  it('keeps identifiers unique and on one line, and the title free of "-->"', () => {
    const text = cuesToWebVtt(
      [
        { id: 'a', start: 0, end: 1, text: 'x' },
        { id: 'a', start: 1, end: 2, text: 'y' },
        { id: 'b-->c\nd', start: 2, end: 3, text: 'z' },
      ],
      { title: 'one --> two\nthree' },
    );
    expect(text).toBe('WEBVTT - one → two three\n\na\n00:00:00.000 --> 00:00:01.000\nx\n\na-2\n00:00:01.000 --> 00:00:02.000\ny\n\nb→c d\n00:00:02.000 --> 00:00:03.000\nz\n');
  });
});

describe('cuesForRange', () => {
  it('times cues from the clip start and cuts them to the clip', () => {
    // Clip 98–112: the incident (100–120) is cut at 112; the strength (10–25) and the rest lie outside.
    expect(cuesForRange(entries(), 98, 112)).toEqual([{ id: 'i1', start: 2, end: 14, text: 'Critical incident (positive)' }]);
    // Clip 5–24.3: the language moment (3–7) starts before the clip, the strength runs past its end.
    expect(cuesForRange(entries(), 5, 24.3).map((c) => [c.id, c.start, c.end])).toEqual([
      ['l1', 0, 2],
      ['s1', 5, 19.3],
    ]);
    expect(cuesForRange(entries(), 7, 10)).toEqual([]);
  });
});

describe('parseWebVtt', () => {
  it('reads back the title and the cues, unescaping the text', () => {
    const parsed = parseWebVtt(entriesToWebVtt(entries(), { lessonTitle: 'Y8 science' }));
    expect(parsed.title).toBe('Y8 science');
    expect(parsed.cues.at(-1)).toEqual({ id: 'q1', start: 3723.5, end: 3727.5, text: 'Teacher question: Is 3 < 5 & why? (wait time 1: 2.43 s, wait time 2: 0.8 s)\npause --> answer\nthen praise' });
  });

  it('accepts CRLF, cues without identifiers, short timestamps and skips NOTE blocks', () => {
    const text = 'WEBVTT\r\n\r\nNOTE made by hand\r\n\r\n01:02.500 --> 01:04.000 align:start\r\nHello &amp; welcome\r\n';
    expect(parseWebVtt(text)).toEqual({ title: '', cues: [{ id: '', start: 62.5, end: 64, text: 'Hello & welcome' }] });
  });

  it('refuses text without the header', () => {
    expect(() => parseWebVtt('1\n00:00:00.000 --> 00:00:01.000\nx')).toThrow('This is not a WebVTT file: it must start with "WEBVTT".');
  });
});
