/** Clips of the open lesson: made from a range, an entry or an incident; renamed, reordered, annotated. */
import { moveItem } from '../core/loop';
import { deleteClip, putClip, putClips, type ClipRecord } from '../db/db';
import { getClip } from '../db/reads';
import { undoAndSay, type History } from '../app/history.svelte';
import { toasts } from '../app/toasts.svelte';
import { formatClock } from '../core/format';
import { saveProblems } from '../app/save-problems.svelte';

/** Clip editing for one lesson, recorded in its undo history. */
export class Clips {
  /** Edits run one after another on the stored clip, so quick edits never undo each other. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private lessonId: string,
    private history: History,
  ) {}

  /** Make a clip of [start, end]; it goes to the end of the list. */
  async create(range: { start: number; end: number }, title: string, annotationIds: string[], existing: readonly ClipRecord[]): Promise<ClipRecord> {
    const now = Date.now();
    const clip: ClipRecord = {
      id: crypto.randomUUID(),
      lessonId: this.lessonId,
      title: title || `Clip ${formatClock(range.start)}–${formatClock(range.end)}`,
      start: range.start,
      end: range.end,
      annotationIds,
      order: existing.reduce((max, c) => Math.max(max, c.order + 1), 0),
      replayCount: 0,
      perspectiveNotes: {},
      createdAt: now,
      updatedAt: now,
    };
    await putClip(clip);
    this.history.record({ label: 'Make clip', undo: () => deleteClip(clip.id), redo: () => putClip(clip) });
    toasts.show(`Clip made: ${clip.title}`, { label: 'Undo', run: () => void undoAndSay(this.history) });
    return clip;
  }

  /** Change fields of a clip; typing merges into one undo step per field. */
  update(clip: ClipRecord, patch: Partial<Pick<ClipRecord, 'title' | 'start' | 'end' | 'annotationIds'>>, mergeKey?: string): Promise<void> {
    return this.#edit(clip.id, (stored) => ({ ...stored, ...patch }), 'Edit clip', mergeKey);
  }

  #edit(id: string, apply: (stored: ClipRecord) => ClipRecord, label: string | null, mergeKey?: string): Promise<void> {
    const run = this.#queue.then(async () => {
      const before = await getClip(id);
      if (!before) return;
      const next = { ...apply(before), updatedAt: Date.now() };
      await putClip(next);
      if (label) this.history.record({ label, undo: () => putClip(before), redo: () => putClip(next), mergeKey: mergeKey && `clip:${id}:${mergeKey}` });
    });
    this.#queue = run.catch((error) => saveProblems.report('The clip', error));
    return run;
  }

  /** Note on one perspective of a clip. */
  setPerspectiveNote(clip: ClipRecord, perspectiveId: string, text: string): Promise<void> {
    return this.#edit(clip.id, (stored) => ({ ...stored, perspectiveNotes: { ...stored.perspectiveNotes, [perspectiveId]: text } }), 'Edit perspective note', `note-${perspectiveId}`);
  }

  /** Another replay happened (not an edit: not undoable). */
  countReplay(clip: ClipRecord, replays: number): Promise<void> {
    return this.#edit(clip.id, (stored) => ({ ...stored, replayCount: replays }), null);
  }

  /** Move a clip from one list position to another. */
  async move(clips: readonly ClipRecord[], from: number, to: number): Promise<void> {
    const before = clips.map((c) => ({ ...c }));
    const after = moveItem(clips, from, to).map((c, order) => ({ ...c, order }));
    await putClips(after);
    this.history.record({ label: 'Reorder clips', undo: () => putClips(before), redo: () => putClips(after) });
  }

  async remove(clip: ClipRecord): Promise<void> {
    await deleteClip(clip.id);
    this.history.record({ label: 'Delete clip', undo: () => putClip(clip), redo: () => deleteClip(clip.id) });
    toasts.show(`Clip deleted: ${clip.title}`, { label: 'Undo', run: () => void undoAndSay(this.history) });
  }
}
