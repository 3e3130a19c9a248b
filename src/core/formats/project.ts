/**
 * The project file (`*.reframe.json`): lossless and versioned. Writes everything stored about a
 * lesson except the video, reads it back with validation in plain words, migrates older versions
 * and checks that a project belongs to the video it is imported onto.
 */
import {
  ENTRY_KINDS,
  ENTRY_SCHEMA_VERSION,
  KIND_NAMES,
  sortByTime,
  validateEntry,
  type AddressedTo,
  type Entry,
  type EntryKind,
  type QuestionResponse,
  type Valence,
} from '../annotations';
import { formatClock, formatTimestamp } from '../format';
import { STEP_STATUSES, type StepReview } from '../cycles';
import { isLensId, type LensId } from '../lenses';
import type { PlanPhase } from '../plan';
import { TALK_LABELS, type TalkLabel, type TalkSegment } from '../talk';

/** Format identifier written in every project file. */
export const PROJECT_FORMAT = 'reframe.project';
/** Current version of the project file; files with a higher version are refused. */
export const PROJECT_VERSION = 1;

/** Lesson metadata as written to the project. */
export interface ProjectLesson {
  /** The lesson's title. */
  title: string;
  /** Teacher's name. */
  teacher: string;
  /** Subject taught. */
  subject: string;
  /** Lesson date, YYYY-MM-DD, or '' when unknown. */
  date: string;
  /** Length of the video in seconds. */
  duration: number;
  /** Fingerprint of the video file (see core/fingerprint.ts). */
  fingerprint: string;
  /** Name of the imported video file. */
  fileName: string;
}

/** Talk-time segments: the automatic result and the coach's version. */
export interface ProjectSegments {
  /** What the analysis produced. */
  auto: TalkSegment[];
  /** The coach's corrections; equal to `auto` when there were none. */
  corrected: TalkSegment[];
  /** False when the coach corrected nothing (so an import stores no corrections). */
  correctedByCoach: boolean;
  /** Version of the segmenter that produced `auto`, or null when unknown. */
  algorithmVersion: number | null;
}

/** The coach's pre-watch settings. */
export interface ProjectPrewatch {
  /** Minutes available for pre-watching, or null when not planning a pre-watch. */
  minutes: number | null;
  /** Speeds the coach fixed per talk label. */
  overrides: Partial<Record<TalkLabel, number>>;
}

/** An extract selected for the meeting. */
export interface ProjectClip {
  /** Unique within the project. */
  id: string;
  /** The coach's title. */
  title: string;
  /** Start, seconds from the start of the video. */
  start: number;
  /** End, seconds from the start of the video. */
  end: number;
  /** Ids of the annotations the clip shows. */
  annotationIds: string[];
  /** Position in the clip list (0 first). */
  order: number;
  /** How many times the clip was replayed in the meeting. */
  replayCount: number;
  /** One note per perspective id (e.g. `teacher`, `pupils`). */
  perspectiveNotes: Record<string, string>;
}

/** One agreed action step. */
export interface ProjectActionStep {
  /** Unique within the meeting, when the app gave one. */
  id?: string;
  /** What will be done, precisely. */
  text: string;
  /** Who does it. */
  owner: string;
  /** Due date, YYYY-MM-DD, or '' when none. */
  due: string;
}

/** A note added during the meeting. */
export interface ProjectMeetingNote {
  /** Unique within the meeting. */
  id: string;
  /** Who wrote it. */
  author: 'coach' | 'teacher';
  /** The note. */
  text: string;
  /** Milliseconds since the epoch, like entries' `createdAt`. */
  createdAt: number;
}

/** The meeting record. */
export interface ProjectMeeting {
  /** The focus agreed. */
  focus: string;
  /** Action steps, in the order agreed. */
  actionSteps: ProjectActionStep[];
  /** Next meeting date, YYYY-MM-DD, or null. */
  nextMeeting: string | null;
  /** Notes by either person. */
  notes: ProjectMeetingNote[];
}

/**
 * The coaching cycle a lesson belongs to, with its coachee (issue 22). Optional: files of loose
 * lessons, and every file written before cycles existed, have none.
 */
