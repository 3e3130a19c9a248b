/**
 * The lesson's evidence out of and back into storage: the project file (lossless), CSV, WebVTT, ELAN and
 * the printable meeting record. Formats live in core/formats; this module only gathers and restores.
 */
import { buildProject, matchLesson, parseProject, projectFileName, restoredRecords, restoredStepReviews, type ProjectCycle, type ProjectFile } from '../core/formats/project';
import { entriesToCsv } from '../core/formats/csv';
import { entriesToWebVtt } from '../core/formats/webvtt';
import { meetingRecordHtml } from '../core/formats/record-html';
import { EafReadError, TALK_AUTO_TIER, TALK_COACH_TIER, eafToLesson, isTalkTier, lessonToEaf, matchEafToLesson, readEaf, talkBands, tierEntries, type EafElement, type EafLesson, type EafTier } from '../core/formats/eaf';
import { matchEvents, talkAgreement, type KindMatch, type TalkAgreement } from '../core/agreement';
import type { Entry, EntryKind } from '../core/annotations';
import type { TalkSegment } from '../core/talk';
import { fileNamePart } from '../core/formats/clip-name';
import { listClips, listEntries, markExported, restoreProject, type LessonRecord } from '../db/db';
import { getAnalysis, getCoachee, getCycle, getGuide, getLesson, getMeeting, getPlan, getSegments } from '../db/reads';
import { findGuide } from '../core/guides';
import { downloadBlob } from './download';

/** Gather a lesson's whole project from storage. */
export async function projectOf(lessonId: string): Promise<{ lesson: LessonRecord; project: ProjectFile }> {
  const [lesson, segments, analysis, entries, plan, clips, meeting] = await Promise.all([
    getLesson(lessonId),
    getSegments(lessonId),
    getAnalysis(lessonId),
    listEntries(lessonId),
    getPlan(lessonId),
    listClips(lessonId),
    getMeeting(lessonId),
  ]);
  if (!lesson) throw new Error('This lesson is no longer in the library.');
  const project = buildProject({
    cycle: await projectCycleOf(lesson),
    lesson: { title: lesson.title, teacher: lesson.teacher, subject: lesson.subject, date: lesson.date, duration: lesson.duration, fingerprint: lesson.fingerprint, fileName: lesson.fileName },
    autoSegments: segments?.auto ?? [],
    correctedSegments: segments?.corrected ?? null,
    algorithmVersion: analysis?.state === 'done' ? analysis.algorithmVersion : null,
    entries,
    plan: plan?.phases,
    prewatch: plan ? { minutes: plan.prewatchMinutes, overrides: plan.prewatchOverrides } : undefined,
    clips: clips.map(({ id, title, start, end, annotationIds, order, replayCount, perspectiveNotes }) => ({ id, title, start, end, annotationIds, order, replayCount, perspectiveNotes })),
    meeting: meeting ? { focus: meeting.focus, actionSteps: meeting.actionSteps, nextMeeting: meeting.nextMeeting, notes: meeting.notes } : undefined,
  });
  return { lesson, project };
}

/** The lesson's coaching cycle and coachee as the project writes them, or null for a loose lesson. */
async function projectCycleOf(lesson: LessonRecord): Promise<ProjectCycle | null> {
  const cycle = lesson.cycleId ? await getCycle(lesson.cycleId) : undefined;
  const coachee = cycle ? await getCoachee(cycle.coacheeId) : undefined;
  if (!cycle || !coachee) return null;
  const { id, focus, themeId, lenses, evidenceToCollect, stepReviews, createdAt } = cycle;
  return { id, coachee: { id: coachee.id, name: coachee.name }, focus, themeId, lenses, evidenceToCollect, stepReviews, createdAt };
}

/** Download the project JSON (no video) and remember when the lesson was last exported. */
export async function exportProject(lessonId: string): Promise<void> {
  const { lesson, project } = await projectOf(lessonId);
  downloadBlob(new Blob([JSON.stringify(project, null, 2)], { type: 'application/json' }), projectFileName(lesson.title));
  await markExported(lessonId);
}

