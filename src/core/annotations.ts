/**
 * Evidence entries the coach logs against the video timeline: their kinds and fields (PRODUCT.md,
 * "What is captured" and the project format minimum), creation, validated edits, search, and the
 * three-press logging of a critical incident. Pure: ids and clocks come from the caller.
 */
import type { LensId } from './lenses';

/** Version of the entry shape; stored on every entry so later versions can migrate old ones. */
export const ENTRY_SCHEMA_VERSION = 1;

/** Kinds of evidence entry. */
export type EntryKind = 'teacher_question' | 'pupil_question' | 'incident' | 'strength' | 'interaction' | 'language' | 'movement';

/** Every kind, in the order of the lenses they belong to. */
export const ENTRY_KINDS: readonly EntryKind[] = ['teacher_question', 'pupil_question', 'strength', 'incident', 'interaction', 'language', 'movement'];

/** The lens each kind is filed under by default (time use has no entries: it comes from the talk bands). */
export const KIND_LENS: Record<EntryKind, LensId> = {
  teacher_question: 'questions',
  pupil_question: 'pupil_questions',
  strength: 'strengths',
  incident: 'incidents',
  interaction: 'interaction',
  language: 'language',
  movement: 'movement',
};

/** Single-key shortcut that logs each kind at the current time (N for iNteraction: I is taken by incidents). */
export const KIND_KEYS: Record<EntryKind, string> = {
  teacher_question: 'Q',
  pupil_question: 'P',
  incident: 'I',
  strength: 'S',
  interaction: 'N',
  language: 'L',
  movement: 'M',
};

/** The kind a pressed key logs (either case), or null. */
export function kindForKey(key: string): EntryKind | null {
  const upper = key.length === 1 ? key.toUpperCase() : '';
  return ENTRY_KINDS.find((k) => KIND_KEYS[k] === upper) ?? null;
}

/** Names of the kinds as the coach reads them. */
export const KIND_NAMES: Record<EntryKind, string> = {
  teacher_question: 'Teacher question',
  pupil_question: 'Pupil question',
  incident: 'Critical incident',
  strength: 'Strength',
  interaction: 'Interaction',
  language: 'Language',
  movement: 'Movement',
};

/** Fields every entry has. */
interface EntryBase {
  /** Unique id (given by the caller). */
  id: string;
  /** The lesson this entry belongs to. */
  lessonId: string;
  /** Lens the entry is filed under; defaults to the kind's lens. */
  lens: LensId;
  /** Seconds from the start of the video. */
  time: number;
  /** End of a time range, or null/absent for a moment. */
  end?: number | null;
  /** Free text. */
  note: string;
  /** Free tags, trimmed and without duplicates. */
  tags: string[];
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Milliseconds since the epoch. */
  updatedAt: number;
  /** ENTRY_SCHEMA_VERSION at the time it was written. */
  schemaVersion: number;
}

/** Open/closed and recall/higher-order; null while the coach has not classified it. */
export interface QuestionType {
  /** Open or closed. */
  openness: 'open' | 'closed' | null;
  /** Recall or higher-order thinking. */
  level: 'recall' | 'higher_order' | null;
}

/** Who a teacher question is put to. */
export type AddressedTo = 'whole_class' | 'named_pupil' | 'hands_up' | 'no_hands_up';

/** What happened after a teacher question. */
export type QuestionResponse = 'answered' | 'no_answer' | 'teacher_answered';

/** A question asked by the teacher, with wait times measured from the audio or entered by the coach. */
export interface TeacherQuestionEntry extends EntryBase {
  kind: 'teacher_question';
  /** The question's words, if the coach wrote them down. */
  words: string;
  /** Classification of the question. */
  questionType: QuestionType;
  /** Who the question was put to. */
  addressedTo: AddressedTo | null;
  /** How it was answered. */
  response: QuestionResponse | null;
  /** Seconds of silence from the end of the question to the next voice; null when not measurable. */
  waitTime1: number | null;
  /** Seconds of silence from the end of the answer to the next voice; null when not measurable. */
  waitTime2: number | null;
  /** Whether the wait times are the audio measurement or the coach's correction. */
  waitTimeSource: 'auto' | 'coach';
  /** Where the measurement found the question's end (seconds), for showing it on the waveform. */
  questionEnd: number | null;
}

