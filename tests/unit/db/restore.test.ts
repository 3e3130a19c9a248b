/** Issue 18, item 2: restoring a project onto a second copy of its video takes nothing from the first. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProject } from '../../../src/core/formats/project';
import { createEntry } from '../../../src/core/annotations';
import { db, deleteLesson, restoreProject, type ClipRecord, type LessonRecord } from '../../../src/db/db';
import { applyProject, projectOf } from '../../../src/export/project-io';

const now = 1_764_064_800_000;
const lesson = (id: string): LessonRecord => ({
  id, title: 'lesson', teacher: '', subject: '', date: '2026-11-25', fileName: 'lesson.mp4', mimeType: 'video/mp4', size: 6, duration: 60,
  width: 320, height: 180, frameRate: 25, hasAudio: true, videoCodec: 'avc1', audioCodec: 'mp4a.40.2', playability: 'full', fingerprint: 'same-video',
  status: 'ready', storedBytes: 6, chunkCount: 1, heartbeat: now, createdAt: now, updatedAt: now, exportedAt: null,
});
const clip = (id: string, lessonId: string, annotationIds: string[], order: number): ClipRecord => ({
  id, lessonId, title: id, start: 1, end: 5, annotationIds, order, replayCount: 2, perspectiveNotes: { teacher: 'waits' }, createdAt: now, updatedAt: now,
});

/** Rows of each evidence table that belong to a lesson. */
async function rowsOf(lessonId: string) {
  return {
    entries: await db.entries.where('lessonId').equals(lessonId).count(),
    clips: await db.clips.where('lessonId').equals(lessonId).count(),
    plans: await db.plans.where('lessonId').equals(lessonId).count(),
    meetings: await db.meetings.where('lessonId').equals(lessonId).count(),
  };
}

describe('restoring a project onto a second copy of the same video', () => {
  beforeEach(async () => {
    await db.lessons.bulkAdd([lesson('original'), lesson('copy')]);
    await db.entries.bulkAdd([createEntry('strength', 3, 'original', now, 'e1'), createEntry('incident', 9, 'original', now, 'e2')]);
    await db.clips.bulkAdd([clip('c1', 'original', ['e2'], 0), clip('c2', 'original', [], 1)]);
    await db.plans.put({ lessonId: 'original', phases: [{ id: 'p1', name: 'Starter', plannedMinutes: 10 }], prewatchMinutes: null, prewatchOverrides: {}, updatedAt: now });
    await db.meetings.put({ lessonId: 'original', focus: 'Wait time', actionSteps: [], nextMeeting: null, notes: [], updatedAt: now });
  });
  afterEach(async () => {
    await Promise.all(db.tables.map((t) => t.clear()));
  });

  it("gives the copy its own records and leaves the original's untouched, also after the copy is deleted", async () => {
    const before = { entries: await db.entries.toArray(), clips: await db.clips.toArray() };
    const { project } = await projectOf('original');
    await applyProject('copy', project);
    expect(await rowsOf('copy')).toEqual({ entries: 2, clips: 2, plans: 1, meetings: 1 });
    expect(await db.entries.where('lessonId').equals('original').toArray()).toEqual(before.entries);
    expect(await db.clips.where('lessonId').equals('original').toArray()).toEqual(before.clips);
    // The copy's clip points at the copy's incident.
    const copyIncident = (await db.entries.where('lessonId').equals('copy').toArray()).find((e) => e.kind === 'incident')!;
    expect((await db.clips.where('lessonId').equals('copy').toArray()).find((c) => c.title === 'c1')?.annotationIds).toEqual([copyIncident.id]);

    await deleteLesson('copy');
    expect(await rowsOf('copy')).toEqual({ entries: 0, clips: 0, plans: 0, meetings: 0 });
    expect(await rowsOf('original')).toEqual({ entries: 2, clips: 2, plans: 1, meetings: 1 });
    expect(await db.entries.where('lessonId').equals('original').toArray()).toEqual(before.entries);
  });

  it('restores the same file onto its own lesson again, with the same content', async () => {
    const { project } = await projectOf('original');
    await applyProject('original', project);
    const again = (await projectOf('original')).project;
    const withoutIds = (p: typeof project) => ({
      annotations: p.annotations.map(({ id: _, ...rest }) => rest),
      clips: p.clips.map(({ id: _, annotationIds, ...rest }) => ({ ...rest, links: annotationIds.length })),
    });
    expect(withoutIds(again)).toEqual(withoutIds(project));
    expect(await db.entries.count()).toBe(2);
  });

  it("refuses, changing nothing, a restore that would reuse another lesson's record ids", async () => {
    const built = buildProject({ lesson: { title: 'x', teacher: '', subject: '', date: '', duration: 60, fingerprint: 'same-video', fileName: '' }, autoSegments: [], correctedSegments: null, algorithmVersion: null });
    await expect(
      restoreProject('copy', {
        details: { title: 'restored', teacher: '', subject: '', date: '' },
        segments: null,
        entries: [createEntry('strength', 3, 'copy', now, 'e1')],
        plan: { lessonId: 'copy', phases: built.plan, prewatchMinutes: null, prewatchOverrides: {}, updatedAt: now },
        clips: [],
        meeting: { lessonId: 'copy', focus: '', actionSteps: [], nextMeeting: null, notes: [], updatedAt: now },
      }),
    ).rejects.toThrow();
    expect((await db.entries.get('e1'))?.lessonId).toBe('original');
    expect((await db.lessons.get('copy'))?.title).toBe('lesson');
    expect(await rowsOf('copy')).toEqual({ entries: 0, clips: 0, plans: 0, meetings: 0 });
  });
});
