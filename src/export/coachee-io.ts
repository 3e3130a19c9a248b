/**
 * A teacher's whole record out of and back into storage, as one zip (core/formats/coachee-bundle):
 * every cycle, each lesson's project file and the coach's own guides the cycles chose; no video.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { buildCoacheeBundle, coacheeBundleName, readCoacheeBundle, type CoacheeBundle } from '../core/formats/coachee-bundle';
import { matchLesson, restoredStepReviews } from '../core/formats/project';
import type { CoachingGuide } from '../core/guides';
import { findLessonByFingerprint, moveLessonToCycle, putCoachee, putCycle, putGuide } from '../db/db';
import { getCoachee, getCoacheeRows, getCycle, getGuide } from '../db/reads';
import { downloadBlob } from './download';
import { applyProject, projectOf } from './project-io';

/** The zip of a coachee's record, and its file name. */
export async function coacheeZip(coacheeId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const rows = await getCoacheeRows(coacheeId);
  if (!rows) throw new Error('This teacher is no longer in the library.');
  const lessons = await Promise.all(rows.lessons.filter((l) => l.status === 'ready').map(async (l) => ({ cycleId: l.cycleId!, project: (await projectOf(l.id)).project })));
  // Only the coach's own guides travel; a built-in guide is named by its id and every Reframe has it.
  const own: CoachingGuide[] = [];
  for (const themeId of new Set(rows.cycles.map((c) => c.themeId).filter((id): id is string => id != null))) {
    const stored = await getGuide(themeId);
    if (stored) own.push(stored);
  }
  const files = buildCoacheeBundle({ coachee: rows.coachee, cycles: rows.cycles, lessons, guides: own });
  const bytes = zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)])));
  return { bytes, fileName: coacheeBundleName(rows.coachee.name) };
}

/** Download a coachee's record as one zip. */
export async function exportCoachee(coacheeId: string): Promise<void> {
  const { bytes, fileName } = await coacheeZip(coacheeId);
  downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), fileName);
}

/** What reading a record's zip found; nothing is written. */
export type CoacheeImportCheck = { ok: false; errors: string[] } | { ok: true; bundle: CoacheeBundle; warnings: string[]; found: number; missing: string[] };

/** Read a record's zip and find each of its lessons' videos in this library (same fingerprint and length). */
export async function checkCoacheeZip(file: Blob): Promise<CoacheeImportCheck> {
  let files: Record<string, string>;
  try {
    const entries = unzipSync(new Uint8Array(await file.arrayBuffer()));
    files = Object.fromEntries(Object.entries(entries).map(([path, bytes]) => [path, strFromU8(bytes)]));
  } catch {
    return { ok: false, errors: ['This file is not a zip, or it is damaged.'] };
  }
  const read = readCoacheeBundle(files);
  if (!read.ok) return read;
  const missing: string[] = [];
  let found = 0;
  for (const lesson of read.bundle.lessons) {
    const local = await findLessonByFingerprint(lesson.fingerprint);
    if (local && matchLesson(lesson.project, local).matches) found++;
    else missing.push(lesson.title || lesson.file);
  }
  return { ok: true, bundle: read.bundle, warnings: read.warnings, found, missing };
}

/**
 * Restore a checked record: the coachee and their cycles where this library does not hold them yet,
 * each lesson's project onto its video here (lessons whose video is not here are skipped), and the
 * coach's guides this library lacks. Cycles and guides stored already are kept as they are. Step
 * reviews link to the restored entries, whichever of the cycle's lessons holds them.
 * Returns how many lessons were restored.
 */
export async function applyCoacheeBundle(bundle: CoacheeBundle): Promise<number> {
  const { coachee, cycles } = bundle.index;
  const now = Date.now();
  if (!(await getCoachee(coachee.id))) await putCoachee({ ...coachee, updatedAt: now });
  const added: typeof cycles = [];
  for (const cycle of cycles) {
    if (await getCycle(cycle.id)) continue;
    await putCycle({ ...cycle, coacheeId: coachee.id, updatedAt: now });
    added.push(cycle);
  }
  const entryIds = new Map<string, string>();
  let restored = 0;
  for (const lesson of bundle.lessons) {
    const local = await findLessonByFingerprint(lesson.fingerprint);
    if (!local || !matchLesson(lesson.project, local).matches) continue;
    for (const [from, to] of await applyProject(local.id, lesson.project)) entryIds.set(from, to);
    // A lesson the coach here already put in a cycle stays there.
    if (!local.cycleId) await moveLessonToCycle(local.id, lesson.cycleId);
    restored++;
  }
  // Once every lesson is in, a review's link can point at the restored entry of any lesson of its cycle.
  for (const cycle of added) await putCycle({ ...cycle, coacheeId: coachee.id, updatedAt: now, stepReviews: restoredStepReviews(cycle.stepReviews, entryIds) });
  for (const guide of bundle.guides) if (!(await getGuide(guide.id))) await putGuide({ ...guide, updatedAt: now });
  return restored;
}
