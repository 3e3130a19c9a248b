/**
 * ELAN files (`.eaf`, EAF 3.0 as ELAN 6 writes it), so a lesson's coding opens in the research tool
 * and comes back. Writing builds escaped XML text; reading walks an already-parsed document through
 * the small `EafElement` shape (the browser's DOMParser gives it, so does any DOM-like parser), so
 * this module stays free of DOM types.
 *
 * Each entry is one annotation on its kind's tier; its fields are lines `Name: value` in the
 * annotation value (readable in ELAN), the note last. Talk bands carry a controlled vocabulary and a
 * dependent tier with the analysis' confidence; teacher questions a dependent tier with their type.
 */
import { ENTRY_KINDS, KIND_LENS, createEntry, type AddressedTo, type Entry, type EntryKind, type QuestionResponse, type QuestionType, type Valence } from '../annotations';
import { isLensId } from '../lenses';
import type { PlanPhase } from '../plan';
import { LABEL_NAMES, TALK_LABELS, type TalkLabel, type TalkSegment } from '../talk';
import type { ProjectClip } from './project';

/** Tier of the analysis' talk bands. */
export const TALK_AUTO_TIER = 'Talk (automatic)';
/** Tier of the coach's corrected talk bands. */
export const TALK_COACH_TIER = 'Talk (coach)';
/** Tier of the lesson plan's marked phases. */
export const PLAN_TIER = 'Lesson plan';
/** Tier of the clips chosen for the meeting. */
export const CLIPS_TIER = 'Clips';
/** Dependent tier holding a talk band's confidence (suffix after the talk tier's name). */
export const CONFIDENCE_SUFFIX = ': confidence';
/** Dependent tier of the teacher questions holding each question's type, from a controlled vocabulary. */
export const QUESTION_TYPE_TIER = 'Teacher questions: type';
/** Controlled vocabulary of the talk labels. */
export const TALK_VOCABULARY = 'Talk labels';
/** Controlled vocabulary of the question types. */
export const QUESTION_VOCABULARY = 'Question types';
/** Header property giving the video's length in milliseconds (EAF has no field for it). */
export const DURATION_PROPERTY = 'Media duration (ms)';

/** One tier per entry kind, named as the coach reads the kind. */
export const KIND_TIERS: Record<EntryKind, string> = {
  teacher_question: 'Teacher questions',
  pupil_question: 'Pupil questions',
  incident: 'Critical incidents',
  strength: 'Strengths',
  interaction: 'Interaction',
  language: 'Language',
  movement: 'Movement',
};

/** The question types of the vocabulary (openness, then level), as written. */
export const QUESTION_TYPE_VALUES: readonly string[] = ['open, recall', 'open, higher-order', 'closed, recall', 'closed, higher-order'];

/** How long an entry that marks a moment lasts on its tier, in seconds (ELAN needs a span). */
export const MOMENT_SECONDS = 1;

/** What an ELAN file is written from: a lesson's project plus the video's MIME type. */
export interface EafSource {
  /** Name of the video file (written as a link relative to the .eaf). */
  fileName: string;
  /** MIME type of the video. */
  mimeType: string;
  /** Length of the video in seconds. */
  duration: number;
  /** The analysis' bands. */
  autoSegments: readonly TalkSegment[];
  /** The coach's bands, or null when the coach corrected nothing. */
  correctedSegments: readonly TalkSegment[] | null;
  /** Every evidence entry. */
  entries: readonly Entry[];
  /** The lesson plan, in order. */
  plan: readonly PlanPhase[];
  /** The clips, in list order. */
  clips: readonly ProjectClip[];
}

// ---------------------------------------------------------------------------------------------
// Field lines inside an annotation value

const ADDRESSEE_WORDS: Record<AddressedTo, string> = { whole_class: 'whole class', named_pupil: 'named pupil', hands_up: 'hands up', no_hands_up: 'no hands up' };
const RESPONSE_WORDS: Record<QuestionResponse, string> = { answered: 'answered', no_answer: 'no answer', teacher_answered: 'teacher answered' };
const LEVEL_WORDS = { recall: 'recall', higher_order: 'higher-order' } as const;
const TO_WORDS = { teacher: 'the teacher', peer: 'a peer' } as const;
const MOMENT_WORDS = 'a moment';

/** A field value on one line: backslashes and line breaks escaped, so a line never ends a field early. */
const oneLine = (text: string) => text.replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n');
const fromOneLine = (text: string) => text.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));

/** Seconds as written in a value: exact to the millisecond, like the time slots. */
const secondsText = (t: number) => `${Math.round(t * 1000) / 1000} s`;
function readSeconds(text: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?) s$/.exec(text?.trim() ?? '');
  return m ? Number(m[1]) : null;
}
const findKey = <K extends string>(words: Record<K, string>, text: string | undefined): K | null =>
  (Object.keys(words) as K[]).find((k) => words[k] === text?.trim()) ?? null;

