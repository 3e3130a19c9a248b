/** Clips: made at the end of the list, reordered, annotated and counted; each edit but the count undoable. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History } from '../../../src/app/history.svelte';
import { toasts } from '../../../src/app/toasts.svelte';
import { db, listClips } from '../../../src/db/db';
import { Clips } from '../../../src/meeting/clips.svelte';
import { freshLesson } from '../lesson-rows';

describe('Clips', () => {
  let history: History;
  let clips: Clips;
  beforeEach(async () => {
    await freshLesson('a');
    history = new History();
    clips = new Clips('a', history);
  });
  afterEach(() => void (toasts.list = []));

  it('makes each clip at the end of the list, named by its times when it has no title', async () => {
    const first = await clips.create({ start: 4, end: 6.5 }, '', [], []);
    const second = await clips.create({ start: 10, end: 20 }, 'Wait time', ['e1'], [first]);
    expect([first.order, second.order]).toEqual([0, 1]);
    expect(first.title).toBe('Clip 0:04–0:06');
    expect(second).toMatchObject({ title: 'Wait time', annotationIds: ['e1'], replayCount: 0 });
    expect(toasts.list.at(-1)).toMatchObject({ text: 'Clip made: Wait time', action: { label: 'Undo' } });
    // The toast's Undo says what it undid, as Ctrl+Z does.
    toasts.list.at(-1)!.action!.run();
    await expect.poll(async () => (await listClips('a')).length).toBe(1);
    expect(toasts.list.at(-1)?.text).toBe('Undone: Make clip');
  });

  it('reorders the list and undoes the reorder', async () => {
    const a = await clips.create({ start: 0, end: 5 }, 'A', [], []);
    const b = await clips.create({ start: 5, end: 10 }, 'B', [], [a]);
    const c = await clips.create({ start: 10, end: 15 }, 'C', [], [a, b]);
    await clips.move(await listClips('a'), 2, 0);
    expect((await listClips('a')).map((x) => x.title)).toEqual(['C', 'A', 'B']);
    await history.undo();
    expect((await listClips('a')).map((x) => x.title)).toEqual(['A', 'B', 'C']);
    expect(c.order).toBe(2);
  });

  it('counts replays without an undo step, and keeps notes typed meanwhile', async () => {
    const clip = await clips.create({ start: 0, end: 5 }, 'A', [], []);
    const steps = history.undoLabel;
    await Promise.all([clips.setPerspectiveNote(clip, 'teacher', 'Waits'), clips.countReplay(clip, 3)]);
    const stored = (await db.clips.get(clip.id))!;
    expect(stored.replayCount).toBe(3);
    expect(stored.perspectiveNotes).toEqual({ teacher: 'Waits' });
    await history.undo();
    const undone = (await db.clips.get(clip.id))!;
    expect(undone.perspectiveNotes).toEqual({});
    expect(history.undoLabel).toBe(steps);
  });

  it('deletes a clip and brings it back with undo', async () => {
    const clip = await clips.create({ start: 0, end: 5 }, 'A', [], []);
    await clips.remove(clip);
    expect(await listClips('a')).toEqual([]);
    expect(toasts.list.at(-1)?.text).toBe('Clip deleted: A');
    await history.undo();
    expect((await listClips('a')).map((x) => x.id)).toEqual([clip.id]);
  });
});
