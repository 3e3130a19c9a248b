/**
 * Theme coaching guides: for a theme a coaching cycle works on, the conversations worth having and
 * the practice evidence worth collecting. The coaching guide (section 6) gives one worked example,
 * for assessment for learning, and names the themes its schools chose most; it suggests a school's
 * coaching group builds more such templates and adds to them. The six built-in guides are written in
 * our own words from that idea and from the lenses; a coach edits them, makes new ones, and shares
 * them as small JSON files (format below).
 */
import { LENSES, type LensId } from './lenses';
import { PERSPECTIVES, type Perspective } from './loop';

/** A template of discussion prompts and evidence to collect, for one theme. */
export interface CoachingGuide {
  /** Stable identifier; built-in guides keep theirs across versions. */
  id: string;
  /** The theme, in the coach's words. */
  name: string;
  /** One or two sentences: what the theme looks at. */
  summary: string;
  /** Possible themes for the conversation, put first in the lens panels and in meeting mode. */
  discussionPrompts: string[];
  /** Practice evidence worth collecting in the lesson (and beyond it: pupils' work, what pupils say). */
  evidence: string[];
  /** Lenses that suit the theme, offered first when a cycle picks the guide. */
  lenses: LensId[];
  /** Where the guide comes from (a citation, or the school that wrote it). */
  source: string;
  /** True for the six guides that ship with the app (a coach edits a copy). */
  builtIn: boolean;
}

/** The coaching guide whose section 6 the built-in guides follow. */
export const GUIDE_SOURCE =
  'After the idea of theme coaching guides in Lofthouse, Leat & Towler (2010), Coaching for teaching and learning: a practical guide for schools, CfBT Education Trust / National College, section 6 (its example: assessment for learning); wording our own';