/** A question type as written ("open, higher-order"; one part when the other is not set), or ''. */
export function questionTypeText(type: QuestionType): string {
  return [type.openness ?? '', type.level ? LEVEL_WORDS[type.level] : ''].filter(Boolean).join(', ');
}

/** The question type a written value names (parts it does not name stay null). */
export function readQuestionType(text: string): QuestionType {
  const parts = text.split(',').map((p) => p.trim());
  return {
    openness: parts.includes('open') ? 'open' : parts.includes('closed') ? 'closed' : null,
    level: parts.includes('recall') ? 'recall' : parts.includes('higher-order') ? 'higher_order' : null,
  };
}

/** Lines `Name: value`, then the note (which may span lines) as `Note: …`. */
function writeFields(fields: Array<[string, string | null | undefined]>, note: string): string {
  const lines = fields.filter(([, v]) => v != null && v !== '').map(([name, v]) => `${name}: ${oneLine(v as string)}`);
  if (note) lines.push(`Note: ${note}`);
  return lines.join('\n');
}

/**
 * The field lines of a value and its note. A line that is not `Known name: value` starts the note,
 * so text written in ELAN by hand becomes the note rather than being lost.
 */
export function readFields(value: string, known: (name: string) => boolean): { fields: Map<string, string>; note: string } {
  const fields = new Map<string, string>();
  const lines = value.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^:\n]+): ?(.*)$/.exec(lines[i]);
    if (m && m[1] === 'Note') return { fields, note: [m[2], ...lines.slice(i + 1)].join('\n') };
    if (m && known(m[1]) && !fields.has(m[1])) {
      fields.set(m[1], fromOneLine(m[2]));
      continue;
    }
    return { fields, note: lines.slice(i).join('\n').trim() };
  }
  return { fields, note: '' };
}

const COMMON_FIELDS = ['Lens', 'Tags', 'Length'];
const KIND_FIELDS: Record<EntryKind, string[]> = {
  teacher_question: ['Words', 'Type', 'To', 'Response', 'Wait time 1', 'Wait time 2', 'Wait times', 'Question ends'],
  pupil_question: ['To', 'Initiative', 'Shows'],
  incident: ['Incident starts', 'Incident ends', 'Outcome', 'Valence'],
  strength: [],
  interaction: [],
  language: [],
  movement: [],
};
const isKnownField = (kind: EntryKind) => (name: string) => COMMON_FIELDS.includes(name) || KIND_FIELDS[kind].includes(name) || (kind === 'incident' && name.startsWith('Perspective '));

/** The annotation value of an entry: its fields as lines, the note last. */
export function entryValue(entry: Entry): string {
  const fields: Array<[string, string | null | undefined]> = [];
  switch (entry.kind) {
    case 'teacher_question':
      fields.push(
        ['Words', entry.words],
        ['Type', questionTypeText(entry.questionType)],
        ['To', entry.addressedTo ? ADDRESSEE_WORDS[entry.addressedTo] : null],
        ['Response', entry.response ? RESPONSE_WORDS[entry.response] : null],
        ['Wait time 1', entry.waitTime1 != null ? secondsText(entry.waitTime1) : null],
        ['Wait time 2', entry.waitTime2 != null ? secondsText(entry.waitTime2) : null],
        ['Wait times', entry.waitTimeSource === 'coach' ? 'set by the coach' : 'measured'],
        ['Question ends', entry.questionEnd != null ? secondsText(entry.questionEnd) : null],
      );
      break;
    case 'pupil_question':
      fields.push(['To', entry.to ? TO_WORDS[entry.to] : null], ['Initiative', entry.initiative], ['Shows', entry.shows]);
      break;
    case 'incident':
      fields.push(
        ['Incident starts', secondsText(entry.incidentStart)],
        ['Incident ends', entry.incidentEnd != null ? secondsText(entry.incidentEnd) : null],
        ['Outcome', entry.outcome != null ? secondsText(entry.outcome) : null],
        ['Valence', entry.valence],
      );
      for (const [id, text] of Object.entries(entry.perspectives)) fields.push([`Perspective ${id}`, text]);
      break;
  }
  if (entry.lens !== KIND_LENS[entry.kind]) fields.push(['Lens', entry.lens]);
  if (entry.tags.length) fields.push(['Tags', entry.tags.join('; ')]);
  if (entry.end == null) fields.push(['Length', MOMENT_WORDS]);
  return writeFields(fields, entry.note);
}

/**
 * An entry of `kind` from an annotation's span and value (`id`, `lessonId`, `now` from the caller).
 * Values the reader does not recognise are left at the new entry's defaults; text that is no field becomes the note.
 */
