/** Issue 22: a teacher's whole record as one zip, restored on another machine onto the same videos. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createEntry } from '../../../src/core/annotations';
import { createCycle, previousSteps } from '../../../src/core/cycles';
import { BUILT_IN_GUIDES } from '../../../src/core/guides';
import { db, moveLessonToCycle, putCoachee, putCycle, putEntry, putGuide, putMeeting } from '../../../src/db/db';
import { getCoacheeRows } from '../../../src/db/reads';
import { applyCoacheeBundle, checkCoacheeZip, coacheeZip } from '../../../src/export/coachee-io';
import { lessonRecord } from '../lesson-rows';

const videos = () => [lessonRecord('l1', { fingerprint: 'v1', date: '2026-10-01' }), lessonRecord('l2', { fingerprint: 'v2', date: '2026-10-15' }), lessonRecord('other', { fingerprint: 'v3' })];

describe("a coachee's zip", () => {
  afterEach(async () => {
    await Promise.all(db.tables.map((t) => t.clear()));
  });

  it('restores every cycle, lesson record, step review and guide on a library holding only the videos', async () => {
    await db.lessons.bulkPut(videos());
    await putCoachee({ id: 'ana', name: 'Ana', createdAt: 1, updatedAt: 1 });
    await putGuide({ ...BUILT_IN_GUIDES[1], id: 'ours', name: 'Talk (our school)', builtIn: false, updatedAt: 0 });
    await putCycle({ ...createCycle('ana', 1, 'cy1'), focus: 'Thinking time', themeId: 'ours', lenses: ['questions'] });
    await putCycle(createCycle('ana', 2, 'cy2'));
    await moveLessonToCycle('l1', 'cy1');
    await moveLessonToCycle('l2', 'cy2');
    await putMeeting({ lessonId: 'l1', focus: 'Wait time', actionSteps: [{ id: 's1', text: 'Count to five', owner: 'Ana', due: '2026-10-08' }, { id: 's2', text: 'Ask why', owner: 'Ana', due: '' }], nextMeeting: '2026-10-15', notes: [], updatedAt: 0 });
    await putEntry(createEntry('strength', 5, 'l2', 0, 'evidence-in-l2'));
    await putCycle({ ...(await db.cycles.get('cy2'))!, stepReviews: [{ stepId: 's1', status: 'done', entryId: 'evidence-in-l2' }] });
    const { bytes, fileName } = await coacheeZip('ana');
    expect(fileName).toBe('Ana.reframe-coachee.zip');

    // Another machine: the same videos imported, nothing else.
    await Promise.all(db.tables.map((t) => t.clear()));
    await db.lessons.bulkPut(videos().filter((l) => l.id !== 'l2').concat(lessonRecord('l2-here', { fingerprint: 'v2', date: '2026-10-15' })));
    const check = await checkCoacheeZip(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    expect(check).toMatchObject({ ok: true, found: 2, missing: [] });
    if (!check.ok) return;
    expect(await applyCoacheeBundle(check.bundle)).toBe(2);

    const rows = (await getCoacheeRows('ana'))!;
    expect(rows.coachee.name).toBe('Ana');
    expect(rows.cycles.map((c) => [c.id, c.focus, c.themeId])).toEqual([
      ['cy1', 'Thinking time', 'ours'],
      ['cy2', '', null],
    ]);
    expect(rows.lessons.map((l) => [l.id, l.cycleId]).sort()).toEqual([
      ['l1', 'cy1'],
      ['l2-here', 'cy2'],
    ]);
    const restoredEntry = (await db.entries.where('lessonId').equals('l2-here').first())!;
    const seen = previousSteps('l2-here', rows.cycles, rows.lessons, rows.meetings);
    expect(seen?.steps.map((s) => [s.step.text, s.review?.status ?? null, s.review?.entryId ?? null])).toEqual([
      ['Count to five', 'done', restoredEntry.id],
      ['Ask why', null, null],
    ]);
    expect((await db.guides.get('ours'))?.name).toBe('Talk (our school)');
    expect((await db.lessons.get('other'))?.cycleId).toBeUndefined();
  });

  it('names the lessons whose video is not in this library, and refuses a file that is not a zip', async () => {
    await db.lessons.bulkPut(videos());
    await putCoachee({ id: 'ana', name: 'Ana', createdAt: 1, updatedAt: 1 });
    await putCycle(createCycle('ana', 1, 'cy1'));
    await moveLessonToCycle('l1', 'cy1');
    await moveLessonToCycle('l2', 'cy1');
    const { bytes } = await coacheeZip('ana');
    await db.lessons.delete('l2');
    const check = await checkCoacheeZip(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    expect(check).toMatchObject({ ok: true, found: 1, missing: ['Lesson l2'] });
    expect(await checkCoacheeZip(new Blob(['not a zip']))).toEqual({ ok: false, errors: ['This file is not a zip, or it is damaged.'] });
  });
});
