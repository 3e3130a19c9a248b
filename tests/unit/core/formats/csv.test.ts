import { describe, expect, it } from 'vitest';
import { createEntry, updateEntry, type Entry } from '../../../../src/core/annotations';
import { CSV_COLUMNS, csvCell, entriesToCsv, parseCsv } from '../../../../src/core/formats/csv';

// 2026-11-25T10:00:00.000Z
const now = Date.UTC(2026, 10, 25, 10, 0, 0);

function entries(): Entry[] {
  const question = updateEntry(
    createEntry('teacher_question', 3723.5, 'L1', now, 'q1'),
    { words: 'Why, "exactly"?', questionType: { openness: 'open', level: 'higher_order' }, addressedTo: 'named_pupil', response: 'answered', waitTime1: 2.4, waitTime2: 0.8, questionEnd: 3725.25, tags: ['wait time', 'open'] },
    now + 1000,
  );
  const pupil = updateEntry(createEntry('pupil_question', 30, 'L1', now, 'p1'), { to: 'peer', initiative: 'proactive', shows: '=SUM(A1:A9)' }, now);
  const incident = updateEntry(
    createEntry('incident', 100, 'L1', now, 'i1'),
    { incidentStart: 104, incidentEnd: 110.5, outcome: 120, valence: 'mixed', perspectives: { teacher: 'chose to wait' }, note: 'line one\nline two' },
    now,
  );
  const strength = updateEntry(createEntry('strength', 5, 'L1', now, 's1'), { end: 15, note: '-5', tags: ['@home', '+1'] }, now);
  return [question, pupil, incident, strength];
}

/** The parsed CSV as one record per row, keyed by column. */
function records(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

describe('csvCell', () => {
  it('quotes only what needs quoting and doubles quotes', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('')).toBe('');
  });
  it('guards against formulas but leaves numbers alone', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+44 20')).toBe("'+44 20");
    expect(csvCell('-HYPERLINK("x")')).toBe(`"'-HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('+2.5')).toBe('+2.5');
    expect(csvCell('1e3')).toBe('1e3');
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('entriesToCsv', () => {
  const text = entriesToCsv(entries(), { lessonTitle: 'Y8, set 2' });

  it('writes a header and one CRLF-terminated row per entry, in timeline order', () => {
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[0]).toBe(
      'lesson,id,kind,lens,time_seconds,time,end_seconds,end,note,tags,words,openness,level,addressed_to,response,wait_time_1,wait_time_2,wait_time_source,question_end_seconds,question_end,asked_to,initiative,shows,trigger_seconds,trigger,incident_start_seconds,incident_start,incident_end_seconds,incident_end,outcome_seconds,outcome,valence,perspectives,created_at,updated_at',
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(records(text).map((r) => r.id)).toEqual(['s1', 'p1', 'i1', 'q1']);
  });

  it('writes the strength row exactly', () => {
    // 35 columns: lesson … tags, 23 empty kind-specific cells (24 commas), then the two timestamps.
    const row = text.split('\r\n')[1];
    expect(row).toBe(`"Y8, set 2",s1,strength,strengths,5,00:00:05.000,15,00:00:15.000,-5,'@home; +1${','.repeat(24)}2026-11-25T10:00:00.000Z,2026-11-25T10:00:00.000Z`);
  });

  it('fills every teacher-question column', () => {
    const q = records(text).find((r) => r.id === 'q1')!;
    expect(q).toMatchObject({
      kind: 'teacher_question',
      lens: 'questions',
      time_seconds: '3723.5',
      time: '01:02:03.500',
      end_seconds: '',
      end: '',
      tags: 'wait time; open',
      words: 'Why, "exactly"?',
      openness: 'open',
      level: 'higher_order',
      addressed_to: 'named_pupil',
      response: 'answered',
      wait_time_1: '2.4',
      wait_time_2: '0.8',
      wait_time_source: 'coach',
      question_end_seconds: '3725.25',
      question_end: '01:02:05.250',
      asked_to: '',
      trigger: '',
      created_at: '2026-11-25T10:00:00.000Z',
      updated_at: '2026-11-25T10:00:01.000Z',
    });
  });

  it('fills the pupil-question columns and guards the formula-like text', () => {
    const p = records(text).find((r) => r.id === 'p1')!;
    expect(p).toMatchObject({ asked_to: 'peer', initiative: 'proactive', shows: "'=SUM(A1:A9)", words: '', wait_time_1: '' });
  });

  it('fills every incident column, with perspectives as JSON', () => {
    const i = records(text).find((r) => r.id === 'i1')!;
    expect(i).toMatchObject({
      time_seconds: '100',
      end_seconds: '120',
      note: 'line one\nline two',
      trigger_seconds: '100',
      trigger: '00:01:40.000',
      incident_start_seconds: '104',
      incident_start: '00:01:44.000',
      incident_end_seconds: '110.5',
      incident_end: '00:01:50.500',
      outcome_seconds: '120',
      outcome: '00:02:00.000',
      valence: 'mixed',
      perspectives: '{"teacher":"chose to wait"}',
    });
  });

  it('gives a header alone for no entries, and an empty lesson column without a title', () => {
    expect(entriesToCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(records(entriesToCsv(entries().slice(1, 2)))[0].lesson).toBe('');
  });
});

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, embedded line ends and both line-end styles', () => {
    expect(parseCsv('a,"b,c","say ""hi""","x\r\ny"\r\n1,,3\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'x\r\ny'],
      ['1', '', '3'],
    ]);
    expect(parseCsv('\uFEFFh1,h2\r\nv1,v2')).toEqual([
      ['h1', 'h2'],
      ['v1', 'v2'],
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reads back every cell entriesToCsv wrote', () => {
    const text = entriesToCsv(entries());
    const rows = parseCsv(text);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const q = records(text).find((r) => r.id === 'q1')!;
    expect(q.words).toBe('Why, "exactly"?');
  });
});