export interface ProjectCycle {
  /** The cycle's id, kept so the lessons of one cycle restore into one cycle. */
  id: string;
  /** The teacher being coached: their id and their name or pseudonym. */
  coachee: { id: string; name: string };
  /** The pre-lesson focus, in the teacher's words. */
  focus: string;
  /** The theme guide chosen, or null. */
  themeId: string | null;
  /** Lenses agreed for the lesson. */
  lenses: LensId[];
  /** Practice evidence agreed to collect. */
  evidenceToCollect: string[];
  /** Reviews of the previous cycle's action steps; `entryId` names an annotation of a lesson of this cycle, or is null. */
  stepReviews: StepReview[];
  /** When the cycle was created, milliseconds since the epoch. */
  createdAt: number;
}

/** A lesson's project as written to disk (PRODUCT.md, "Formats"). */
export interface ProjectFile {
  /** Always PROJECT_FORMAT. */
  format: typeof PROJECT_FORMAT;
  /** PROJECT_VERSION at the time of writing. */
  version: number;
  /** When the file was written (ISO 8601), or '' when the file did not say. */
  exportedAt: string;
  /** Lesson metadata. */
  lesson: ProjectLesson;
  /** Talk-time segments. */
  segments: ProjectSegments;
  /** Every evidence entry, all fields (the project minimum names are the entry's own). */
  annotations: Entry[];
  /** Plan phases with planned minutes and marked boundaries. */
  plan: PlanPhase[];
  /** Pre-watch settings. */
  prewatch: ProjectPrewatch;
  /** Clips, in list order. */
  clips: ProjectClip[];
  /** The meeting record. */
  meeting: ProjectMeeting;
  /** The coaching cycle the lesson belongs to; absent for a loose lesson. */
  cycle?: ProjectCycle;
}

/** What a project is built from; everything after `algorithmVersion` is optional and defaults to empty. */
export interface ProjectSource {
  /** Lesson metadata. */
  lesson: ProjectLesson;
  /** Automatic talk-time segments. */
  autoSegments: readonly TalkSegment[];
  /** The coach's corrections, or null when there are none. */
  correctedSegments: readonly TalkSegment[] | null;
  /** Version of the segmenter, or null. */
  algorithmVersion: number | null;
  /** Evidence entries. */
  entries?: readonly Entry[];
  /** Plan phases. */
  plan?: readonly PlanPhase[];
  /** Pre-watch settings. */
  prewatch?: ProjectPrewatch;
  /** Clips. */
  clips?: readonly ProjectClip[];
  /** The meeting record (missing parts are empty). */
  meeting?: Partial<ProjectMeeting>;
  /** The lesson's coaching cycle, or null/absent for a loose lesson (then the file has no `cycle`). */
  cycle?: ProjectCycle | null;
}

const round = (t: number) => Math.round(t * 1000) / 1000;
const cleanSegment = (s: TalkSegment): TalkSegment => ({ start: round(s.start), end: round(s.end), label: s.label, confidence: Math.round(s.confidence * 1000) / 1000 });
// A JSON copy rather than structuredClone: callers may pass Svelte state proxies, which can't be cloned.
const plainCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Build the project object; when the coach made no corrections, `corrected` equals `auto`. */
export function buildProject(source: ProjectSource, now = new Date()): ProjectFile {
  const auto = source.autoSegments.map(cleanSegment);
  const meeting = source.meeting ?? {};
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    exportedAt: now.toISOString(),
    lesson: { ...source.lesson, duration: round(source.lesson.duration) },
    segments: {
      auto,
      corrected: source.correctedSegments ? source.correctedSegments.map(cleanSegment) : auto.map((s) => ({ ...s })),
      correctedByCoach: source.correctedSegments != null,
      algorithmVersion: source.algorithmVersion,
    },
    annotations: plainCopy(sortByTime(source.entries ?? [])),
    plan: plainCopy([...(source.plan ?? [])]),
    prewatch: plainCopy(source.prewatch ?? { minutes: null, overrides: {} }),
    clips: plainCopy([...(source.clips ?? [])].sort((a, b) => a.order - b.order)),
    meeting: plainCopy({ focus: meeting.focus ?? '', actionSteps: meeting.actionSteps ?? [], nextMeeting: meeting.nextMeeting ?? null, notes: meeting.notes ?? [] }),
    ...(source.cycle ? { cycle: plainCopy(source.cycle) } : {}),
  };
}