export function entryFromAnnotation(kind: EntryKind, start: number, end: number, value: string, lessonId: string, now: number, id: string): Entry {
  const { fields, note } = readFields(value, isKnownField(kind));
  const moment = fields.get('Length') === MOMENT_WORDS;
  const lens = fields.get('Lens');
  const tags = (fields.get('Tags') ?? '').split(';').map((t) => t.trim()).filter(Boolean);
  const base = createEntry(kind, start, lessonId, now, id);
  const common = { note, tags, lens: lens && isLensId(lens) ? lens : base.lens, end: moment ? null : end };
  switch (base.kind) {
    case 'teacher_question':
      return {
        ...base,
        ...common,
        words: fields.get('Words') ?? '',
        questionType: readQuestionType(fields.get('Type') ?? ''),
        addressedTo: findKey(ADDRESSEE_WORDS, fields.get('To')),
        response: findKey(RESPONSE_WORDS, fields.get('Response')),
        waitTime1: readSeconds(fields.get('Wait time 1')),
        waitTime2: readSeconds(fields.get('Wait time 2')),
        waitTimeSource: fields.get('Wait times') === 'set by the coach' ? 'coach' : 'auto',
        questionEnd: readSeconds(fields.get('Question ends')),
      };
    case 'pupil_question': {
      const initiative = fields.get('Initiative');
      return { ...base, ...common, to: findKey(TO_WORDS, fields.get('To')), initiative: initiative === 'proactive' || initiative === 'prompted' ? initiative : null, shows: fields.get('Shows') ?? '' };
    }
    case 'incident': {
      const perspectives: Record<string, string> = {};
      for (const [name, text] of fields) if (name.startsWith('Perspective ')) perspectives[name.slice('Perspective '.length)] = text;
      const valence = fields.get('Valence');
      // Marks stay in order (trigger ≤ incident ≤ end ≤ outcome) even when the annotation was moved in ELAN.
      const incidentStart = Math.max(start, readSeconds(fields.get('Incident starts')) ?? start);
      const endMark = readSeconds(fields.get('Incident ends'));
      const incidentEnd = endMark == null ? null : Math.max(incidentStart, endMark);
      const outcomeMark = readSeconds(fields.get('Outcome'));
      const outcome = outcomeMark == null ? null : Math.max(incidentEnd ?? incidentStart, outcomeMark);
      return {
        ...base,
        ...common,
        trigger: start,
        incidentStart,
        incidentEnd,
        outcome,
        valence: (['positive', 'negative', 'mixed'] as Valence[]).find((v) => v === valence) ?? null,
        perspectives,
        // An incident's end is its last mark (see IncidentEntry); a hand-made annotation ends where it ends.
        end: outcome ?? incidentEnd ?? common.end,
      };
    }
    default:
      return { ...base, ...common } as Entry;
  }
}

/** The value of a marked plan phase. */
function phaseValue(phase: PlanPhase, position: number): string {
  return writeFields([['Phase', phase.name], ['Planned', `${phase.plannedMinutes} min`], ['Position', String(position)], ['End', phase.end == null ? 'not marked' : null]], '');
}

/** The value of a clip: title, position, replays, the entries it shows (annotation ids) and its perspective notes. */
function clipValue(clip: ProjectClip, entryAnnotation: ReadonlyMap<string, string>): string {
  const shows = clip.annotationIds.map((id) => entryAnnotation.get(id)).filter(Boolean).join(' ');
  const fields: Array<[string, string]> = [['Clip', clip.title], ['Position', String(clip.order + 1)], ['Replayed', String(clip.replayCount)], ['Shows', shows]];
  for (const [id, text] of Object.entries(clip.perspectiveNotes)) fields.push([`Perspective ${id}`, text]);
  return writeFields(fields, '');
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Text made safe for XML content and attributes: markup characters escaped, characters XML forbids dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** One XML element with escaped attributes; `content` is already XML (or null for an empty element). */
function element(name: string, attributes: Record<string, string | null | undefined>, content: string | null = null): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v != null)
    .map(([k, v]) => ` ${k}="${escapeXml(v as string)}"`)
    .join('');
  return content == null ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

const indent = (depth: number) => '    '.repeat(depth);
const ms = (t: number) => Math.max(0, Math.round(t * 1000));

interface DraftAnnotation {
  id: string;
  start: number;
  end: number;
  value: string;
  cveRef?: string;
}
interface DraftTier {
  id: string;
  type: string;
  parent?: string;
  annotations: DraftAnnotation[];
  /** For dependent tiers: [parent annotation id, value, cve ref]. */
  refs?: Array<{ id: string; parent: string; value: string; cveRef?: string }>;
}

