/** Logging evidence: entries at the playhead, the incident's three marks, edits merged per field, undo. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History } from '../../../src/app/history.svelte';
import { toasts } from '../../../src/app/toasts.svelte';
import { db, listEntries } from '../../../src/db/db';
import { Evidence } from '../../../src/workbench/evidence.svelte';
import { freshLesson } from '../lesson-rows';

describe('Evidence', () => {
  let now = 0;
  let history: History;
  let evidence: Evidence;
  beforeEach(async () => {
    await freshLesson('a');
    now = 12;
    history = new History();
    evidence = new Evidence('a', () => now, history);
  });
  afterEach(() => void (toasts.list = []));

  it('logs an entry at the playhead, stores it, and offers to undo it', async () => {
    await evidence.log('strength');
    const [entry] = await listEntries('a');
    expect(entry).toMatchObject({ kind: 'strength', time: 12, lessonId: 'a' });
    expect(evidence.focusedId).toBe(entry.id);
    expect(toasts.list.at(-1)).toMatchObject({ text: 'Strength logged at 0:12 (G goes to it)', action: { label: 'Undo' } });
    toasts.list.at(-1)!.action!.run();
    await expect.poll(() => listEntries('a')).toEqual([]);
    expect(toasts.list.at(-1)?.text).toBe('Undone: Strength logged at 0:12');
    await history.redo();
    expect(await listEntries('a')).toEqual([entry]);
  });

  it('marks an incident with three presses (trigger, incident, outcome) and stores it once', async () => {
    now = 15;
    await evidence.log('incident');
    expect(evidence.incidentStep).toBe('incident');
    now = 16;
    await evidence.log('incident');
    expect(evidence.incidentStep).toBe('outcome');
    expect(await listEntries('a')).toEqual([]);
    now = 18;
    await evidence.log('incident');
    const [incident] = await listEntries('a');
    expect(incident).toMatchObject({ kind: 'incident', trigger: 15, incidentStart: 16, outcome: 18 });
    expect(evidence.incidentDraft).toBeNull();
  });

  it('cancels an incident half marked without storing anything', async () => {
    await evidence.log('incident');
    evidence.cancelIncident();
    expect(evidence.incidentDraft).toBeNull();
    expect(toasts.list.at(-1)?.text).toBe('Incident cancelled.');
    expect(await listEntries('a')).toEqual([]);
  });

  it('stores each keystroke of a note but undoes the typing as one step', async () => {
    await evidence.log('strength');
    const [entry] = await listEntries('a');
    await evidence.edit(entry, { note: 'W' }, 'note');
    await evidence.edit(entry, { note: 'Wa' }, 'note');
    await evidence.edit(entry, { note: 'Wait' }, 'note');
    expect((await db.entries.get(entry.id))?.note).toBe('Wait');
    expect(await history.undo()).toBe('Edit strength');
    expect((await db.entries.get(entry.id))?.note).toBe(entry.note);
    // The logging itself is the step before.
    expect(history.undoLabel).toBe('Strength logged at 0:12');
  });

  it('refuses an edit that breaks an entry rule and stores nothing', async () => {
    await evidence.log('strength');
    const [entry] = await listEntries('a');
    const refused = await evidence.edit(entry, { time: -5 });
    expect(refused).toEqual(expect.any(String));
    expect((await db.entries.get(entry.id))?.time).toBe(12);
    expect(history.undoLabel).toBe('Strength logged at 0:12');
  });

  it('moves an entry to the playhead and deletes it, each undoable', async () => {
    await evidence.log('language');
    const [entry] = await listEntries('a');
    now = 30;
    await evidence.retimeToNow(entry);
    const moved = (await db.entries.get(entry.id))!;
    expect(moved.time).toBe(30);
    await evidence.remove(moved);
    expect(await listEntries('a')).toEqual([]);
    await history.undo();
    expect((await db.entries.get(entry.id))?.time).toBe(30);
    await history.undo();
    expect((await db.entries.get(entry.id))?.time).toBe(12);
  });
});