/** A question asked by a pupil. */
export interface PupilQuestionEntry extends EntryBase {
  kind: 'pupil_question';
  /** Asked of the teacher or of another pupil. */
  to: 'teacher' | 'peer' | null;
  /** Asked of the pupil's own accord or when invited. */
  initiative: 'proactive' | 'prompted' | null;
  /** What the question shows about the pupil's learning. */
  shows: string;
}

/** How an incident turned out. */
export type Valence = 'positive' | 'negative' | 'mixed';

/**
 * A critical incident: trigger ≤ incidentStart ≤ incidentEnd ≤ outcome. `time` always equals
 * `trigger` and `end` the last time set (outcome, else incident end), so that the timeline and a
 * clip made from the entry cover the whole story.
 */
export interface IncidentEntry extends EntryBase {
  kind: 'incident';
  /** What set it off. */
  trigger: number;
  /** When the incident itself begins. */
  incidentStart: number;
  /** When the incident itself ends, if marked. */
  incidentEnd: number | null;
  /** When its outcome shows, if marked. */
  outcome: number | null;
  /** Good, bad or both. */
  valence: Valence | null;
  /** One note per perspective (e.g. `teacher`, `pupils`, `trigger_outcome`), keyed by perspective id. */
  perspectives: Record<string, string>;
}

/** Kinds with only the common fields. */
export type SimpleKind = 'strength' | 'interaction' | 'language' | 'movement';

/** A strength, interaction, language or movement entry: a time or range, a note, tags. */
export interface SimpleEntry<K extends SimpleKind = SimpleKind> extends EntryBase {
  kind: K;
}

/** Any evidence entry, discriminated by `kind`. */
export type Entry =
  | TeacherQuestionEntry
  | PupilQuestionEntry
  | IncidentEntry
  | SimpleEntry<'strength'>
  | SimpleEntry<'interaction'>
  | SimpleEntry<'language'>
  | SimpleEntry<'movement'>;

/** The entry type of one kind. */
export type EntryOf<K extends EntryKind> = Extract<Entry, { kind: K }>;

/** Fields an edit may change: everything but identity, kind and bookkeeping. */
export type EntryPatch<E extends Entry> = Partial<Omit<E, 'id' | 'lessonId' | 'kind' | 'createdAt' | 'updatedAt' | 'schemaVersion'>>;

/** A rejected edit; the message is written for the coach. */
export class EntryValidationError extends RangeError {
  override name = 'EntryValidationError';
}

/** A new entry of `kind` at `time` with empty fields (`now` in ms since the epoch, `id` from the caller). */
export function createEntry<K extends EntryKind>(kind: K, time: number, lessonId: string, now: number, id: string): EntryOf<K> {
  const t = Math.max(0, time);
  const base = { id, lessonId, lens: KIND_LENS[kind], time: t, end: null, note: '', tags: [], createdAt: now, updatedAt: now, schemaVersion: ENTRY_SCHEMA_VERSION };
  let entry: Entry;
  switch (kind as EntryKind) {
    case 'teacher_question':
      entry = {
        ...base,
        kind: 'teacher_question',
        words: '',
        questionType: { openness: null, level: null },
        addressedTo: null,
        response: null,
        waitTime1: null,
        waitTime2: null,
        waitTimeSource: 'auto',
        questionEnd: null,
      };
      break;
    case 'pupil_question':
      entry = { ...base, kind: 'pupil_question', to: null, initiative: null, shows: '' };
      break;
    case 'incident':
      entry = { ...base, kind: 'incident', trigger: t, incidentStart: t, incidentEnd: null, outcome: null, valence: null, perspectives: {} };
      break;
    default:
      entry = { ...base, kind: kind as SimpleKind };
  }
  return entry as EntryOf<K>;
}