/** File name for a project: the lesson title made safe, then `.reframe.json`. */
export function projectFileName(title: string): string {
  const safe = title.normalize('NFKD').replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-').slice(0, 80) || 'lesson';
  return `${safe}.reframe.json`;
}

// ---------------------------------------------------------------------------------------------
// Migration

/** One step that rewrites a project file of version `from` into version `to`. */
export interface ProjectMigration {
  /** Version the step reads. */
  from: number;
  /** Version the step writes (greater than `from`). */
  to: number;
  /** Rewrites the parsed JSON; receives and returns plain objects, never mutates its input. */
  migrate: (project: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * Steps from older versions, applied in order. Version 1 is the first published version, so the
 * list is empty; a future version 2 adds `{ from: 1, to: 2, migrate }` here and never edits it again.
 */
export const PROJECT_MIGRATIONS: readonly ProjectMigration[] = [];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Bring a parsed project up to PROJECT_VERSION by applying each step whose `from` is the file's version; anything unreadable is returned as is for the validator to report. */
export function migrateProject(raw: unknown, steps: readonly ProjectMigration[] = PROJECT_MIGRATIONS): unknown {
  if (!isRecord(raw)) return raw;
  let project = raw;
  for (;;) {
    const version = project.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version >= PROJECT_VERSION) return project;
    const step = steps.find((s) => s.from === version && s.to > version);
    if (!step) return project;
    project = { ...step.migrate(project), version: step.to };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Result of reading a project file: the project and things worth telling the coach, or the errors. */
export type ParseProjectResult = { ok: true; project: ProjectFile; warnings: string[] } | { ok: false; errors: string[] };

/** Most errors listed before the rest are summed up: a wrong file would otherwise list hundreds. */
const MAX_ERRORS = 25;

const ADDRESSED_TO: readonly AddressedTo[] = ['whole_class', 'named_pupil', 'hands_up', 'no_hands_up'];
const RESPONSES: readonly QuestionResponse[] = ['answered', 'no_answer', 'teacher_answered'];
const VALENCES: readonly Valence[] = ['positive', 'negative', 'mixed'];

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** How a found value is named in a message. */
function found(value: unknown): string {
  if (value === undefined) return 'it is missing';
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) shown = String(value);
  return `it is ${shown.length > 40 ? `${shown.slice(0, 37)}…` : shown}`;
}

/** Collects problems with their place in the file, and reads typed values with fallbacks. */
class Reader {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  fail(path: string, expected: string, value: unknown): void {
    this.errors.push(`${path} must be ${expected}, but ${found(value)}`);
  }

  record(path: string, value: unknown): Record<string, unknown> {
    if (isRecord(value)) return value;
    this.fail(path, 'an object', value);
    return {};
  }

  list(path: string, value: unknown): unknown[] {
    if (Array.isArray(value)) return value;
    this.fail(path, 'a list', value);
    return [];
  }

  text(path: string, value: unknown): string {
    if (typeof value === 'string') return value;
    this.fail(path, 'text', value);
    return '';
  }

  id(path: string, value: unknown): string {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.fail(path, 'a non-empty text id', value);
    return '';
  }

  time(path: string, value: unknown): number {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    this.fail(path, 'a number of seconds ≥ 0', value);
    // NaN, so that ordering checks against a time already reported stay quiet.
    return Number.NaN;
  }

  timeOrNull(path: string, value: unknown): number | null {
    if (value === null) return null;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    this.fail(path, 'a number of seconds ≥ 0 or null', value);
    return null;
  }

  number(path: string, value: unknown, expected: string, ok: (n: number) => boolean): number {
    if (typeof value === 'number' && Number.isFinite(value) && ok(value)) return value;
    this.fail(path, expected, value);
    return Number.NaN;
  }

  oneOf<T extends string>(path: string, value: unknown, options: readonly T[], nullable: boolean): T | null {
    if (nullable && value === null) return null;
    if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
    this.fail(path, `one of ${options.join(', ')}${nullable ? ' or null' : ''}`, value);
    return null;
  }

  date(path: string, value: unknown, allow: '' | null): string | null {
    if (value === allow) return allow;
    if (typeof value === 'string' && isIsoDate(value)) return value;
    this.fail(path, `a date written YYYY-MM-DD${allow === '' ? " or ''" : ' or null'}`, value);
    return allow;
  }

  textMap(path: string, value: unknown): Record<string, string> {
    const map = this.record(path, value);
    const out: Record<string, string> = {};
    for (const [key, text] of Object.entries(map)) out[key] = this.text(`${path}.${key}`, text);
    return out;
  }

  textList(path: string, value: unknown): string[] {
    return this.list(path, value).map((v, i) => this.text(`${path}[${i}]`, v));
  }

  /** `range.end` must not come before `range.start`. */
  order(path: string, startName: string, start: number, endName: string, end: number | null | undefined): void {
    if (end != null && end < start) this.errors.push(`${path}.${endName} must not come before ${path}.${startName} (${end} s is before ${start} s)`);
  }

  /** Errors when an id repeats within one list. */
  unique(path: string, ids: readonly (string | undefined)[]): void {
    const first = new Map<string, number>();
    ids.forEach((id, i) => {
      if (id === undefined || id === '') return;
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, i);
      else this.errors.push(`${path}[${i}].id "${id}" is used twice (also by ${path}[${earlier}])`);
    });
  }
}

/** Optional field: its default when absent, else the reader's value. */
function optional<T>(obj: Record<string, unknown>, key: string, fallback: T, read: (value: unknown) => T): T {
  return obj[key] === undefined ? fallback : read(obj[key]);
}

function readSegments(r: Reader, path: string, value: unknown): TalkSegment[] {
  return r.list(path, value).map((raw, i) => {
    const p = `${path}[${i}]`;
    const s = r.record(p, raw);
    const start = r.time(`${p}.start`, s.start);
    const end = r.time(`${p}.end`, s.end);
    r.order(p, 'start', start, 'end', end);
    const label = r.oneOf(`${p}.label`, s.label, TALK_LABELS, false) ?? 'unclear';
    const confidence = r.number(`${p}.confidence`, s.confidence, 'a number from 0 to 1', (n) => n >= 0 && n <= 1);
    return { start, end, label, confidence };
  });
}

function readEntry(r: Reader, path: string, raw: unknown): Entry | null {
  const before = r.errors.length;
  const e = r.record(path, raw);
  const kind = r.oneOf(`${path}.kind`, e.kind, ENTRY_KINDS, false) as EntryKind | null;
  const lens = isLensId(e.lens) ? e.lens : (r.fail(`${path}.lens`, 'a lens id (e.g. questions, incidents)', e.lens), 'questions');
  const time = r.time(`${path}.time`, e.time);
  const schemaVersion = optional(e, 'schemaVersion', ENTRY_SCHEMA_VERSION, (v) =>
    r.number(`${path}.schemaVersion`, v, `a whole number up to ${ENTRY_SCHEMA_VERSION}`, (n) => Number.isInteger(n) && n >= 0 && n <= ENTRY_SCHEMA_VERSION),
  );
  const base = {
    id: r.id(`${path}.id`, e.id),
    lessonId: optional(e, 'lessonId', '', (v) => r.text(`${path}.lessonId`, v)),
    lens,
    time,
    note: r.text(`${path}.note`, e.note),
    tags: r.textList(`${path}.tags`, e.tags),
    createdAt: optional(e, 'createdAt', 0, (v) => r.number(`${path}.createdAt`, v, 'milliseconds since 1970', () => true)),
    updatedAt: optional(e, 'updatedAt', 0, (v) => r.number(`${path}.updatedAt`, v, 'milliseconds since 1970', () => true)),
    schemaVersion,
  };
  // Keep `end` absent when the file left it out, so a round trip gives the same object.
  const withEnd = e.end === undefined ? base : { ...base, end: r.timeOrNull(`${path}.end`, e.end) };
  let entry: Entry | null = null;
  switch (kind) {
    case 'teacher_question': {
      const type = optional(e, 'questionType', { openness: null, level: null } as Record<string, unknown>, (v) => r.record(`${path}.questionType`, v));
      entry = {
        ...withEnd,
        kind,
        words: optional(e, 'words', '', (v) => r.text(`${path}.words`, v)),
        questionType: {
          openness: optional(type, 'openness', null, (v) => r.oneOf(`${path}.questionType.openness`, v, ['open', 'closed'] as const, true)),
          level: optional(type, 'level', null, (v) => r.oneOf(`${path}.questionType.level`, v, ['recall', 'higher_order'] as const, true)),
        },
        addressedTo: optional(e, 'addressedTo', null, (v) => r.oneOf(`${path}.addressedTo`, v, ADDRESSED_TO, true)),
        response: optional(e, 'response', null, (v) => r.oneOf(`${path}.response`, v, RESPONSES, true)),
        waitTime1: r.timeOrNull(`${path}.waitTime1`, e.waitTime1),
        waitTime2: r.timeOrNull(`${path}.waitTime2`, e.waitTime2),
        waitTimeSource: r.oneOf(`${path}.waitTimeSource`, e.waitTimeSource, ['auto', 'coach'] as const, false) ?? 'auto',
        questionEnd: optional(e, 'questionEnd', null, (v) => r.timeOrNull(`${path}.questionEnd`, v)),
      };
      break;
    }
    case 'pupil_question':
      entry = {
        ...withEnd,
        kind,
        to: optional(e, 'to', null, (v) => r.oneOf(`${path}.to`, v, ['teacher', 'peer'] as const, true)),
        initiative: optional(e, 'initiative', null, (v) => r.oneOf(`${path}.initiative`, v, ['proactive', 'prompted'] as const, true)),
        shows: optional(e, 'shows', '', (v) => r.text(`${path}.shows`, v)),
      };
      break;
    case 'incident': {
      const trigger = r.time(`${path}.trigger`, e.trigger);
      const incidentEnd = optional(e, 'incidentEnd', null, (v) => r.timeOrNull(`${path}.incidentEnd`, v));
      const outcome = r.timeOrNull(`${path}.outcome`, e.outcome);
      entry = {
        ...withEnd,
        kind,
        trigger,
        incidentStart: optional(e, 'incidentStart', trigger, (v) => r.time(`${path}.incidentStart`, v)),
        incidentEnd,
        outcome,
        valence: optional(e, 'valence', null, (v) => r.oneOf(`${path}.valence`, v, VALENCES, true)),
        perspectives: optional(e, 'perspectives', {}, (v) => r.textMap(`${path}.perspectives`, v)),
      };
      break;
    }
    case null:
      break;
    default:
      entry = { ...withEnd, kind };
  }
  if (!entry || r.errors.length > before) return null;
  if (entry.kind === 'incident') {
    // time/end mirror the marks (see IncidentEntry); another tool may not have kept them in step.
    const end = entry.outcome ?? entry.incidentEnd ?? null;
    if (entry.time !== entry.trigger || (entry.end ?? null) !== end) {
      r.warnings.push(`${path}: time and end were set to the incident's trigger and outcome`);
      entry = { ...entry, time: entry.trigger, end };
    }
  }
  const problem = validateEntry(entry);
  if (problem) {
    r.errors.push(`${path} (${KIND_NAMES[entry.kind].toLowerCase()} at ${formatTimestamp(entry.time)}): ${problem}`);
    return null;
  }
  return entry;
}

function readPlan(r: Reader, value: unknown): PlanPhase[] {
  const phases = r.list('plan', value).map((raw, i) => {
    const p = `plan[${i}]`;
    const s = r.record(p, raw);
    // The published minimum has no id; phases from other tools get one from their position.
    const phase: PlanPhase = {
      id: optional(s, 'id', `phase-${i + 1}`, (v) => r.id(`${p}.id`, v)),
      name: r.text(`${p}.name`, s.name),
      plannedMinutes: r.number(`${p}.plannedMinutes`, s.plannedMinutes, 'a number of minutes ≥ 0', (n) => n >= 0),
    };
    if (s.start !== undefined) phase.start = r.timeOrNull(`${p}.start`, s.start);
    if (s.end !== undefined) phase.end = r.timeOrNull(`${p}.end`, s.end);
    if (phase.start != null) r.order(p, 'start', phase.start, 'end', phase.end);
    return phase;
  });
  r.unique('plan', phases.map((p) => p.id));
  return phases;
}

function readPrewatch(r: Reader, value: unknown): ProjectPrewatch {
  if (value === undefined) return { minutes: null, overrides: {} };
  const s = r.record('prewatch', value);
  const minutes = s.minutes == null ? null : r.number('prewatch.minutes', s.minutes, 'a number of minutes > 0 or null', (n) => n > 0);
  const overrides: Partial<Record<TalkLabel, number>> = {};
  for (const [label, rate] of Object.entries(optional(s, 'overrides', {}, (v) => r.record('prewatch.overrides', v)))) {
    const p = `prewatch.overrides.${label}`;
    if (!(TALK_LABELS as readonly string[]).includes(label)) {
      r.errors.push(`${p} names no talk label: the labels are ${TALK_LABELS.join(', ')}`);
      continue;
    }
    overrides[label as TalkLabel] = r.number(p, rate, 'a playback speed > 0', (n) => n > 0);
  }
  return { minutes, overrides };
}

function readClips(r: Reader, value: unknown, entryIds: ReadonlySet<string>): ProjectClip[] {
  const clips = r.list('clips', value).map((raw, i): ProjectClip => {
    const p = `clips[${i}]`;
    const s = r.record(p, raw);
    const start = r.time(`${p}.start`, s.start);
    const end = r.time(`${p}.end`, s.end);
    r.order(p, 'start', start, 'end', end);
    const annotationIds = r.textList(`${p}.annotationIds`, s.annotationIds).filter((id, k) => {
      if (entryIds.has(id)) return true;
      r.warnings.push(`${p}.annotationIds[${k}] "${id}" names no annotation in this file, so the clip was not linked to it`);
      return false;
    });
    return {
      id: r.id(`${p}.id`, s.id),
      title: r.text(`${p}.title`, s.title),
      start,
      end,
      annotationIds,
      order: optional(s, 'order', i, (v) => r.number(`${p}.order`, v, 'a number', () => true)),
      replayCount: optional(s, 'replayCount', 0, (v) => r.number(`${p}.replayCount`, v, 'a whole number ≥ 0', (n) => Number.isInteger(n) && n >= 0)),
      perspectiveNotes: optional(s, 'perspectiveNotes', {}, (v) => r.textMap(`${p}.perspectiveNotes`, v)),
    };
  });
  r.unique('clips', clips.map((c) => c.id));
  return clips;
}

function readMeeting(r: Reader, value: unknown): ProjectMeeting {
  const m = r.record('meeting', value);
  const actionSteps = optional(m, 'actionSteps', [] as unknown[], (v) => r.list('meeting.actionSteps', v)).map((raw, i) => {
    const p = `meeting.actionSteps[${i}]`;
    const s = r.record(p, raw);
    const step: ProjectActionStep = {
      text: r.text(`${p}.text`, s.text),
      owner: optional(s, 'owner', '', (v) => r.text(`${p}.owner`, v)),
      due: optional(s, 'due', '', (v) => r.date(`${p}.due`, v, '') ?? ''),
    };
    return s.id === undefined ? step : { id: r.id(`${p}.id`, s.id), ...step };
  });
  r.unique('meeting.actionSteps', actionSteps.map((s) => s.id));
  const notes = optional(m, 'notes', [] as unknown[], (v) => r.list('meeting.notes', v)).map((raw, i): ProjectMeetingNote => {
    const p = `meeting.notes[${i}]`;
    const s = r.record(p, raw);
    return {
      id: r.id(`${p}.id`, s.id),
      author: r.oneOf(`${p}.author`, s.author, ['coach', 'teacher'] as const, false) ?? 'coach',
      text: r.text(`${p}.text`, s.text),
      createdAt: r.number(`${p}.createdAt`, s.createdAt, 'milliseconds since 1970', () => true),
    };
  });
  r.unique('meeting.notes', notes.map((n) => n.id));
  return {
    focus: optional(m, 'focus', '', (v) => r.text('meeting.focus', v)),
    actionSteps,
    nextMeeting: optional(m, 'nextMeeting', null, (v) => r.date('meeting.nextMeeting', v, null)),
    notes,
  };
}

function readCycle(r: Reader, value: unknown): ProjectCycle {
  const c = r.record('cycle', value);
  const coachee = r.record('cycle.coachee', c.coachee);
  const lenses = optional(c, 'lenses', [] as unknown[], (v) => r.list('cycle.lenses', v)).flatMap((lens, i) => {
    if (typeof lens === 'string' && isLensId(lens)) return [lens];
    r.warnings.push(`cycle.lenses[${i}] names no lens this app knows, so it was left out`);
    return [];
  });
  const stepReviews = optional(c, 'stepReviews', [] as unknown[], (v) => r.list('cycle.stepReviews', v)).map((raw, i): StepReview => {
    const p = `cycle.stepReviews[${i}]`;
    const s = r.record(p, raw);
    return {
      stepId: r.id(`${p}.stepId`, s.stepId),
      status: r.oneOf(`${p}.status`, s.status, STEP_STATUSES, false) ?? 'not_yet',
      entryId: s.entryId == null ? null : r.id(`${p}.entryId`, s.entryId),
    };
  });
  r.unique('cycle.stepReviews', stepReviews.map((s) => s.stepId));
  return {
    id: r.id('cycle.id', c.id),
    coachee: { id: r.id('cycle.coachee.id', coachee.id), name: r.text('cycle.coachee.name', coachee.name) },
    focus: optional(c, 'focus', '', (v) => r.text('cycle.focus', v)),
    themeId: c.themeId == null ? null : r.id('cycle.themeId', c.themeId),
    lenses: [...new Set(lenses)],
    evidenceToCollect: optional(c, 'evidenceToCollect', [], (v) => r.textList('cycle.evidenceToCollect', v)),
    stepReviews,
    createdAt: optional(c, 'createdAt', 0, (v) => r.number('cycle.createdAt', v, 'milliseconds since 1970', () => true)),
  };
}

/** Read, migrate and validate a project file's text; every error names where in the file it is. */
export function parseProject(text: string): ParseProjectResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, errors: [`This file is not valid JSON, so it can't be a Reframe project (${(error as Error).message}).`] };
  }
  if (!isRecord(json)) return { ok: false, errors: ['This file does not hold a Reframe project: a project is a JSON object with "format": "reframe.project".'] };
  if (json.format !== PROJECT_FORMAT) {
    return { ok: false, errors: [`This is not a Reframe project file: "format" must be "${PROJECT_FORMAT}", but ${found(json.format)}.`] };
  }
  const version = json.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return { ok: false, errors: [`version must be a whole number, but ${found(version)}`] };
  }
  if (version > PROJECT_VERSION) {
    return { ok: false, errors: [`This project was made by a newer version of Reframe: update the app to open it (the file is version ${version}, this app reads up to version ${PROJECT_VERSION}).`] };
  }
  const migrated = migrateProject(json) as Record<string, unknown>;
  if (migrated.version !== PROJECT_VERSION) {
    return { ok: false, errors: [`This project is version ${version}, which this version of Reframe can no longer read.`] };
  }

  const r = new Reader();
  const l = r.record('lesson', migrated.lesson);
  const lesson: ProjectLesson = {
    title: r.text('lesson.title', l.title),
    teacher: optional(l, 'teacher', '', (v) => r.text('lesson.teacher', v)),
    subject: optional(l, 'subject', '', (v) => r.text('lesson.subject', v)),
    date: optional(l, 'date', '', (v) => r.date('lesson.date', v, '') ?? ''),
    duration: r.number('lesson.duration', l.duration, 'a number of seconds > 0', (n) => n > 0),
    fingerprint: r.text('lesson.fingerprint', l.fingerprint),
    fileName: optional(l, 'fileName', '', (v) => r.text('lesson.fileName', v)),
  };

  const s = r.record('segments', migrated.segments);
  const auto = readSegments(r, 'segments.auto', s.auto);
  const corrected = readSegments(r, 'segments.corrected', s.corrected);
  const segments: ProjectSegments = {
    auto,
    corrected,
    // Files without the flag: the coach corrected something exactly when the lists differ.
    correctedByCoach: optional(s, 'correctedByCoach', JSON.stringify(auto) !== JSON.stringify(corrected), (v) =>
      typeof v === 'boolean' ? v : (r.fail('segments.correctedByCoach', 'true or false', v), false),
    ),
    algorithmVersion: s.algorithmVersion == null ? null : r.number('segments.algorithmVersion', s.algorithmVersion, 'a whole number or null', Number.isInteger),
  };

  const rawEntries = r.list('annotations', migrated.annotations);
  const annotations = rawEntries.map((raw, i) => readEntry(r, `annotations[${i}]`, raw)).filter((e): e is Entry => e !== null);
  r.unique('annotations', rawEntries.map((raw) => (isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined)));

  const project: ProjectFile = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    exportedAt: typeof migrated.exportedAt === 'string' ? migrated.exportedAt : '',
    lesson,
    segments,
    annotations,
    plan: optional(migrated, 'plan', [], (v) => readPlan(r, v)),
    prewatch: readPrewatch(r, migrated.prewatch),
    clips: optional(migrated, 'clips', [], (v) => readClips(r, v, new Set(annotations.map((e) => e.id)))),
    meeting: optional(migrated, 'meeting', { focus: '', actionSteps: [], nextMeeting: null, notes: [] }, (v) => readMeeting(r, v)),
  };
  // Optional since issue 22: files written before, and files of loose lessons, have no cycle.
  if (migrated.cycle != null) project.cycle = readCycle(r, migrated.cycle);

  if (r.errors.length) {
    const errors = r.errors.length > MAX_ERRORS ? [...r.errors.slice(0, MAX_ERRORS), `…and ${r.errors.length - MAX_ERRORS} more problems`] : r.errors;
    return { ok: false, errors };
  }
  return { ok: true, project, warnings: r.warnings };
}

