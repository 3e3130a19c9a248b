/** Corrections to the talk-time bands: stored at once, each undoable back to the automatic bands. */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { History } from '../../../src/app/history.svelte';
import { db } from '../../../src/db/db';
import type { TalkSegment } from '../../../src/core/talk';
import { TalkBands } from '../../../src/workbench/talk-bands.svelte';
import { freshLesson } from '../lesson-rows';

const band = (start: number, end: number, label: TalkSegment['label'] = 'teacher_talk'): TalkSegment => ({ start, end, label, confidence: 0.9 });
const AUTO = [band(0, 20), band(20, 40, 'discussion'), band(40, 60, 'group_work')];
const corrected = async () => (await db.segments.get('a'))?.corrected ?? null;

describe('TalkBands', () => {
  let history: History;
  let bands: TalkBands;
  beforeEach(async () => {
    await freshLesson('a');
    await db.segments.put({ lessonId: 'a', auto: AUTO, corrected: null, updatedAt: 0 });
    history = new History();
    bands = new TalkBands('a', history);
  });

  it('relabels a band, lets go of the selection, and undo goes back to the automatic bands', async () => {
    bands.selected = 1;
    await bands.relabel(AUTO, null, 1, 'teacher_talk');
    expect(bands.selected).toBeNull();
    // Next to a teacher band, the relabelled band joins it.
    expect((await corrected())?.map((b) => [b.label, b.start, b.end])).toEqual([['teacher_talk', 0, 40], ['group_work', 40, 60]]);
    expect(history.undoLabel).toBe('Relabel band');
    await history.undo();
    expect(await corrected()).toBeNull();
  });

  it('moves a boundary by keyboard, but not the lesson\'s own start or end', async () => {
    expect(bands.nudge(AUTO, null, 0, 'start', -1)).toBeNull();
    expect(bands.nudge(AUTO, null, 2, 'end', 1)).toBeNull();
    expect(history.canUndo).toBe(false);
    expect(bands.nudge(AUTO, null, 0, 'end', 0.1)).toBeCloseTo(20.1, 6);
    await expect.poll(corrected).not.toBeNull();
    const stored = (await corrected())!;
    expect(stored[0].end).toBeCloseTo(20.1, 6);
    expect(stored[1].start).toBeCloseTo(20.1, 6);
  });

  it('splits at the playhead and resets to automatic, each one undo step', async () => {
    await bands.split(AUTO, null, 30);
    const split = (await corrected())!;
    expect(split.map((b) => [b.start, b.end])).toEqual([[0, 20], [20, 30], [30, 40], [40, 60]]);
    await bands.reset(split);
    expect(await corrected()).toBeNull();
    await history.undo();
    expect(await corrected()).toEqual(split);
  });
});