const isTime = (t: unknown): t is number => typeof t === 'number' && Number.isFinite(t) && t >= 0;

/** What is wrong with an entry, in the coach's words, or null when it is valid. */
export function validateEntry(entry: Entry): string | null {
  if (!isTime(entry.time)) return 'The time must be zero or later.';
  if (entry.end != null) {
    if (!isTime(entry.end)) return 'The end time must be zero or later.';
    if (entry.end < entry.time) return 'The end must not come before the start.';
  }
  if (entry.kind === 'teacher_question') {
    for (const [name, value] of [['Wait time 1', entry.waitTime1], ['Wait time 2', entry.waitTime2]] as const) {
      if (value != null && !isTime(value)) return `${name} must be zero seconds or more.`;
    }
    if (entry.questionEnd != null && !isTime(entry.questionEnd)) return "The question's end must be zero or later.";
  }
  if (entry.kind === 'incident') {
    const marks: Array<[string, number | null]> = [
      ['trigger', entry.trigger],
      ['incident', entry.incidentStart],
      ['end of the incident', entry.incidentEnd],
      ['outcome', entry.outcome],
    ];
    let previous: [string, number] | null = null;
    for (const [name, value] of marks) {
      if (value == null) continue;
      if (!isTime(value)) return `The ${name} time must be zero or later.`;
      if (previous && value < previous[1]) return `The ${name} must not come before the ${previous[0]}.`;
      previous = [name, value];
    }
  }
  return null;
}

/** Trimmed, non-empty tags without duplicates (compared ignoring case), first spelling kept. */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLocaleLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** Keep an incident's `time`/`end` in step with its marks (see IncidentEntry). */
function alignIncident(entry: IncidentEntry, patch: EntryPatch<IncidentEntry>): IncidentEntry {
  // A patch that moves only `time` moves the trigger with it; otherwise the trigger leads.
  const trigger = patch.trigger === undefined && patch.time !== undefined ? patch.time : entry.trigger;
  return { ...entry, trigger, time: trigger, end: entry.outcome ?? entry.incidentEnd ?? null };
}

/**
 * Apply an edit and return a new entry stamped with `now`; throws EntryValidationError when the
 * result would be invalid. Changing a wait time by hand marks the wait times as the coach's.
 */
export function updateEntry<E extends Entry>(entry: E, patch: EntryPatch<E>, now: number): E {
  let next = { ...entry, ...patch, updatedAt: now } as E;
  if (patch.tags) next = { ...next, tags: cleanTags(patch.tags) };
  if (next.kind === 'teacher_question') {
    const p = patch as EntryPatch<TeacherQuestionEntry>;
    const waitEdited = p.waitTime1 !== undefined || p.waitTime2 !== undefined;
    if (waitEdited && p.waitTimeSource === undefined) next = { ...next, waitTimeSource: 'coach' };
  }
  if (next.kind === 'incident') next = alignIncident(next, patch as EntryPatch<IncidentEntry>) as E;
  const problem = validateEntry(next);
  if (problem) throw new EntryValidationError(problem);
  return next;
}

/**
 * Move an entry to a new time, keeping its length: a range moves whole, an incident moves all its
 * marks. A teacher question's measured end stays put (it belongs to the audio, not the press).
 */
export function retime<E extends Entry>(entry: E, time: number, now: number = entry.updatedAt): E {
  const t = Math.max(0, time);
  const shift = t - entry.time;
  const move = (v: number | null | undefined) => (v == null ? v : v + shift);
  let next = { ...entry, time: t, end: move(entry.end), updatedAt: now } as E;
  if (next.kind === 'incident') {
    next = { ...next, trigger: t, incidentStart: next.incidentStart + shift, incidentEnd: move(next.incidentEnd) ?? null, outcome: move(next.outcome) ?? null } as E;
  }
  return next;
}

