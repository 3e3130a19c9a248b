/**
 * Evidence (and optionally talk-time segments) as WebVTT cues, usable as a subtitle track in any
 * player or in an exported clip; a minimal reader for round trips.
 */
import { KIND_NAMES, type Entry } from '../annotations';
import { formatTimestamp } from '../format';
import { LABEL_NAMES, type TalkSegment } from '../talk';

/** One cue; `text` is plain (unescaped) and may hold several lines. */
export interface VttCue {
  /** Cue identifier (the entry id, or `segment-N`). */
  id: string;
  /** Start, seconds. */
  start: number;
  /** End, seconds, after the start. */
  end: number;
  /** What the cue shows. */
  text: string;
}

/** How long a cue lasts for an entry that marks a moment rather than a range, in seconds. */
export const DEFAULT_CUE_SECONDS = 4;

/** Options for writing a lesson's WebVTT. */
export interface WebVttOptions {
  /** Talk-time segments (the corrected ones) to write as cues too. */
  segments?: readonly TalkSegment[];
  /** Whether to write the segments; true when segments are given, unless set to false. */
  includeSegments?: boolean;
  /** Shown in the header line. */
  lessonTitle?: string;
  /** Lesson length in seconds: moment cues never run past it (defaults to the last segment's end). */
  duration?: number;
}

const ms = (t: number) => Math.round(t * 1000) / 1000;
const seconds = (t: number) => `${Math.round(t * 100) / 100} s`;

/** The plain text shown for an entry: a title line (kind, words or what it shows, wait times), then the note. */
export function entryCueText(entry: Entry): string {
  let title: string = KIND_NAMES[entry.kind];
  switch (entry.kind) {
    case 'teacher_question': {
      if (entry.words.trim()) title += `: ${entry.words}`;
      const waits = [entry.waitTime1 != null ? `wait time 1: ${seconds(entry.waitTime1)}` : '', entry.waitTime2 != null ? `wait time 2: ${seconds(entry.waitTime2)}` : ''].filter(Boolean);
      if (waits.length) title += ` (${waits.join(', ')})`;
      break;
    }
    case 'pupil_question':
      if (entry.to) title += entry.to === 'peer' ? ' to a peer' : ' to the teacher';
      if (entry.shows.trim()) title += `: ${entry.shows}`;
      break;
    case 'incident':
      if (entry.valence) title += ` (${entry.valence})`;
      break;
  }
  return entry.note.trim() ? `${title}\n${entry.note}` : title;
}

/** Start and end of an entry's cue: its range, an incident from trigger to outcome, else a default length capped at `duration`. */
function entryTiming(entry: Entry, duration?: number): [number, number] {
  const start = entry.kind === 'incident' ? entry.trigger : entry.time;
  const marked = entry.kind === 'incident' ? (entry.outcome ?? entry.incidentEnd) : entry.end;
  if (marked != null && marked > start) return [start, marked];
  const cap = duration != null && duration > start ? duration : Number.POSITIVE_INFINITY;
  return [start, Math.min(start + DEFAULT_CUE_SECONDS, cap)];
}

/** One cue per entry, in timeline order. */
export function entryCues(entries: readonly Entry[], options: { duration?: number } = {}): VttCue[] {
  return sortCues(
    entries.map((entry) => {
      const [start, end] = entryTiming(entry, options.duration);
      return { id: entry.id, start, end, text: entryCueText(entry) };
    }),
  );
}

/** One cue per talk-time segment, named by its label. */
export function segmentCues(segments: readonly TalkSegment[]): VttCue[] {
  return segments.filter((s) => s.end > s.start).map((s, i) => ({ id: `segment-${i + 1}`, start: s.start, end: s.end, text: `Talk time: ${LABEL_NAMES[s.label]}` }));
}

/** WebVTT wants cues in order of their start times. */
function sortCues(cues: VttCue[]): VttCue[] {
  return cues.map((cue, i) => ({ cue, i })).sort((a, b) => a.cue.start - b.cue.start || a.cue.end - b.cue.end || a.i - b.i).map(({ cue }) => cue);
}