/** The six built-in guides, for the themes the guide's schools coached most often, in that order. */
export const BUILT_IN_GUIDES: readonly CoachingGuide[] = [
  {
    id: 'engagement',
    name: 'Engagement and motivation',
    summary: 'When pupils lean in to the work and when they drift, and what in the lesson makes the difference.',
    discussionPrompts: [
      'At which moments did most pupils seem absorbed, and what was going on in the lesson then?',
      'Who stayed on the edge of the work, and what might have drawn them in?',
      'How did pupils know why today’s work mattered?',
      'Where could pupils make a choice, and what did they do with it?',
      'What would a small change to the first five minutes do to the rest of the lesson?',
    ],
    evidence: [
      'Times when attention visibly rose or fell, marked on the timeline',
      'Which pupils spoke, asked or volunteered, and which did not',
      'Pupils’ own account, afterwards, of the part they enjoyed and the part they did not',
      'How much of the set work pupils finished, from their books',
    ],
    lenses: ['incidents', 'strengths', 'interaction', 'time_use'],
    source: GUIDE_SOURCE,
    builtIn: true,
  },
  {
    id: 'classroom_talk',
    name: 'Classroom talk',
    summary: 'Who talks, for how long and in what way; how questions and replies move pupils’ thinking on.',
    discussionPrompts: [
      'How was the talk shared between teacher and pupils, and is that the balance wanted for this lesson?',
      'Which questions opened up thinking, and which closed it down?',
      'What happened in the silence after a question?',
      'How did answers get built on, by the teacher or by other pupils?',
      'What kind of talk would the next lesson need more of?',
    ],
    evidence: [
      'Talk-time bands, corrected where the analysis was unsure',
      'Teacher questions classed as open or closed, recall or higher-order',
      'Wait times after questions and after answers',
      'Pupil questions, and whether they came unasked',
      'Words used by pupils that show the subject’s own vocabulary',
    ],
    lenses: ['time_use', 'questions', 'pupil_questions', 'language'],
    source: GUIDE_SOURCE,
    builtIn: true,
  },
  {
    id: 'group_work',
    name: 'Group work',
    summary: 'How groups are set up and kept going, and whether the task needs the group to do it.',
    discussionPrompts: [
      'Did the task need several minds, or could one pupil have done it alone?',
      'How did each group know what to do and when they were done?',
      'What did the teacher do while the groups worked, and what came of it?',
      'Whose voice carried in each group, and whose was missing?',
      'How did the groups’ work come back to the whole class?',
    ],
    evidence: [
      'How long groups worked, against the plan',
      'What the teacher did during group work: where they went, whom they spoke to',
      'A close look at one group’s talk: who spoke, who built on whom',
      'What the groups produced, and what pupils said about working together',
    ],
    lenses: ['time_use', 'interaction', 'movement', 'language'],
    source: GUIDE_SOURCE,
    builtIn: true,
  },
  {
    id: 'starters_plenaries',
    name: 'Starters and plenaries',
    summary: 'How a lesson opens and closes: getting pupils thinking quickly, and finding out what they take away.',
    discussionPrompts: [
      'How quickly were pupils thinking about the subject, and what got them there?',
      'How did the starter link to what came next?',
      'What did the plenary tell the teacher that they did not know before?',
      'Was there time left for the ending that was planned, and if not, where did it go?',
      'How might the end of this lesson shape the start of the next one?',
    ],
    evidence: [
      'Planned against actual minutes for the first and last phases',
      'What pupils said or wrote in the plenary, set against the lesson’s aims',
      'Questions asked in the opening minutes, and who answered them',
      'Pupils’ own summary of the lesson, asked afterwards',
    ],
    lenses: ['time_use', 'questions', 'strengths'],
    source: GUIDE_SOURCE,
    builtIn: true,
  },
  {
    id: 'assessment_for_learning',
    name: 'Assessment for learning',
    summary: 'Finding out during the lesson what pupils understand, and using it to decide what happens next.',
    discussionPrompts: [
      'What would pupils be doing or saying if this were working well?',
      'What does planning for it change about how the lesson is prepared?',
      'Which of the strategies used did the most, and how could they do more?',
      'What would getting better at it look like, for the teacher and for the pupils?',
      'What about this topic do pupils most need to grasp, and how does checking their understanding help with it?',
    ],
    evidence: [
      'Pupils’ work read closely: what has been understood, set against the aims',
      'Pupils’ accounts of how they were assessed and given feedback, and whether those differed',
      'Moments of dialogue, in groups or with the teacher, where understanding was checked',
      'How pupils used the feedback and the words it was given in',
    ],
    lenses: ['questions', 'pupil_questions', 'interaction', 'language'],
    source: GUIDE_SOURCE,
    builtIn: true,
  },
  {
    id: 'behaviour_for_learning',
    name: 'Behaviour for learning',
    summary: 'The routines and relationships that let pupils get on with learning, seen through what happens before and after an incident.',
    discussionPrompts: [
      'What came just before the moments the lesson went off track?',
      'Which routines ran by themselves, and which needed the teacher each time?',
      'How did the teacher’s position in the room and their voice change what pupils did?',
      'What did pupils who got on with the work have that others lacked?',
      'Which of today’s responses would the teacher want to use again?',
    ],
    evidence: [
      'Incidents with what triggered them and how they ended',
      'Moments that went well and what made them work',
      'The teacher’s movement around the room',
      'Time lost at changeovers between phases, against the plan',
    ],
    lenses: ['incidents', 'strengths', 'movement', 'time_use'],
    source: GUIDE_SOURCE,
    builtIn: true,
  },
];

/** The `format` value of a guide file. */
export const GUIDE_FORMAT = 'reframe.guide';

/** Current version of the guide file. */
export const GUIDE_VERSION = 1;

/** A guide as a file a school shares. */
export interface GuideFile {
  format: typeof GUIDE_FORMAT;
  version: number;
  exportedAt: string;
  guide: Omit<CoachingGuide, 'builtIn'>;
}

/** A guide as the JSON text of its file (pretty-printed, to be read and edited by people too). */
export function guideToJson(guide: CoachingGuide, now = new Date()): string {
  const { builtIn: _builtIn, ...rest } = guide;
  const file: GuideFile = { format: GUIDE_FORMAT, version: GUIDE_VERSION, exportedAt: now.toISOString(), guide: rest };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Longest a name may be, and a prompt or evidence line. */
const MAX_NAME = 120;
const MAX_LINE = 500;
const MAX_LINES = 50;

/** The outcome of reading a guide file: an imported guide is never built in. */
export type ParseGuideResult = { ok: true; guide: CoachingGuide; warnings: string[] } | { ok: false; errors: string[] };

/** Text lines of a list field: trimmed, empty ones dropped; errors for anything that is not text. */
function lines(value: unknown, field: string, errors: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`“${field}” should be a list of lines.`);
    return [];
  }
  if (value.length > MAX_LINES) errors.push(`“${field}” has more than ${MAX_LINES} lines.`);
  const out: string[] = [];
  value.forEach((line, i) => {
    if (typeof line !== 'string') errors.push(`Line ${i + 1} of “${field}” is not text.`);
    else if (line.trim().length > MAX_LINE) errors.push(`Line ${i + 1} of “${field}” is longer than ${MAX_LINE} characters.`);
    else if (line.trim()) out.push(line.trim());
  });
  return out;
}