/** A project's entries and clips as restored onto one lesson. */
export interface RestoredRecords {
  /** The file's entries with new ids and the lesson's id. */
  entries: Entry[];
  /** The file's entry ids to the new ones (a cycle's step reviews link entries by id). */
  entryIds: Map<string, string>;
  /** The file's clips with new ids, pointing at the new entry ids. */
  clips: ProjectClip[];
}

/**
 * The project's entries and clips with fresh ids for the lesson `lessonId`. The file's ids are only
 * references within the file: the same file may be restored onto a second copy of its video while
 * the first still holds those ids, and reusing them would move that lesson's evidence over.
 */
export function restoredRecords(project: Pick<ProjectFile, 'annotations' | 'clips'>, lessonId: string, newId: () => string): RestoredRecords {
  const entryIds = new Map<string, string>();
  const entries = project.annotations.map((entry) => {
    const id = newId();
    entryIds.set(entry.id, id);
    return { ...entry, id, lessonId };
  });
  const clips = project.clips.map((clip) => ({
    ...clip,
    id: newId(),
    // parseProject already dropped links to entries the file does not hold.
    annotationIds: clip.annotationIds.flatMap((id) => entryIds.get(id) ?? []),
  }));
  return { entries, entryIds, clips };
}

/**
 * A cycle's step reviews with links to this file's entries moved to their restored ids. Links to
 * entries the file does not hold (another lesson of the cycle) are kept as they are.
 */
export function restoredStepReviews(reviews: readonly StepReview[], entryIds: ReadonlyMap<string, string>): StepReview[] {
  return reviews.map((r) => (r.entryId != null && entryIds.has(r.entryId) ? { ...r, entryId: entryIds.get(r.entryId)! } : { ...r }));
}

/** Whether a project belongs to a stored lesson's video: same fingerprint and lengths within half a second. */
export function matchLesson(project: { lesson: { duration: number; fingerprint: string } }, lesson: { duration: number; fingerprint: string }): { matches: boolean; reason?: string } {
  if (project.lesson.fingerprint !== lesson.fingerprint) return { matches: false, reason: 'different video: the fingerprint differs' };
  if (!(Math.abs(project.lesson.duration - lesson.duration) <= 0.5)) {
    let [a, b] = [formatClock(project.lesson.duration), formatClock(lesson.duration)];
    // Whole seconds can hide a difference just over the tolerance.
    if (a === b) [a, b] = [formatTimestamp(project.lesson.duration), formatTimestamp(lesson.duration)];
    return { matches: false, reason: `lengths differ: ${a} vs ${b}` };
  }
  return { matches: true };
}
