/**
 * Evidence as CSV for spreadsheets: one row per entry, times both in seconds and as hh:mm:ss.mmm,
 * RFC 4180 quoting with CRLF line ends, and cells guarded against formula injection.
 */
import { sortByTime, type Entry } from '../annotations';
import { formatTimestamp } from '../format';

/** Column names, in order; kind-specific columns are empty for other kinds. */
export const CSV_COLUMNS = [
  'lesson',
  'id',
  'kind',
  'lens',
  'time_seconds',
  'time',
  'end_seconds',
  'end',
  'note',
  'tags',
  'words',
  'openness',
  'level',
  'addressed_to',
  'response',
  'wait_time_1',
  'wait_time_2',
  'wait_time_source',
  'question_end_seconds',
  'question_end',
  'asked_to',
  'initiative',
  'shows',
  'trigger_seconds',
  'trigger',
  'incident_start_seconds',
  'incident_start',
  'incident_end_seconds',
  'incident_end',
  'outcome_seconds',
  'outcome',
  'valence',
  'perspectives',
  'created_at',
  'updated_at',
] as const;

/** One column's name. */
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const PURE_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A cell as written: spreadsheets run cells starting with = + - @ (or tab/CR) as formulas, so such
 * text gets a leading apostrophe (OWASP "CSV injection"); plain numbers such as -3 stay numbers.
 */
export function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) && !PURE_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

const seconds = (t: number | null | undefined) => (t == null ? '' : String(Math.round(t * 1000) / 1000));
const clock = (t: number | null | undefined) => (t == null ? '' : formatTimestamp(t));
const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

/** The cells of one entry, by column. */
function entryRow(entry: Entry, lessonTitle: string): Record<CsvColumn, string> {
  const row = Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as Record<CsvColumn, string>;
  Object.assign(row, {
    lesson: lessonTitle,
    id: entry.id,
    kind: entry.kind,
    lens: entry.lens,
    time_seconds: seconds(entry.time),
    time: clock(entry.time),
    end_seconds: seconds(entry.end),
    end: clock(entry.end),
    note: entry.note,
    tags: entry.tags.join('; '),
    created_at: iso(entry.createdAt),
    updated_at: iso(entry.updatedAt),
  });
  switch (entry.kind) {
    case 'teacher_question':
      Object.assign(row, {
        words: entry.words,
        openness: entry.questionType.openness ?? '',
        level: entry.questionType.level ?? '',
        addressed_to: entry.addressedTo ?? '',
        response: entry.response ?? '',
        wait_time_1: seconds(entry.waitTime1),
        wait_time_2: seconds(entry.waitTime2),
        wait_time_source: entry.waitTimeSource,
        question_end_seconds: seconds(entry.questionEnd),
        question_end: clock(entry.questionEnd),
      });
      break;
    case 'pupil_question':
      Object.assign(row, { asked_to: entry.to ?? '', initiative: entry.initiative ?? '', shows: entry.shows });
      break;
    case 'incident':
      Object.assign(row, {
        trigger_seconds: seconds(entry.trigger),
        trigger: clock(entry.trigger),
        incident_start_seconds: seconds(entry.incidentStart),
        incident_start: clock(entry.incidentStart),
        incident_end_seconds: seconds(entry.incidentEnd),
        incident_end: clock(entry.incidentEnd),
        outcome_seconds: seconds(entry.outcome),
        outcome: clock(entry.outcome),
        valence: entry.valence ?? '',
        perspectives: JSON.stringify(entry.perspectives),
      });
      break;
  }
  return row;
}

/** The entries as CSV text: a header row, then one row per entry in timeline order, CRLF after every row. */
export function entriesToCsv(entries: readonly Entry[], options: { lessonTitle?: string } = {}): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const entry of sortByTime(entries)) {
    const row = entryRow(entry, options.lessonTitle ?? '');
    lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  }
  return lines.map((line) => `${line}\r\n`).join('');
}

/** Read RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional BOM) into rows of cells; a final line end adds no row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(cell);
    rows.push(row);
    row = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0 || quoted) endRow();
  return rows;
}
