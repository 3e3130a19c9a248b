/**
 * Logging evidence while the lesson plays: single keys create entries at the current time, every
 * change is stored at once, and each is undoable. Teacher questions get their wait times from the
 * analysis's voice-activity timeline when it exists.
 */
import { createEntry, incidentFromDraft, incidentPrompt, KIND_NAMES, nextIncidentStep, retime, updateEntry, type Entry, type EntryKind, type EntryPatch, type IncidentDraft } from '../core/annotations';
import { measureWaitTimes, withMeasuredWaitTimes, type VoiceTimeline } from '../core/questions';
import { formatClock } from '../core/format';
import { deleteEntry, putEntry } from '../db/db';
import { getAnalysis, getEntry } from '../db/reads';
import { undoAndSay, type History } from '../app/history.svelte';
import { toasts } from '../app/toasts.svelte';
import { saveProblems } from '../app/save-problems.svelte';

/** Evidence logging for one open lesson. */
export class Evidence {
  /** An incident being marked with I (trigger → incident → outcome), or null. */
  incidentDraft = $state<IncidentDraft | null>(null);
  /** The entry most recently logged or selected (its editor opens). */
  focusedId = $state<string | null>(null);
  /** Writes run one after another, so keystrokes are stored in the order they were typed. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private lessonId: string,
    private currentTime: () => number,
    private history: History,
  ) {}

  /** What the next press of I marks. */
  get incidentStep(): 'trigger' | 'incident' | 'outcome' {
    return incidentPrompt(this.incidentDraft);
  }

  async #voiceTimeline(): Promise<VoiceTimeline | null> {
    const analysis = await getAnalysis(this.lessonId);
    return analysis?.state === 'done' && analysis.voiceActivity ? analysis.voiceActivity : null;
  }

  /** Log an entry of `kind` at the current time (I steps through an incident's three marks). */
  async log(kind: EntryKind): Promise<void> {
    const time = this.currentTime();
    if (kind === 'incident') return this.#markIncident(time);
    let entry: Entry = createEntry(kind, time, this.lessonId, Date.now(), crypto.randomUUID());
    if (entry.kind === 'teacher_question') {
      const voice = await this.#voiceTimeline();
      if (voice) entry = withMeasuredWaitTimes(entry, measureWaitTimes(voice, time));
    }
    await this.#add(entry, `${KIND_NAMES[kind]} logged at ${formatClock(time)}`);
  }

  async #markIncident(time: number): Promise<void> {
    const step = nextIncidentStep(this.incidentDraft, time);
    if (!step.done) {
      this.incidentDraft = step.draft;
      toasts.show(step.draft.incidentStart === null ? `Incident trigger marked at ${formatClock(time)}. Press I again when the incident starts (Esc cancels).` : `Incident marked at ${formatClock(time)}. Press I again at its outcome.`);
      return;
    }
    this.incidentDraft = null;
    await this.#add(incidentFromDraft(step.draft, this.lessonId, Date.now(), crypto.randomUUID()), `Critical incident logged (${formatClock(step.draft.trigger)}–${formatClock(step.draft.outcome ?? time)})`);
  }

  /** Abandon the incident being marked. */
  cancelIncident(): void {
    if (!this.incidentDraft) return;
    this.incidentDraft = null;
    toasts.show('Incident cancelled.');
  }

  /** Store the incident marked so far without an outcome. */
  async finishIncidentEarly(): Promise<void> {
    if (!this.incidentDraft) return;
    const draft = this.incidentDraft;
    this.incidentDraft = null;
    await this.#add(incidentFromDraft(draft, this.lessonId, Date.now(), crypto.randomUUID()), 'Critical incident logged');
  }

  async #add(entry: Entry, message: string): Promise<void> {
    try {
      await putEntry(entry);
    } catch (error) {
      saveProblems.report(`The ${KIND_NAMES[entry.kind].toLowerCase()} at ${formatClock(entry.time)}`, error);
      return;
    }
    this.focusedId = entry.id;
    this.history.record({ label: message, undo: () => deleteEntry(entry.id), redo: () => putEntry(entry) });
    // Focus stays where it was (the video keeps playing); the entry is one key away.
    toasts.show(`${message} (G goes to it)`, { label: 'Undo', run: () => void undoAndSay(this.history) });
  }

  /** Change fields of an entry (validated); typing in one field merges into one undo step. */
  edit<E extends Entry>(entry: E, patch: EntryPatch<E>, mergeKey?: string): Promise<string | null> {
    const result = this.#queue.then(() => this.#edit(entry, patch, mergeKey));
    this.#queue = result.catch((error) => saveProblems.report('Your change to the entry', error));
    return result;
  }

  async #edit<E extends Entry>(entry: E, patch: EntryPatch<E>, mergeKey?: string): Promise<string | null> {
    const before = (await getEntry(entry.id)) ?? entry;
    let next: Entry;
    try {
      next = updateEntry(before as E, patch, Date.now());
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    await putEntry(next);
    this.history.record({ label: `Edit ${KIND_NAMES[entry.kind].toLowerCase()}`, undo: () => putEntry(before), redo: () => putEntry(next), mergeKey: mergeKey && `${entry.id}:${mergeKey}` });
    return null;
  }

  /** Move an entry (and its linked times) to the current time. */
  async retimeToNow(entry: Entry): Promise<void> {
    const next = retime(entry, this.currentTime(), Date.now());
    await putEntry(next);
    this.history.record({ label: 'Retime entry', undo: () => putEntry(entry), redo: () => putEntry(next) });
  }

  /** Measure a teacher question's wait times again from the audio (dropping the coach's values). */
  async remeasure(entry: Entry): Promise<void> {
    if (entry.kind !== 'teacher_question') return;
    const voice = await this.#voiceTimeline();
    if (!voice) return void toasts.show('Wait times need the talk-time analysis of this lesson, which has not finished.');
    const next = { ...withMeasuredWaitTimes({ ...entry, waitTimeSource: 'auto' }, measureWaitTimes(voice, entry.time)), updatedAt: Date.now() };
    await putEntry(next);
    this.history.record({ label: 'Measure wait times', undo: () => putEntry(entry), redo: () => putEntry(next) });
  }

  /** Delete an entry (undoable). */
  async remove(entry: Entry): Promise<void> {
    await deleteEntry(entry.id);
    this.history.record({ label: `Delete ${KIND_NAMES[entry.kind].toLowerCase()}`, undo: () => putEntry(entry), redo: () => deleteEntry(entry.id) });
    toasts.show(`${KIND_NAMES[entry.kind]} deleted`, { label: 'Undo', run: () => void undoAndSay(this.history) });
  }
}
