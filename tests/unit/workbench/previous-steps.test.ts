/** Issue 22: the previous cycle's action steps come back in the next lesson of the same teacher. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCycle } from '../../../src/core/cycles';
import { db, moveLessonToCycle, putCoachee, putCycle, putMeeting } from '../../../src/db/db';
import { PreviousSteps } from '../../../src/workbench/previous-steps.svelte';
import { freshLesson, lessonRecord } from '../lesson-rows';

describe('PreviousSteps', () => {
  let panel: PreviousSteps;
  beforeEach(async () => {
    await freshLesson('first', { date: '2026-10-01' });
    await db.lessons.bulkPut([lessonRecord('second', { date: '2026-10-15' }), lessonRecord('loose')]);
    await putCoachee({ id: 'ana', name: 'Ana', createdAt: 0, updatedAt: 0 });
    await putCycle(createCycle('ana', 1, 'c1'));
    await putCycle(createCycle('ana', 2, 'c2'));
    await moveLessonToCycle('first', 'c1');
    await moveLessonToCycle('second', 'c2');
    await putMeeting({ lessonId: 'first', focus: '', actionSteps: [{ id: 's1', text: 'Count to five', owner: 'Ana', due: '2026-10-08' }, { id: 's2', text: 'Ask why', owner: 'Ana', due: '' }], nextMeeting: null, notes: [], updatedAt: 0 });
  });
  afterEach(() => panel?.destroy());

  it("shows the previous cycle's steps and keeps each mark, with its linked entry, as it is stored", async () => {
    panel = new PreviousSteps('second');
    panel.start();
    await vi.waitFor(() => expect(panel.steps.map((s) => s.step.text)).toEqual(['Count to five', 'Ask why']));
    expect(panel.cycle?.id).toBe('c2');
    expect(panel.previous?.cycle.id).toBe('c1');
    expect(await panel.mark('s1', 'done', 'entry-1')).toBe(true);
    await vi.waitFor(() => expect(panel.steps.map((s) => s.review?.status ?? null)).toEqual(['done', null]));
    expect(panel.steps[0].review?.entryId).toBe('entry-1');
    expect((await db.cycles.get('c2'))?.stepReviews).toEqual([{ stepId: 's1', status: 'done', entryId: 'entry-1' }]);
    // A step added to the last meeting afterwards shows up too.
    await putMeeting({ lessonId: 'first', focus: '', actionSteps: [{ id: 's3', text: 'Name pupils', owner: 'Ana', due: '' }], nextMeeting: null, notes: [], updatedAt: 0 });
    await vi.waitFor(() => expect(panel.steps.map((s) => s.step.id)).toEqual(['s3']));
  });

  it('has nothing to show in the first cycle or a loose lesson, and marks nothing there', async () => {
    panel = new PreviousSteps('first');
    panel.start();
    await vi.waitFor(() => expect(panel.rows).not.toBeUndefined());
    expect(panel.previous).toBeNull();
    expect(panel.steps).toEqual([]);
    panel.destroy();
    panel = new PreviousSteps('loose');
    panel.start();
    await vi.waitFor(() => expect(panel.rows).toBeNull());
    expect(await panel.mark('s1', 'done')).toBe(false);
  });
});
