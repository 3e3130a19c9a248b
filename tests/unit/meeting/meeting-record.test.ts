/** The meeting record: edits in any field stored at once, one after another, and undoable. */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { History } from '../../../src/app/history.svelte';
import { db } from '../../../src/db/db';
import { emptyMeeting, MeetingEditor } from '../../../src/meeting/meeting-record.svelte';
import { freshLesson } from '../lesson-rows';

const stored = async () => (await db.meetings.get('a'))!;

describe('MeetingEditor', () => {
  let history: History;
  let editor: MeetingEditor;
  beforeEach(async () => {
    await freshLesson('a');
    history = new History();
    editor = new MeetingEditor('a', history);
  });

  it('keeps quick edits in different fields: none overwrites another', async () => {
    await Promise.all([editor.setFocus('Wait time'), editor.addStep(), editor.setNextMeeting('2026-12-07'), editor.addNote('teacher', ' Felt rushed ')]);
    const record = await stored();
    expect(record).toMatchObject({ focus: 'Wait time', nextMeeting: '2026-12-07' });
    expect(record.actionSteps).toHaveLength(1);
    expect(record.notes.map((n) => [n.author, n.text])).toEqual([['teacher', 'Felt rushed']]);
  });

  it('edits and removes an action step, undoing back to the empty record', async () => {
    await editor.addStep();
    const [step] = (await stored()).actionSteps;
    await editor.updateStep(step.id, { text: 'C' }, 'text');
    await editor.updateStep(step.id, { text: 'Count to five' }, 'text');
    expect((await stored()).actionSteps[0].text).toBe('Count to five');
    await editor.removeStep(step.id);
    expect((await stored()).actionSteps).toEqual([]);
    expect(await history.undo()).toBe('Remove action step');
    expect(await history.undo()).toBe('Edit action step');
    expect((await stored()).actionSteps[0].text).toBe('');
    await history.undo();
    expect(await stored()).toEqual({ ...emptyMeeting('a'), updatedAt: expect.any(Number) });
  });

  it('adds no blank note, and a cleared date is no date', async () => {
    await editor.addNote('coach', '   ');
    expect(await db.meetings.get('a')).toBeUndefined();
    expect(history.canUndo).toBe(false);
    await editor.setNextMeeting('');
    expect((await stored()).nextMeeting).toBeNull();
  });
});
