/** The meeting record: focus, action steps, next meeting date and notes by either person. */
import { putMeeting, type ActionStep, type MeetingRecord } from '../db/db';
import { getMeeting } from '../db/reads';
import type { History } from '../app/history.svelte';
import { saveProblems } from '../app/save-problems.svelte';

/** An empty record for a lesson. */
export function emptyMeeting(lessonId: string): MeetingRecord {
  return { lessonId, focus: '', actionSteps: [], nextMeeting: null, notes: [], updatedAt: 0 };
}

/**
 * Edits to the meeting record, stored at once and undoable. Each edit applies to the record as
 * stored at that moment, one after another, so quick edits in different fields never undo each other.
 */
export class MeetingEditor {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private lessonId: string,
    private history: History,
  ) {}

  #change(label: string, apply: (record: MeetingRecord) => MeetingRecord, mergeKey?: string): Promise<void> {
    const run = this.#queue.then(async () => {
      const before = (await getMeeting(this.lessonId)) ?? emptyMeeting(this.lessonId);
      const after = apply(before);
      await putMeeting(after);
      this.history.record({ label, undo: () => putMeeting(before), redo: () => putMeeting(after), mergeKey });
    });
    this.#queue = run.catch((error) => saveProblems.report('The meeting record', error));
    return run;
  }

  setFocus(focus: string) {
    return this.#change('Edit focus', (r) => ({ ...r, focus }), 'meeting:focus');
  }

  setNextMeeting(date: string | null) {
    return this.#change('Next meeting date', (r) => ({ ...r, nextMeeting: date || null }));
  }

  addStep() {
    const step: ActionStep = { id: crypto.randomUUID(), text: '', owner: 'Teacher', due: '' };
    return this.#change('Add action step', (r) => ({ ...r, actionSteps: [...r.actionSteps, step] }));
  }

  updateStep(id: string, patch: Partial<ActionStep>, mergeKey?: string) {
    return this.#change('Edit action step', (r) => ({ ...r, actionSteps: r.actionSteps.map((s) => (s.id === id ? { ...s, ...patch } : s)) }), mergeKey && `step:${id}:${mergeKey}`);
  }

  removeStep(id: string) {
    return this.#change('Remove action step', (r) => ({ ...r, actionSteps: r.actionSteps.filter((s) => s.id !== id) }));
  }

  addNote(author: 'coach' | 'teacher', text: string) {
    if (!text.trim()) return Promise.resolve();
    const note = { id: crypto.randomUUID(), author, text: text.trim(), createdAt: Date.now() };
    return this.#change('Add note', (r) => ({ ...r, notes: [...r.notes, note] }));
  }
}