/**
 * Read a guide file. Refuses what is not a guide, a newer version than this app knows, and a guide
 * without a name or without any prompt or evidence line; unknown lenses are dropped with a warning.
 * Errors are in plain words for the coach.
 */
export function parseGuide(text: string): ParseGuideResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['This file is not a coaching guide (it is not JSON).'] };
  }
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== GUIDE_FORMAT) {
    return { ok: false, errors: ['This file is not a Reframe coaching guide.'] };
  }
  const file = raw as Partial<Record<keyof GuideFile, unknown>>;
  if (typeof file.version !== 'number' || !Number.isInteger(file.version) || file.version < 1) {
    return { ok: false, errors: ['This coaching guide file has no version this app can read.'] };
  }
  if (file.version > GUIDE_VERSION) {
    return { ok: false, errors: ['This coaching guide was saved by a newer version of Reframe; update Reframe to open it.'] };
  }
  const guide = file.guide;
  if (!guide || typeof guide !== 'object') return { ok: false, errors: ['This coaching guide file holds no guide.'] };
  const g = guide as Record<string, unknown>;
  const errors: string[] = [];
  const warnings: string[] = [];
  const id = typeof g.id === 'string' && g.id.trim() ? g.id.trim() : '';
  if (!id) errors.push('The guide has no id.');
  const name = typeof g.name === 'string' ? g.name.replace(/\s+/g, ' ').trim() : '';
  if (!name) errors.push('The guide has no name.');
  else if (name.length > MAX_NAME) errors.push(`The guide’s name is longer than ${MAX_NAME} characters.`);
  const summary = typeof g.summary === 'string' ? g.summary.trim() : '';
  if (summary.length > MAX_LINE) errors.push(`The guide’s summary is longer than ${MAX_LINE} characters.`);
  const discussionPrompts = lines(g.discussionPrompts, 'discussionPrompts', errors);
  const evidence = lines(g.evidence, 'evidence', errors);
  if (!errors.length && !discussionPrompts.length && !evidence.length) errors.push('The guide has no discussion prompts and no evidence to collect.');
  const known = new Set<string>(LENSES.map((l) => l.id));
  const lensList = Array.isArray(g.lenses) ? g.lenses : [];
  if (g.lenses !== undefined && !Array.isArray(g.lenses)) warnings.push('The guide’s lenses were not a list and were left out.');
  const lenses = [...new Set(lensList.filter((l): l is LensId => typeof l === 'string' && known.has(l)))];
  const unknown = lensList.filter((l) => !(typeof l === 'string' && known.has(l)));
  if (unknown.length) warnings.push(`${unknown.length} lens${unknown.length === 1 ? '' : 'es'} this app does not know ${unknown.length === 1 ? 'was' : 'were'} left out.`);
  const source = typeof g.source === 'string' ? g.source.trim() : '';
  if (errors.length) return { ok: false, errors };
  return { ok: true, guide: { id, name, summary, discussionPrompts, evidence, lenses, source, builtIn: false }, warnings };
}

/** A guide by id among the built-in and the coach's own guides (the coach's own first, so an edited copy wins). */
export function findGuide(id: string | null, own: readonly CoachingGuide[] = []): CoachingGuide | null {
  if (!id) return null;
  return own.find((g) => g.id === id) ?? BUILT_IN_GUIDES.find((g) => g.id === id) ?? null;
}

/**
 * The lenses in the order a cycle's workbench offers them: the lenses agreed for the cycle, then the
 * guide's, then the rest in Figure 9 order; each once.
 */
export function lensOrder(cycleLenses: readonly LensId[], guide: CoachingGuide | null): LensId[] {
  return [...new Set([...cycleLenses, ...(guide?.lenses ?? []), ...LENSES.map((l) => l.id)])];
}

/**
 * The perspectives meeting mode offers in turn with a guide chosen: the guide's discussion prompts
 * first, each a perspective of its own, then the usual ones. Ids name the guide and the prompt's
 * place, so notes made under one stay with it while the guide is unchanged.
 */
export function guidePerspectives(guide: CoachingGuide | null, base: readonly Perspective[] = PERSPECTIVES): Perspective[] {
  if (!guide) return [...base];
  const own = guide.discussionPrompts.map((prompt, i) => ({ id: `guide:${guide.id}:${i + 1}`, label: `${guide.name} (${i + 1})`, prompt }));
  return [...own, ...base];
}
