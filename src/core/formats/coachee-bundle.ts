/**
 * A teacher's whole record as one set of files (zipped at the edge): `coachee.json` names the coachee,
 * their cycles and their lessons; `lessons/…reframe.json` holds each lesson's project file;
 * `guides/…json` each of the coach's own guides the cycles chose. No video: the record is restored
 * onto the same videos, imported on the other machine first.
 */
import { STEP_STATUSES, type Coachee, type Cycle, type StepReview } from '../cycles';
import { parseGuide, guideToJson, type CoachingGuide } from '../guides';
import { isLensId, type LensId } from '../lenses';
import { parseProject, projectFileName, type ProjectFile } from './project';

/** The `format` value of `coachee.json`. */
export const COACHEE_FORMAT = 'reframe.coachee';

/** Current version of the coachee record. */
export const COACHEE_VERSION = 1;

/** Name of the record's index file. */
export const COACHEE_INDEX = 'coachee.json';

/** A cycle as the record writes it (the coachee is the record's own). */
export type BundleCycle = Omit<Cycle, 'coacheeId' | 'updatedAt'>;

/** One lesson of the record: its project file and what finds its video. */
export interface BundleLesson {
  /** Path of its project file in the record. */
  file: string;
  title: string;
  date: string;
  fingerprint: string;
  duration: number;
  cycleId: string;
}

/** `coachee.json`. */
export interface CoacheeIndex {
  format: typeof COACHEE_FORMAT;
  version: number;
  exportedAt: string;
  coachee: { id: string; name: string; createdAt: number };
  cycles: BundleCycle[];
  lessons: BundleLesson[];
  /** Paths of the guide files. */
  guides: string[];
}

/** What a record is built from. */
export interface CoacheeBundleSource {
  coachee: Coachee;
  cycles: readonly Cycle[];
  /** Each lesson of the coachee's cycles with its project file (which names its cycle). */
  lessons: ReadonlyArray<{ cycleId: string; project: ProjectFile }>;
  /** The coach's own guides the cycles chose (built-in guides are named by id only). */
  guides: readonly CoachingGuide[];
}

/** The record's files, path to text. Lesson files are numbered so two lessons with one title never share a name. */
export function buildCoacheeBundle(source: CoacheeBundleSource, now = new Date()): Record<string, string> {
  const files: Record<string, string> = {};
  const lessons = source.lessons.map(({ cycleId, project }, i): BundleLesson => {
    const file = `lessons/${String(i + 1).padStart(2, '0')}-${projectFileName(project.lesson.title)}`;
    files[file] = JSON.stringify(project, null, 2);
    const { title, date, fingerprint, duration } = project.lesson;
    return { file, title, date, fingerprint, duration, cycleId };
  });
  const guides = source.guides.map((guide, i) => {
    const file = `guides/${String(i + 1).padStart(2, '0')}-${projectFileName(guide.name).replace(/\.reframe\.json$/, '.reframe-guide.json')}`;
    files[file] = guideToJson(guide, now);
    return file;
  });
  const index: CoacheeIndex = {
    format: COACHEE_FORMAT,
    version: COACHEE_VERSION,
    exportedAt: now.toISOString(),
    coachee: { id: source.coachee.id, name: source.coachee.name, createdAt: source.coachee.createdAt },
    cycles: source.cycles.map(({ id, createdAt, focus, themeId, lenses, evidenceToCollect, stepReviews }) => ({ id, createdAt, focus, themeId, lenses, evidenceToCollect, stepReviews })),
    lessons,
    guides,
  };
  files[COACHEE_INDEX] = JSON.stringify(index, null, 2);
  return files;
}

/** File name of a coachee's record. */
export function coacheeBundleName(name: string): string {
  return projectFileName(name).replace(/\.reframe\.json$/, '.reframe-coachee.zip');
}

/** A record as read: every lesson's project parsed, every guide checked. */
export interface CoacheeBundle {
  index: CoacheeIndex;
  lessons: Array<BundleLesson & { project: ProjectFile }>;
  guides: CoachingGuide[];
}