/** Download the evidence as CSV (one row per entry). */
export async function exportCsv(lessonId: string): Promise<void> {
  const { lesson, project } = await projectOf(lessonId);
  // A byte-order mark lets spreadsheet programs read accented names correctly.
  const csv = '\ufeff' + entriesToCsv(project.annotations, { lessonTitle: lesson.title });
  downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${fileNamePart(lesson.title, 'lesson')}_evidence.csv`);
}

/** Download the evidence as WebVTT, optionally with a cue per talk-time segment. */
export async function exportWebVtt(lessonId: string, includeSegments: boolean): Promise<void> {
  const { lesson, project } = await projectOf(lessonId);
  const vtt = entriesToWebVtt(project.annotations, { segments: project.segments.corrected, includeSegments, lessonTitle: lesson.title, duration: lesson.duration });
  downloadBlob(new Blob([vtt], { type: 'text/vtt' }), `${fileNamePart(lesson.title, 'lesson')}_evidence.vtt`);
}

/** The printable meeting record as a self-contained HTML page. */
export async function meetingRecordPage(lessonId: string): Promise<{ html: string; fileName: string }> {
  const { lesson, project } = await projectOf(lessonId);
  // The cycle's guide: the coach's own copy if there is one, else the built-in guide of that id.
  const themeId = project.cycle?.themeId ?? null;
  const own = themeId ? await getGuide(themeId) : undefined;
  const guide = findGuide(themeId, own ? [own] : []);
  return { html: meetingRecordHtml(project, new Date(), { guide }), fileName: `${fileNamePart(lesson.title, 'lesson')}_meeting-record.html` };
}

/** What happened when a project file was read. */
export type ProjectImportCheck =
  | { ok: false; errors: string[] }
  | { ok: true; project: ProjectFile; warnings: string[]; mismatch: string | null };

/** Read and validate a project file against this lesson; nothing is written. */
export async function checkProjectFile(lessonId: string, file: Blob): Promise<ProjectImportCheck> {
  const lesson = await getLesson(lessonId);
  if (!lesson) return { ok: false, errors: ['This lesson is no longer in the library.'] };
  const parsed = parseProject(await file.text());
  if (!parsed.ok) return parsed;
  const match = matchLesson(parsed.project, lesson);
  return { ok: true, project: parsed.project, warnings: parsed.warnings, mismatch: match.matches ? null : (match.reason ?? 'It was made for another video.') };
}

/**
 * Restore a checked project onto the lesson (replacing its evidence, plan, clips and meeting record).
 * Entries and clips get new ids, so no other lesson's records change, whichever lesson the file came from.
 * Returns the file's entry ids to the restored ones.
 */
export async function applyProject(lessonId: string, project: ProjectFile): Promise<Map<string, string>> {
  const now = Date.now();
  const { entries, entryIds, clips } = restoredRecords(project, lessonId, () => crypto.randomUUID());
  const cycle = project.cycle;
  await restoreProject(lessonId, {
    details: { title: project.lesson.title, teacher: project.lesson.teacher, subject: project.lesson.subject, date: project.lesson.date },
    segments: project.segments.auto.length ? { auto: project.segments.auto, corrected: project.segments.correctedByCoach ? project.segments.corrected : null } : null,
    entries,
    plan: { lessonId, phases: project.plan, prewatchMinutes: project.prewatch.minutes, prewatchOverrides: project.prewatch.overrides, updatedAt: now },
    clips: clips.map((c) => ({ ...c, lessonId, createdAt: now, updatedAt: now })),
    meeting: {
      lessonId,
      focus: project.meeting.focus,
      actionSteps: project.meeting.actionSteps.map((s) => ({ id: s.id ?? crypto.randomUUID(), text: s.text, owner: s.owner, due: s.due })),
      nextMeeting: project.meeting.nextMeeting,
      notes: project.meeting.notes,
      updatedAt: now,
    },
    cycle: cycle
      ? {
          coachee: { id: cycle.coachee.id, name: cycle.coachee.name, createdAt: now, updatedAt: now },
          cycle: {
            id: cycle.id,
            coacheeId: cycle.coachee.id,
            createdAt: cycle.createdAt,
            updatedAt: now,
            focus: cycle.focus,
            themeId: cycle.themeId,
            lenses: cycle.lenses,
            evidenceToCollect: cycle.evidenceToCollect,
            stepReviews: restoredStepReviews(cycle.stepReviews, entryIds),
          },
        }
      : null,
  });
  return entryIds;
}

/** Download the lesson's coding as an ELAN file (.eaf) to keep next to the video. */
export async function exportEaf(lessonId: string): Promise<void> {
  const { lesson, project } = await projectOf(lessonId);
  const eaf = lessonToEaf({
    fileName: lesson.fileName,
    mimeType: lesson.mimeType,
    duration: lesson.duration,
    autoSegments: project.segments.auto,
    correctedSegments: project.segments.correctedByCoach ? project.segments.corrected : null,
    entries: project.annotations,
    plan: project.plan,
    clips: project.clips,
  });
  downloadBlob(new Blob([eaf], { type: 'application/xml' }), `${fileNamePart(lesson.title, 'lesson')}.eaf`);
}

/** What happened when an ELAN file was read. */
export type EafImportCheck =
  | { ok: false; errors: string[] }
  | { ok: true; lesson: EafLesson; otherTiers: EafTier[]; mismatch: string | null; talkTiers: Array<{ name: string; agreement: TalkAgreement }> };

/** Read an ELAN file against this lesson (parsed by the browser); nothing is written. */
export async function checkEafFile(lessonId: string, file: Blob): Promise<EafImportCheck> {
  const lesson = await getLesson(lessonId);
  if (!lesson) return { ok: false, errors: ['This lesson is no longer in the library.'] };
  const doc = new DOMParser().parseFromString(await file.text(), 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return { ok: false, errors: ['This file is damaged or is not an ELAN file (.eaf).'] };
  try {
    const eaf = readEaf(doc.documentElement as unknown as EafElement);
    const match = matchEafToLesson(eaf, lesson);
    const read = eafToLesson(eaf, lessonId, Date.now(), () => crypto.randomUUID());
    // How each talk tier of the file agrees with this lesson's own automatic bands.
    const own = (await getSegments(lessonId))?.auto ?? [];
    const talkTiers = own.length
      ? eaf.tiers.filter((t) => t.name !== TALK_AUTO_TIER && (t.name === TALK_COACH_TIER || isTalkTier(t))).map((t) => ({ name: t.name, agreement: talkAgreement(own, talkBands(t), lesson.duration) }))
      : [];
    return { ok: true, lesson: read, otherTiers: read.otherTiers, mismatch: match.matches ? null : (match.reason ?? 'It was made for another video.'), talkTiers };
  } catch (e) {
    if (e instanceof EafReadError) return { ok: false, errors: [e.message] };
    console.error('Reading an ELAN file failed', e);
    return { ok: false, errors: ['This ELAN file could not be read; nothing was changed.'] };
  }
}

/**
 * Bring a checked ELAN file's coding into the lesson: its entries, clips and coach's bands replace the
 * lesson's, and its plan when it has one; each other tier the coach gave a kind adds entries of that kind.
 * The lesson's own analysis, details and meeting record stay.
 */
export async function applyEaf(lessonId: string, eaf: EafLesson, otherTiers: ReadonlyArray<{ tier: EafTier; kind: EntryKind }> = []): Promise<void> {
  const { project } = await projectOf(lessonId);
  const now = Date.now();
  const extra = otherTiers.flatMap(({ tier, kind }) => tierEntries(tier, kind, lessonId, now, () => crypto.randomUUID()));
  const auto = project.segments.auto.length ? project.segments.auto : eaf.autoSegments;
  await applyProject(lessonId, {
    ...project,
    segments: { ...project.segments, auto, corrected: eaf.correctedSegments ?? auto, correctedByCoach: eaf.correctedSegments != null },
    annotations: [...eaf.entries, ...extra],
    plan: eaf.plan.length ? eaf.plan : project.plan,
    clips: eaf.clips,
  });
}

/** A second coder's file against this lesson's coding: talk bands and entries. */
export interface SecondCoderComparison {
  /** The coach's bands (corrected, else automatic) against the file's coach bands, or null when either has none. */
  talk: TalkAgreement | null;
  /** Entries matched per kind, this lesson's coach first. */
  kinds: Array<KindMatch<EntryKind>>;
}

/** A second coder's coding of the same video: their entries and their talk bands (empty when they have none). */
export interface SecondCoding {
  /** Their entries. */
  entries: readonly Entry[];
  /** Their talk bands. */
  bands: readonly TalkSegment[];
}

/** A checked ELAN file read as a second coder's: its coach bands, failing those its first tier of talk labels. */
export function eafCoding(eaf: EafLesson, otherTiers: readonly EafTier[]): SecondCoding {
  const talkTier = otherTiers.find(isTalkTier);
  return { entries: eaf.entries, bands: eaf.correctedSegments ?? (talkTier ? talkBands(talkTier) : []) };
}

/** A checked project file read as a second coder's: its entries and the bands its coach ended with. */
export function projectCoding(project: ProjectFile): SecondCoding {
  return { entries: project.annotations, bands: project.segments.corrected };
}

/** Compare a second coder's coding with this lesson's (the coach's bands: corrected, else automatic); nothing is written. */
export async function compareSecondCoder(lessonId: string, theirs: SecondCoding): Promise<SecondCoderComparison> {
  const [lesson, segments, entries] = await Promise.all([getLesson(lessonId), getSegments(lessonId), listEntries(lessonId)]);
  if (!lesson) throw new Error('This lesson is no longer in the library.');
  const own = segments ? (segments.corrected ?? segments.auto) : [];
  return {
    talk: own.length && theirs.bands.length ? talkAgreement(own, theirs.bands, lesson.duration) : null,
    kinds: matchEvents(entries, theirs.entries),
  };
}
