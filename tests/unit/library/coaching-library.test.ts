/** Issue 22: the library by coachee and cycle, and deleting a coachee after their name is typed. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db, putMeeting } from '../../../src/db/db';
import { CoachingLibrary, localToday } from '../../../src/library/coaching-library.svelte';
import { freshLesson, lessonRecord } from '../lesson-rows';

describe('CoachingLibrary', () => {
  let library: CoachingLibrary;
  let n = 0;
  beforeEach(async () => {
    await freshLesson('l1', { date: '2026-10-01' });
    await db.lessons.bulkPut([lessonRecord('l2', { date: '2026-10-15' }), lessonRecord('loose')]);
    library = new CoachingLibrary({ today: () => '2026-10-20', newId: () => `id${++n}` });
    library.start();
    await vi.waitFor(() => expect(library.groups).not.toBeNull());
  });
  afterEach(() => library.destroy());

  it('groups lessons under their coachee and cycle, newest first, with focus, next meeting and overdue steps', async () => {
    const ana = (await library.addCoachee('  Ana  '))!;
    const first = (await library.addCycle(ana, { focus: 'Wait time', themeId: 'classroom_talk' }, 1))!;
    const second = (await library.addCycle(ana, { focus: 'Building on answers' }, 2))!;
    await library.moveLesson('l1', first);
    await library.moveLesson('l2', second);
    await putMeeting({ lessonId: 'l1', focus: '', actionSteps: [{ id: 's1', text: 'Count to five', owner: 'Ana', due: '2026-10-08' }], nextMeeting: '2026-10-15', notes: [], updatedAt: 0 });
    // Each write reaches the grouping on its own; wait for the last one (the meeting record).
    await vi.waitFor(() => expect(library.groups?.coachees[0]?.cycles[1]).toMatchObject({ nextMeeting: '2026-10-15', overdue: [{ id: 's1' }] }));
    const group = library.groups!.coachees[0];
    expect(group.coachee.name).toBe('Ana');
    expect(group.cycles.map((c) => c.cycle.focus)).toEqual(['Building on answers', 'Wait time']);
    expect(group.cycles[0].lessons.map((l) => l.id)).toEqual(['l2']);
    expect(library.groups!.loose.map((l) => l.id)).toEqual(['loose']);
  });

  it('changes a cycle’s pre-lesson record and keeps its step reviews', async () => {
    const ana = (await library.addCoachee('Ana'))!;
    const cycle = (await library.addCycle(ana, { focus: 'Wait time' }, 1))!;
    await db.cycles.update(cycle, { stepReviews: [{ stepId: 's1', status: 'done', entryId: null }] });
    await vi.waitFor(() => expect(library.rows?.cycles[0]?.stepReviews).toHaveLength(1));
    expect(await library.updateCycle(cycle, { focus: '  Longer wait after open questions ', themeId: 'classroom_talk', lenses: ['questions'], evidenceToCollect: ['Who answers'] })).toBe(true);
    expect(await db.cycles.get(cycle)).toMatchObject({
      focus: 'Longer wait after open questions',
      themeId: 'classroom_talk',
      lenses: ['questions'],
      evidenceToCollect: ['Who answers'],
      stepReviews: [{ stepId: 's1', status: 'done' }],
    });
    expect(await library.updateCycle('gone', { focus: 'x' })).toBe(false);
    expect(library.error).toMatch(/no longer/);
  });

  it('refuses a coachee without a name, in plain words', async () => {
    expect(await library.addCoachee('   ')).toBeNull();
    expect(library.error).toBe('Give the teacher a name or a pseudonym.');
    expect(await db.coachees.count()).toBe(0);
  });

  it('deletes a coachee with their cycles and lessons only once their name is typed exactly', async () => {
    const ana = (await library.addCoachee('Ana'))!;
    const cycle = (await library.addCycle(ana))!;
    await library.moveLesson('l1', cycle);
    await vi.waitFor(() => expect(library.groups?.coachees).toHaveLength(1));
    expect(await library.deleteCoachee(ana, 'ana')).toBe(false);
    expect(library.error).toMatch(/Type the teacher’s name/);
    expect(await db.lessons.get('l1')).toBeDefined();
    expect(await library.deleteCoachee(ana, 'Ana')).toBe(true);
    expect(await db.coachees.count()).toBe(0);
    expect(await db.cycles.count()).toBe(0);
    expect(await db.lessons.get('l1')).toBeUndefined();
    expect((await db.lessons.toCollection().primaryKeys()).sort()).toEqual(['l2', 'loose']);
  });

  it('says so when a lesson is moved into a cycle that is gone', async () => {
    expect(await library.moveLesson('l1', 'gone')).toBeNull();
    expect(library.error).toBe('This coaching cycle is no longer in the library.');
  });

  it("takes today from the coach's own calendar", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