const cveId = (vocabulary: 'talk' | 'question', value: string) => `cveid_${vocabulary}_${value.replace(/[^A-Za-z0-9]+/g, '_')}`;

/** The lesson as an ELAN 3.0 document (UTF-8 text), media linked by its file name next to the .eaf. */
export function lessonToEaf(source: EafSource, options: { now?: Date; author?: string } = {}): string {
  let nextAnnotation = 0;
  const annotationId = () => `a${++nextAnnotation}`;
  // Moments get a short span, never past the end of the video (unless they start at its very end).
  const momentEnd = (t: number) => Math.max(t + 0.001, Math.min(t + MOMENT_SECONDS, source.duration));
  const tiers: DraftTier[] = [];

  const talkTier = (name: string, segments: readonly TalkSegment[]) => {
    const tier: DraftTier = { id: name, type: 'Talk', annotations: [] };
    const confidence: DraftTier = { id: name + CONFIDENCE_SUFFIX, type: 'Confidence', parent: name, annotations: [], refs: [] };
    for (const s of segments) {
      if (!(s.end > s.start)) continue;
      const id = annotationId();
      tier.annotations.push({ id, start: s.start, end: s.end, value: LABEL_NAMES[s.label], cveRef: cveId('talk', s.label) });
      confidence.refs!.push({ id: annotationId(), parent: id, value: String(Math.round(s.confidence * 1000) / 1000) });
    }
    tiers.push(tier, confidence);
  };
  talkTier(TALK_AUTO_TIER, source.autoSegments);
  if (source.correctedSegments) talkTier(TALK_COACH_TIER, source.correctedSegments);

  const entryAnnotation = new Map<string, string>();
  const sorted = [...source.entries].sort((a, b) => a.time - b.time || a.createdAt - b.createdAt);
  for (const kind of ENTRY_KINDS) {
    const tier: DraftTier = { id: KIND_TIERS[kind], type: 'Evidence', annotations: [] };
    const types: DraftTier = { id: QUESTION_TYPE_TIER, type: 'Question type', parent: KIND_TIERS[kind], annotations: [], refs: [] };
    for (const entry of sorted.filter((e) => e.kind === kind)) {
      const id = annotationId();
      entryAnnotation.set(entry.id, id);
      const end = entry.end != null && entry.end > entry.time ? entry.end : momentEnd(entry.time);
      tier.annotations.push({ id, start: entry.time, end, value: entryValue(entry) });
      if (entry.kind === 'teacher_question') {
        const type = questionTypeText(entry.questionType);
        if (QUESTION_TYPE_VALUES.includes(type)) types.refs!.push({ id: annotationId(), parent: id, value: type, cveRef: cveId('question', type) });
      }
    }
    tiers.push(tier);
    if (kind === 'teacher_question') tiers.push(types);
  }

  const plan: DraftTier = { id: PLAN_TIER, type: 'Evidence', annotations: [] };
  const unmarked: string[] = [];
  source.plan.forEach((phase, i) => {
    if (phase.start == null) {
      unmarked.push(writeFields([['Phase', phase.name], ['Planned', `${phase.plannedMinutes} min`], ['Position', String(i + 1)]], ''));
      return;
    }
    const next = source.plan.slice(i + 1).find((p) => p.start != null && p.start > phase.start!)?.start;
    const end = phase.end ?? next ?? source.duration;
    plan.annotations.push({ id: annotationId(), start: phase.start, end: end > phase.start ? end : momentEnd(phase.start), value: phaseValue(phase, i + 1) });
  });
  tiers.push(plan);

  const clips: DraftTier = { id: CLIPS_TIER, type: 'Evidence', annotations: [] };
  for (const clip of [...source.clips].sort((a, b) => a.order - b.order)) {
    clips.annotations.push({ id: annotationId(), start: clip.start, end: clip.end > clip.start ? clip.end : momentEnd(clip.start), value: clipValue(clip, entryAnnotation) });
  }
  tiers.push(clips);

  // Time slots in time order, two per annotation (as ELAN writes them).
  const slots: Array<{ ms: number; owner: DraftAnnotation; edge: 'start' | 'end' }> = [];
  for (const tier of tiers) for (const a of tier.annotations) slots.push({ ms: ms(a.start), owner: a, edge: 'start' }, { ms: Math.max(ms(a.end), ms(a.start) + 1), owner: a, edge: 'end' });
  slots.sort((a, b) => a.ms - b.ms);
  const slotIds = new Map<DraftAnnotation, { start: string; end: string }>();
  const timeSlots = slots.map((slot, i) => {
    const id = `ts${i + 1}`;
    const ids = slotIds.get(slot.owner) ?? { start: '', end: '' };
    ids[slot.edge] = id;
    slotIds.set(slot.owner, ids);
    return indent(2) + element('TIME_SLOT', { TIME_SLOT_ID: id, TIME_VALUE: String(slot.ms) });
  });

  const tierXml = tiers.map((tier) => {
    const annotations = tier.refs
      ? tier.refs.map((r) => indent(2) + element('ANNOTATION', {}, element('REF_ANNOTATION', { ANNOTATION_ID: r.id, ANNOTATION_REF: r.parent, CVE_REF: r.cveRef }, element('ANNOTATION_VALUE', {}, escapeXml(r.value)))))
      : tier.annotations.map((a) => {
          const ids = slotIds.get(a)!;
          return indent(2) + element('ANNOTATION', {}, element('ALIGNABLE_ANNOTATION', { ANNOTATION_ID: a.id, TIME_SLOT_REF1: ids.start, TIME_SLOT_REF2: ids.end, CVE_REF: a.cveRef }, element('ANNOTATION_VALUE', {}, escapeXml(a.value))));
        });
    const body = annotations.length ? `\n${annotations.join('\n')}\n${indent(1)}` : null;
    return indent(1) + element('TIER', { LINGUISTIC_TYPE_REF: tier.type, PARENT_REF: tier.parent, TIER_ID: tier.id }, body);
  });

  const vocabulary = (cvId: string, description: string, entries: Array<[string, string]>) =>
    indent(1) +
    element(
      'CONTROLLED_VOCABULARY',
      { CV_ID: cvId },
      `\n${indent(2)}${element('DESCRIPTION', { LANG_REF: 'eng' }, escapeXml(description))}\n` +
        entries.map(([id, value]) => indent(2) + element('CV_ENTRY_ML', { CVE_ID: id }, element('CVE_VALUE', { LANG_REF: 'eng' }, escapeXml(value)))).join('\n') +
        `\n${indent(1)}`,
    );

  const relative = encodeURI(source.fileName).replace(/[?#]/g, encodeURIComponent);
  // The schema location and the language's ISO definition below are identifiers written into the file, as
  // ELAN 6 writes them; nothing here or in ELAN fetches them, and the app makes no request for them.
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ANNOTATION_DOCUMENT AUTHOR="${escapeXml(options.author ?? '')}" DATE="${(options.now ?? new Date()).toISOString()}" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">`,
    indent(1) + '<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">',
    indent(2) + element('MEDIA_DESCRIPTOR', { MEDIA_URL: relative, MIME_TYPE: source.mimeType || 'video/mp4', RELATIVE_MEDIA_URL: `./${relative}` }),
    indent(2) + element('PROPERTY', { NAME: DURATION_PROPERTY }, String(ms(source.duration))),
    ...unmarked.map((text) => indent(2) + element('PROPERTY', { NAME: PLAN_TIER }, escapeXml(text))),
    indent(2) + element('PROPERTY', { NAME: 'lastUsedAnnotationId' }, String(nextAnnotation)),
    indent(1) + '</HEADER>',
    indent(1) + (timeSlots.length ? `<TIME_ORDER>\n${timeSlots.join('\n')}\n${indent(1)}</TIME_ORDER>` : '<TIME_ORDER/>'),
    ...tierXml,
    indent(1) + element('LINGUISTIC_TYPE', { GRAPHIC_REFERENCES: 'false', LINGUISTIC_TYPE_ID: 'Evidence', TIME_ALIGNABLE: 'true' }),
    indent(1) + element('LINGUISTIC_TYPE', { CONTROLLED_VOCABULARY_REF: TALK_VOCABULARY, GRAPHIC_REFERENCES: 'false', LINGUISTIC_TYPE_ID: 'Talk', TIME_ALIGNABLE: 'true' }),
    indent(1) + element('LINGUISTIC_TYPE', { CONSTRAINTS: 'Symbolic_Association', GRAPHIC_REFERENCES: 'false', LINGUISTIC_TYPE_ID: 'Confidence', TIME_ALIGNABLE: 'false' }),
    indent(1) + element('LINGUISTIC_TYPE', { CONSTRAINTS: 'Symbolic_Association', CONTROLLED_VOCABULARY_REF: QUESTION_VOCABULARY, GRAPHIC_REFERENCES: 'false', LINGUISTIC_TYPE_ID: 'Question type', TIME_ALIGNABLE: 'false' }),
    indent(1) + element('LANGUAGE', { LANG_DEF: 'http://cdb.iso.org/lg/CDB-00130975-001', LANG_ID: 'eng', LANG_LABEL: 'English (eng)' }),
    indent(1) + element('CONSTRAINT', { DESCRIPTION: "Time subdivision of parent annotation's time interval, no time gaps allowed within this interval", STEREOTYPE: 'Time_Subdivision' }),
    indent(1) + element('CONSTRAINT', { DESCRIPTION: 'Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered', STEREOTYPE: 'Symbolic_Subdivision' }),
    indent(1) + element('CONSTRAINT', { DESCRIPTION: '1-1 association with a parent annotation', STEREOTYPE: 'Symbolic_Association' }),
    indent(1) + element('CONSTRAINT', { DESCRIPTION: "Time alignable annotations within the parent annotation's time interval, gaps are allowed", STEREOTYPE: 'Included_In' }),
    vocabulary(TALK_VOCABULARY, 'Who is talking, and how the class is working', TALK_LABELS.map((label) => [cveId('talk', label), LABEL_NAMES[label]])),
    vocabulary(QUESTION_VOCABULARY, 'Open or closed, recall or higher-order', QUESTION_TYPE_VALUES.map((value) => [cveId('question', value), value])),
    '</ANNOTATION_DOCUMENT>',
  ];
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The few things read from a parsed XML element (a DOM Element has them). */
export interface EafElement {
  /** Element name. */
  readonly tagName: string;
  /** An attribute's value, or null (or '' in some parsers) when absent. */
  getAttribute(name: string): string | null;
  /** The text inside. */
  readonly textContent: string | null;
  /** Child nodes; elements have `nodeType` 1. */
  readonly childNodes: ArrayLike<{ readonly nodeType: number }>;
}

/** One annotation as read: times in seconds (dependent annotations take their parent's). */
export interface EafAnnotation {
  /** ANNOTATION_ID. */
  id: string;
  /** Start, seconds. */
  start: number;
  /** End, seconds. */
  end: number;
  /** The annotation value. */
  value: string;
  /** The parent annotation's id, for a dependent tier. */
  parent: string | null;
}

/** One tier as read. */
export interface EafTier {
  /** TIER_ID: the tier's name. */
  name: string;
  /** The parent tier's name, or null. */
  parent: string | null;
  /** Annotations in time order. */
  annotations: EafAnnotation[];
}

/** A read ELAN file. */
export interface EafDocument {
  /** File name of the first linked media (decoded), or ''. */
  mediaFileName: string;
  /** The media length written by Reframe, in seconds, or null when the file does not say. */
  duration: number | null;
  /** Every tier, in file order. */
  tiers: EafTier[];
  /** Header properties, in order, as [name, value]. */
  properties: Array<[string, string]>;
}

/** Thrown when a file is not an ELAN file Reframe can read; the message is for the coach. */
export class EafReadError extends Error {
  override name = 'EafReadError';
}

const childElements = (node: EafElement): EafElement[] => Array.from(node.childNodes).filter((n) => n.nodeType === 1) as unknown as EafElement[];
const attr = (node: EafElement, name: string) => node.getAttribute(name) || null;

/** Read an ELAN document's media, tiers and annotations from its parsed root element. */
export function readEaf(root: EafElement): EafDocument {
  if (root.tagName !== 'ANNOTATION_DOCUMENT') throw new EafReadError('This is not an ELAN file (.eaf).');
  const children = childElements(root);
  const header = children.find((c) => c.tagName === 'HEADER');
  const unitsMs = !header || (attr(header, 'TIME_UNITS') ?? 'milliseconds') === 'milliseconds';
  if (!unitsMs) throw new EafReadError('This ELAN file counts time in video frames; only files timed in milliseconds can be read.');
  const headerChildren = header ? childElements(header) : [];
  const media = headerChildren.find((c) => c.tagName === 'MEDIA_DESCRIPTOR');
  const url = media ? (attr(media, 'RELATIVE_MEDIA_URL') ?? attr(media, 'MEDIA_URL') ?? '') : '';
  let mediaFileName = url.split('/').pop() ?? '';
  try {
    mediaFileName = decodeURIComponent(mediaFileName);
  } catch {
    // A name that is not percent-encoded stays as written.
  }
  const properties = headerChildren.filter((c) => c.tagName === 'PROPERTY').map((p): [string, string] => [attr(p, 'NAME') ?? '', p.textContent ?? '']);
  const durationText = properties.find(([name]) => name === DURATION_PROPERTY)?.[1];
  const duration = durationText && /^\d+$/.test(durationText.trim()) ? Number(durationText) / 1000 : null;

  const times = new Map<string, number>();
  const order = children.find((c) => c.tagName === 'TIME_ORDER');
  for (const slot of order ? childElements(order) : []) {
    const value = attr(slot, 'TIME_VALUE');
    if (value != null && /^\d+$/.test(value)) times.set(attr(slot, 'TIME_SLOT_ID') ?? '', Number(value) / 1000);
  }

  const spans = new Map<string, [number, number]>();
  const tiers: EafTier[] = [];
  const pending: Array<{ annotation: EafAnnotation; ref: string }> = [];
  for (const tierNode of children.filter((c) => c.tagName === 'TIER')) {
    const tier: EafTier = { name: attr(tierNode, 'TIER_ID') ?? '', parent: attr(tierNode, 'PARENT_REF'), annotations: [] };
    for (const wrapper of childElements(tierNode)) {
      for (const node of childElements(wrapper)) {
        const id = attr(node, 'ANNOTATION_ID') ?? '';
        const valueNode = childElements(node).find((c) => c.tagName === 'ANNOTATION_VALUE');
        const value = valueNode?.textContent ?? '';
        if (node.tagName === 'ALIGNABLE_ANNOTATION') {
          const start = times.get(attr(node, 'TIME_SLOT_REF1') ?? '');
          const end = times.get(attr(node, 'TIME_SLOT_REF2') ?? '');
          // Unaligned slots (no time value) belong to hand-made subdivisions; such annotations are skipped.
          if (start == null || end == null) continue;
          spans.set(id, [start, end]);
          tier.annotations.push({ id, start, end, value, parent: null });
        } else if (node.tagName === 'REF_ANNOTATION') {
          const annotation: EafAnnotation = { id, start: 0, end: 0, value, parent: attr(node, 'ANNOTATION_REF') };
          tier.annotations.push(annotation);
          pending.push({ annotation, ref: annotation.parent ?? '' });
        }
      }
    }
    tiers.push(tier);
  }
  // Dependent annotations take their parent's span (parents may be dependent themselves).
  for (let pass = 0; pass < 4 && pending.length; pass++) {
    for (let i = pending.length - 1; i >= 0; i--) {
      const span = spans.get(pending[i].ref);
      if (!span) continue;
      [pending[i].annotation.start, pending[i].annotation.end] = span;
      spans.set(pending[i].annotation.id, span);
      pending.splice(i, 1);
    }
  }
  for (const tier of tiers) tier.annotations.sort((a, b) => a.start - b.start || a.end - b.end);
  return { mediaFileName, duration, tiers, properties };
}

/** What an ELAN file brings into a lesson. */
export interface EafLesson {
  /** Bands of the `Talk (automatic)` tier (empty when absent). */
  autoSegments: TalkSegment[];
  /** Bands of the `Talk (coach)` tier, or null when absent. */
  correctedSegments: TalkSegment[] | null;
  /** Entries from the kind tiers, in time order. */
  entries: Entry[];
  /** The plan: marked phases from the plan tier, unmarked ones from the header, by position. */
  plan: PlanPhase[];
  /** Clips, in list order. */
  clips: ProjectClip[];
  /** Tiers Reframe did not write (nor their dependants): the coach decides what they become. */
  otherTiers: EafTier[];
}

/** The talk label a value names (the label's name, or its id), or null. */
export function talkLabelOf(value: string): TalkLabel | null {
  const v = value.trim();
  return TALK_LABELS.find((label) => LABEL_NAMES[label] === v || label === v) ?? null;
}

/** Whether every annotation of a tier names a talk label, so it can be read as a set of talk bands. */
export function isTalkTier(tier: EafTier): boolean {
  return tier.parent == null && tier.annotations.length > 0 && tier.annotations.every((a) => talkLabelOf(a.value) != null);
}

/** A talk tier's bands (annotations that name no label are left out); confidences from its dependent tier. */
export function talkBands(tier: EafTier, confidence?: EafTier): TalkSegment[] {
  const sure = new Map(confidence?.annotations.map((a) => [a.parent, Number(a.value)]) ?? []);
  return tier.annotations.flatMap((a) => {
    const label = talkLabelOf(a.value);
    const c = sure.get(a.id);
    return label && a.end > a.start ? [{ start: a.start, end: a.end, label, confidence: c != null && Number.isFinite(c) ? c : 1 }] : [];
  });
}

/** Entries of `kind`, one per annotation of a tier (for tiers named like Reframe's, or a tier the coach assigns a kind). */
export function tierEntries(tier: EafTier, kind: EntryKind, lessonId: string, now: number, newId: () => string): Entry[] {
  return tier.annotations.map((a) => entryFromAnnotation(kind, a.start, a.end, a.value, lessonId, now, newId()));
}

/**
 * A read ELAN file as a lesson's bands, entries, plan and clips. Tiers named like the export map
 * back exactly; the question type tier wins over the `Type:` line (it has a controlled vocabulary).
 */
export function eafToLesson(eaf: EafDocument, lessonId: string, now: number, newId: () => string): EafLesson {
  const byName = new Map(eaf.tiers.map((t) => [t.name, t]));
  const ours = new Set<string>([TALK_AUTO_TIER, TALK_COACH_TIER, TALK_AUTO_TIER + CONFIDENCE_SUFFIX, TALK_COACH_TIER + CONFIDENCE_SUFFIX, QUESTION_TYPE_TIER, PLAN_TIER, CLIPS_TIER, ...Object.values(KIND_TIERS)]);
  const auto = byName.get(TALK_AUTO_TIER);
  const coach = byName.get(TALK_COACH_TIER);

  const entries: Entry[] = [];
  const entryOfAnnotation = new Map<string, string>();
  const types = new Map(byName.get(QUESTION_TYPE_TIER)?.annotations.map((a) => [a.parent, a.value]) ?? []);
  for (const kind of ENTRY_KINDS) {
    const tier = byName.get(KIND_TIERS[kind]);
    for (const a of tier?.annotations ?? []) {
      let entry = entryFromAnnotation(kind, a.start, a.end, a.value, lessonId, now, newId());
      const type = types.get(a.id);
      if (entry.kind === 'teacher_question' && type != null) entry = { ...entry, questionType: readQuestionType(type) };
      entryOfAnnotation.set(a.id, entry.id);
      entries.push(entry);
    }
  }

  const plan: Array<PlanPhase & { position: number }> = [];
  const readPhase = (value: string, start: number | null, end: number | null) => {
    const { fields } = readFields(value, (name) => ['Phase', 'Planned', 'Position', 'End'].includes(name));
    const minutes = Number(/^(\d+(?:\.\d+)?) min$/.exec(fields.get('Planned') ?? '')?.[1] ?? 0);
    const position = Number(fields.get('Position') ?? plan.length + 1);
    const phaseEnd = fields.get('End') === 'not marked' ? null : end;
    plan.push({ id: `phase-${plan.length + 1}`, name: fields.get('Phase') ?? value.split('\n')[0], plannedMinutes: minutes, start, end: phaseEnd, position });
  };
  for (const a of byName.get(PLAN_TIER)?.annotations ?? []) readPhase(a.value, a.start, a.end);
  for (const [name, value] of eaf.properties) if (name === PLAN_TIER) readPhase(value, null, null);
  plan.sort((a, b) => a.position - b.position);

  const clips: ProjectClip[] = (byName.get(CLIPS_TIER)?.annotations ?? []).map((a, i) => {
    const { fields } = readFields(a.value, (name) => ['Clip', 'Position', 'Replayed', 'Shows'].includes(name) || name.startsWith('Perspective '));
    const perspectiveNotes: Record<string, string> = {};
    for (const [name, text] of fields) if (name.startsWith('Perspective ')) perspectiveNotes[name.slice('Perspective '.length)] = text;
    const shows = (fields.get('Shows') ?? '').split(/\s+/).map((id) => entryOfAnnotation.get(id)).filter((id): id is string => id != null);
    return { id: newId(), title: fields.get('Clip') ?? a.value, start: a.start, end: a.end, annotationIds: shows, order: Number(fields.get('Position') ?? i + 1) - 1, replayCount: Number(fields.get('Replayed') ?? 0) || 0, perspectiveNotes };
  });
  clips.sort((a, b) => a.order - b.order).forEach((clip, i) => (clip.order = i));

  const otherNames = new Set(eaf.tiers.filter((t) => !ours.has(t.name)).map((t) => t.name));
  return {
    autoSegments: auto ? talkBands(auto, byName.get(TALK_AUTO_TIER + CONFIDENCE_SUFFIX)) : [],
    correctedSegments: coach ? talkBands(coach, byName.get(TALK_COACH_TIER + CONFIDENCE_SUFFIX)) : null,
    entries: entries.sort((a, b) => a.time - b.time),
    plan: plan.map(({ position: _position, ...phase }) => phase),
    clips,
    otherTiers: eaf.tiers.filter((t) => otherNames.has(t.name) && (t.parent == null || !ours.has(t.parent))),
  };
}

/** Whether an ELAN file fits the open lesson: its media length within a second, or (when it does not say) no annotation past the video's end. */
export function matchEafToLesson(eaf: EafDocument, lesson: { duration: number; fileName: string }): { matches: boolean; reason?: string } {
  if (eaf.duration != null) {
    if (Math.abs(eaf.duration - lesson.duration) <= 1) return { matches: true };
    return { matches: false, reason: `The ELAN file was made for a video of ${Math.round(eaf.duration)} s; this lesson's video lasts ${Math.round(lesson.duration)} s.` };
  }
  const last = Math.max(0, ...eaf.tiers.flatMap((t) => t.annotations.map((a) => a.end)));
  if (last > lesson.duration + 1) return { matches: false, reason: `The ELAN file has annotations up to ${Math.round(last)} s, past the end of this lesson's video (${Math.round(lesson.duration)} s).` };
  return { matches: true };
}