/** Cue text made safe: `&`, `<`, `>` escaped (so no "-->" survives), no blank lines inside a cue. */
export function escapeCueText(text: string): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A single line with no "-->" (for identifiers and the header). */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/-->/g, '→').trim();

/** Write cues as a WebVTT file (LF line ends), with unique identifiers and an optional title in the header. */
export function cuesToWebVtt(cues: readonly VttCue[], options: { title?: string } = {}): string {
  const title = options.title ? oneLine(options.title) : '';
  const used = new Set<string>();
  const blocks = cues.map((cue) => {
    let id = oneLine(cue.id);
    for (let n = 2; id && used.has(id); n++) id = `${oneLine(cue.id)}-${n}`;
    used.add(id);
    const timing = `${formatTimestamp(cue.start)} --> ${formatTimestamp(cue.end)}`;
    return [id, timing, escapeCueText(cue.text)].filter(Boolean).join('\n');
  });
  return [title ? `WEBVTT - ${title}` : 'WEBVTT', ...blocks].join('\n\n') + '\n';
}

/** A lesson's evidence as WebVTT: one cue per entry and, when given, one per talk-time segment, in time order. */
export function entriesToWebVtt(entries: readonly Entry[], options: WebVttOptions = {}): string {
  const segments = options.includeSegments === false ? [] : (options.segments ?? []);
  const duration = options.duration ?? (options.segments?.length ? Math.max(...options.segments.map((s) => s.end)) : undefined);
  const cues = sortCues([...entryCues(entries, { duration }), ...segmentCues(segments)]);
  return cuesToWebVtt(cues, { title: options.lessonTitle });
}

/** The entry cues overlapping the clip [start, end), cut to it and timed from the clip's start (for a clip's subtitle track). */
export function cuesForRange(entries: readonly Entry[], start: number, end: number): VttCue[] {
  return entryCues(entries, { duration: end })
    .filter((cue) => cue.end > start && cue.start < end)
    .map((cue) => ({ ...cue, start: ms(Math.max(cue.start, start) - start), end: ms(Math.min(cue.end, end) - start) }));
}

/** `hh:mm:ss.mmm` or `mm:ss.mmm` in seconds, or NaN. */
function parseTimestamp(text: string): number {
  const m = /^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$/.exec(text);
  if (!m) return Number.NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

const unescapeCueText = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');

/** Read a WebVTT file's title and cues (text unescaped); skips NOTE, STYLE and REGION blocks; throws when the header is missing. */
export function parseWebVtt(text: string): { title: string; cues: VttCue[] } {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n|\r/g, '\n');
  const header = /^WEBVTT(?:[ \t](.*))?(?:\n|$)/.exec(lines);
  if (!header) throw new Error('This is not a WebVTT file: it must start with "WEBVTT".');
  const title = (header[1] ?? '').replace(/^-\s*/, '').trim();
  const cues: VttCue[] = [];
  for (const block of lines.replace(/\n+$/, '').split(/\n{2,}/).slice(1)) {
    const rows = block.split('\n').filter((row, i) => i > 0 || row !== '');
    if (!rows.length || /^(NOTE|STYLE|REGION)(\s|$)/.test(rows[0])) continue;
    const timingIndex = rows[0].includes('-->') ? 0 : 1;
    const timing = /^(\S+)[ \t]+-->[ \t]+(\S+)/.exec(rows[timingIndex] ?? '');
    if (!timing) continue;
    const [start, end] = [parseTimestamp(timing[1]), parseTimestamp(timing[2])];
    if (!Number.isFinite(start) || !Number.isFinite(end)) continue;
    cues.push({ id: timingIndex === 1 ? rows[0] : '', start, end, text: unescapeCueText(rows.slice(timingIndex + 1).join('\n')) });
  }
  return { title, cues };
}
