/** Issue 22: project files gain an optional coaching cycle; files written before still restore. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProject, type ProjectFile } from '../../../src/core/formats/project';
import { createCycle } from '../../../src/core/cycles';
import { db, moveLessonToCycle, putCoachee, putCycle } from '../../../src/db/db';
import { getCycle, getMeeting } from '../../../src/db/reads';
import { applyProject, projectOf } from '../../../src/export/project-io';
import { lessonRecord } from '../lesson-rows';

/** A project file exactly as the app wrote it before coaching cycles existed. */
const WRITTEN_BEFORE =
  '{"format":"reframe.project","version":1,"exportedAt":"2025-11-25T10:00:00.000Z","lesson":{"title":"Y8 fractions","teacher":"Ana","subject":"Maths","date":"2026-10-01","duration":60,"fingerprint":"same-video","fileName":"y8.mp4"},"segments":{"auto":[{"start":0,"end":60,"label":"teacher_talk","confidence":0.9}],"corrected":[{"start":0,"end":60,"label":"teacher_talk","confidence":0.9}],"correctedByCoach":false,"algorithmVersion":3},"annotations":[{"id":"e1","lessonId":"x","lens":"strengths","time":12.5,"end":null,"note":"Clear model","tags":["modelling"],"createdAt":1764064800000,"updatedAt":1764064800000,"schemaVersion":1,"kind":"strength"}],"plan":[],"prewatch":{"minutes":null,"overrides":{}},"clips":[{"id":"c1","title":"The model","start":10,"end":20,"annotationIds":["e1"],"order":0,"replayCount":1,"perspectiveNotes":{}}],"meeting":{"focus":"Wait time","actionSteps":[{"id":"s1","text":"Count to five","owner":"Ana","due":"2026-10-15"}],"nextMeeting":"2026-10-15","notes":[]}}';

function read(text: string): ProjectFile {
  const parsed = parseProject(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.project;
}

describe('project files and coaching cycles', () => {
  beforeEach(async () => {
    await db.lessons.bulkPut([lessonRecord('l1', { fingerprint: 'same-video' }), lessonRecord('l2', { fingerprint: 'same-video' })]);
  });
  afterEach(async () => {
    await Promise.all(db.tables.map((t) => t.clear()));
  });

  it('restores a file written before cycles existed, leaving the lesson loose', async () => {
    await applyProject('l1', read(WRITTEN_BEFORE));
    const lesson = await db.lessons.get('l1');
    expect(lesson).toMatchObject({ title: 'Y8 fractions', teacher: 'Ana', date: '2026-10-01' });
    expect(lesson?.cycleId).toBeUndefined();
    expect((await db.entries.where('lessonId').equals('l1').toArray()).map((e) => e.note)).toEqual(['Clear model']);
    expect((await getMeeting('l1'))?.actionSteps).toEqual([{ id: 's1', text: 'Count to five', owner: 'Ana', due: '2026-10-15' }]);
    expect(await db.coachees.count()).toBe(0);
    expect(await db.cycles.count()).toBe(0);
  });

  it('writes the cycle and coachee of a lesson, and restores them into a library that has neither, linking the review to the restored entry', async () => {
    await applyProject('l1', read(WRITTEN_BEFORE));
    const entryId = (await db.entries.where('lessonId').equals('l1').first())!.id;
    await putCoachee({ id: 'ana', name: 'Ana', createdAt: 0, updatedAt: 0 });
    await putCycle({ ...createCycle('ana', 5, 'cy1'), focus: 'Thinking time', themeId: 'classroom_talk', lenses: ['questions'], stepReviews: [{ stepId: 's0', status: 'done', entryId }] });
    await moveLessonToCycle('l1', 'cy1');
    const { project } = await projectOf('l1');
    expect(project.cycle).toMatchObject({ id: 'cy1', coachee: { id: 'ana', name: 'Ana' }, focus: 'Thinking time', themeId: 'classroom_talk', lenses: ['questions'] });

    // Another machine: a library with the lesson's video but no coachee or cycle.
    const text = JSON.stringify(project);
    await Promise.all([db.coachees.clear(), db.cycles.clear(), db.entries.clear()]);
    await db.lessons.update('l1', { cycleId: null });
    await applyProject('l2', read(text));
    const restored = await getCycle('cy1');
    const newEntry = (await db.entries.where('lessonId').equals('l2').first())!.id;
    expect(newEntry).not.toBe(entryId);
    expect(restored).toMatchObject({ coacheeId: 'ana', focus: 'Thinking time', stepReviews: [{ stepId: 's0', status: 'done', entryId: newEntry }] });
    expect((await db.coachees.get('ana'))?.name).toBe('Ana');
    expect((await db.lessons.get('l2'))?.cycleId).toBe('cy1');
  });

  it('keeps a cycle this library holds, and the cycle a lesson is already in', async () => {
    await putCoachee({ id: 'ana', name: 'Ana', createdAt: 0, updatedAt: 0 });
    await putCycle({ ...createCycle('ana', 5, 'cy1'), focus: 'Kept here' });
    await putCycle({ ...createCycle('ana', 6, 'cy2'), focus: 'Chosen here' });
    const file = { ...read(WRITTEN_BEFORE), cycle: { id: 'cy1', coachee: { id: 'ana', name: 'Renamed' }, focus: 'From the file', themeId: null, lenses: [], evidenceToCollect: [], stepReviews: [], createdAt: 0 } };
    await applyProject('l1', file);
    expect((await getCycle('cy1'))?.focus).toBe('Kept here');
    expect((await db.coachees.get('ana'))?.name).toBe('Ana');
    expect((await db.lessons.get('l1'))?.cycleId).toBe('cy1');
    await moveLessonToCycle('l2', 'cy2');
    await applyProject('l2', file);
    expect((await db.lessons.get('l2'))?.cycleId).toBe('cy2');
  });
});