/** The outcome of reading a record; errors and warnings are in plain words and name the file. */
export type ReadCoacheeBundleResult = { ok: true; bundle: CoacheeBundle; warnings: string[] } | { ok: false; errors: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** A cycle of the index, or an error message. */
function readCycle(raw: unknown, i: number, warnings: string[]): BundleCycle | string {
  if (!isRecord(raw) || !text(raw.id)) return `Cycle ${i + 1} in ${COACHEE_INDEX} has no id.`;
  const lenses = (Array.isArray(raw.lenses) ? raw.lenses : []).filter((l): l is LensId => typeof l === 'string' && isLensId(l));
  if (Array.isArray(raw.lenses) && lenses.length < raw.lenses.length) warnings.push(`Cycle ${i + 1}: lenses this app does not know were left out.`);
  const reviews: StepReview[] = [];
  for (const r of Array.isArray(raw.stepReviews) ? raw.stepReviews : []) {
    if (!isRecord(r) || !text(r.stepId) || !(STEP_STATUSES as readonly unknown[]).includes(r.status)) return `Cycle ${i + 1} in ${COACHEE_INDEX} has a step review that cannot be read.`;
    reviews.push({ stepId: r.stepId as string, status: r.status as StepReview['status'], entryId: text(r.entryId) });
  }
  return {
    id: raw.id as string,
    createdAt: typeof raw.createdAt === 'number' && Number.isFinite(raw.createdAt) ? raw.createdAt : 0,
    focus: text(raw.focus) ?? '',
    themeId: text(raw.themeId),
    lenses,
    evidenceToCollect: (Array.isArray(raw.evidenceToCollect) ? raw.evidenceToCollect : []).filter((e): e is string => typeof e === 'string'),
    stepReviews: reviews,
  };
}

/**
 * Read a record's files (path to text). Refuses a record without its index, of a newer version, or
 * with a lesson file that is missing or cannot be read; a guide file that cannot be read is left out
 * with a warning.
 */
export function readCoacheeBundle(files: Readonly<Record<string, string>>): ReadCoacheeBundleResult {
  const indexText = files[COACHEE_INDEX];
  if (indexText == null) return { ok: false, errors: ['This file is not a teacher’s record from Reframe (it has no coachee.json).'] };
  let raw: unknown;
  try {
    raw = JSON.parse(indexText);
  } catch {
    return { ok: false, errors: ['This teacher’s record is damaged: coachee.json cannot be read.'] };
  }
  if (!isRecord(raw) || raw.format !== COACHEE_FORMAT) return { ok: false, errors: ['This file is not a teacher’s record from Reframe.'] };
  if (typeof raw.version !== 'number' || !Number.isInteger(raw.version) || raw.version < 1) return { ok: false, errors: ['This teacher’s record has no version this app can read.'] };
  if (raw.version > COACHEE_VERSION) return { ok: false, errors: ['This teacher’s record was saved by a newer version of Reframe; update Reframe to open it.'] };
  const errors: string[] = [];
  const warnings: string[] = [];
  const c = isRecord(raw.coachee) ? raw.coachee : {};
  const coachee = { id: text(c.id) ?? '', name: (text(c.name) ?? '').trim(), createdAt: typeof c.createdAt === 'number' ? c.createdAt : 0 };
  if (!coachee.id || !coachee.name) errors.push('The record does not say whose it is (no coachee id or name).');

  const cycles: BundleCycle[] = [];
  (Array.isArray(raw.cycles) ? raw.cycles : []).forEach((rc, i) => {
    const cycle = readCycle(rc, i, warnings);
    if (typeof cycle === 'string') errors.push(cycle);
    else cycles.push(cycle);
  });
  const cycleIds = new Set(cycles.map((cy) => cy.id));

  const lessons: CoacheeBundle['lessons'] = [];
  const rawLessons = Array.isArray(raw.lessons) ? raw.lessons : [];
  for (const [i, rl] of rawLessons.entries()) {
    const file = isRecord(rl) ? text(rl.file) : null;
    const cycleId = isRecord(rl) ? text(rl.cycleId) : null;
    if (!file || files[file] == null) {
      errors.push(`Lesson ${i + 1} of the record is missing its project file.`);
      continue;
    }
    if (!cycleId || !cycleIds.has(cycleId)) {
      errors.push(`${file} names a cycle the record does not hold.`);
      continue;
    }
    const parsed = parseProject(files[file]);
    if (!parsed.ok) {
      errors.push(`${file} cannot be read: ${parsed.errors[0]}`);
      continue;
    }
    warnings.push(...parsed.warnings.map((w) => `${file}: ${w}`));
    const { title, date, fingerprint, duration } = parsed.project.lesson;
    lessons.push({ file, title, date, fingerprint, duration, cycleId, project: parsed.project });
  }

  const guides: CoachingGuide[] = [];
  const guideFiles = (Array.isArray(raw.guides) ? raw.guides : []).filter((g): g is string => typeof g === 'string');
  for (const file of guideFiles) {
    const parsed = files[file] == null ? null : parseGuide(files[file]);
    if (parsed?.ok) guides.push(parsed.guide);
    else warnings.push(`The guide ${file} could not be read and was left out.`);
  }
  if (errors.length) return { ok: false, errors };
  const index: CoacheeIndex = {
    format: COACHEE_FORMAT,
    version: COACHEE_VERSION,
    exportedAt: text(raw.exportedAt) ?? '',
    coachee,
    cycles,
    lessons: lessons.map(({ project: _project, ...entry }) => entry),
    guides: guideFiles,
  };
  return { ok: true, bundle: { index, lessons, guides }, warnings };
}