/** Entries in timeline order (time, then creation, then id, so equal times keep a stable order). */
export function sortByTime<E extends Entry>(entries: readonly E[]): E[] {
  return [...entries].sort((a, b) => a.time - b.time || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What to show in a filtered list. */
export interface EntryFilter {
  /** Only entries filed under this lens. */
  lens?: LensId | null;
  /** Only entries of this kind. */
  kind?: EntryKind | null;
  /** Only entries carrying this tag (ignoring case and accents). */
  tag?: string | null;
  /** Every word must appear in the note, words, what-it-shows, perspectives or tags (ignoring case and accents). */
  text?: string | null;
}

/** Lower case without accents, so "Élève" finds "eleve". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLocaleLowerCase();
}

/** The searchable text of an entry. */
function searchableText(entry: Entry): string {
  const parts = [entry.note, ...entry.tags];
  if (entry.kind === 'teacher_question') parts.push(entry.words);
  if (entry.kind === 'pupil_question') parts.push(entry.shows);
  if (entry.kind === 'incident') parts.push(...Object.values(entry.perspectives));
  return foldText(parts.join('\n'));
}

/** The entries matching every given criterion, in their original order. */
export function filterEntries<E extends Entry>(entries: readonly E[], filter: EntryFilter): E[] {
  const tag = filter.tag ? foldText(filter.tag.trim()) : '';
  const words = filter.text ? foldText(filter.text).split(/\s+/).filter(Boolean) : [];
  return entries.filter((e) => {
    if (filter.lens && e.lens !== filter.lens) return false;
    if (filter.kind && e.kind !== filter.kind) return false;
    if (tag && !e.tags.some((t) => foldText(t) === tag)) return false;
    if (words.length) {
      const haystack = searchableText(e);
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  });
}

/** An incident being logged with three presses of I: trigger, then the incident, then its outcome. */
export interface IncidentDraft {
  /** First press. */
  trigger: number;
  /** Second press, once made. */
  incidentStart: number | null;
  /** Third press, once made. */
  outcome: number | null;
}

/** Result of one press of the incident key. */
export interface IncidentStep {
  /** The marks so far (complete when `done`). */
  draft: IncidentDraft;
  /** True after the third press: the draft is ready to become an entry. */
  done: boolean;
}

/**
 * Advance incident logging by one press at `time` (pass null to start afresh, also after `done`).
 * Marks are kept in time order, so a coach who seeks back before pressing still gets
 * trigger ≤ incident ≤ outcome.
 */
export function nextIncidentStep(draft: IncidentDraft | null, time: number): IncidentStep {
  const t = Math.max(0, time);
  if (!draft || draft.outcome != null) return { draft: { trigger: t, incidentStart: null, outcome: null }, done: false };
  if (draft.incidentStart == null) {
    const [trigger, incidentStart] = [draft.trigger, t].sort((a, b) => a - b);
    return { draft: { trigger, incidentStart, outcome: null }, done: false };
  }
  const [trigger, incidentStart, outcome] = [draft.trigger, draft.incidentStart, t].sort((a, b) => a - b);
  return { draft: { trigger, incidentStart, outcome }, done: true };
}

/** Abandon an incident being logged (Escape). */
export function cancelIncident(): null {
  return null;
}

/** What the next press of the incident key will mark, for the on-screen hint. */
export function incidentPrompt(draft: IncidentDraft | null): 'trigger' | 'incident' | 'outcome' {
  return !draft || draft.outcome != null ? 'trigger' : draft.incidentStart == null ? 'incident' : 'outcome';
}

/** The incident entry for a draft (a draft with fewer than three marks gives an incident without an outcome). */
export function incidentFromDraft(draft: IncidentDraft, lessonId: string, now: number, id: string): IncidentEntry {
  const entry = createEntry('incident', draft.trigger, lessonId, now, id);
  return updateEntry(entry, { incidentStart: draft.incidentStart ?? draft.trigger, outcome: draft.outcome }, now);
}
