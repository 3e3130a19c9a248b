/** The talk-time bands of the open lesson as the coach corrects them; each correction is undoable. */
import { mergeWithNext, moveBoundary, relabel, splitAt, type TalkLabel, type TalkSegment } from '../core/talk';
import { saveCorrections } from '../db/db';
import type { History } from '../app/history.svelte';

/** Corrections to the talk-time segments, stored at once and recorded in the lesson's undo history. */
export class TalkBands {
  selected = $state<number | null>(null);
  /** The band under keyboard focus on the timeline (moved with the arrows; Enter selects it). */
  focused = $state<number | null>(null);
  /** The bands are shown as a table too (B). */
  listShown = $state(false);

  constructor(
    private lessonId: string,
    private history: History,
  ) {}

  #save(label: string, previous: TalkSegment[] | null, next: TalkSegment[] | null): Promise<number> {
    this.history.record({ label, undo: () => saveCorrections(this.lessonId, previous), redo: () => saveCorrections(this.lessonId, next) });
    return saveCorrections(this.lessonId, next);
  }

  relabel(current: TalkSegment[], corrected: TalkSegment[] | null, index: number, label: TalkLabel) {
    this.selected = null;
    return this.#save('Relabel band', corrected, relabel(current, index, label));
  }

  split(current: TalkSegment[], corrected: TalkSegment[] | null, time: number) {
    return this.#save('Split band', corrected, splitAt(current, time));
  }

  merge(current: TalkSegment[], corrected: TalkSegment[] | null, index: number) {
    this.selected = null;
    return this.#save('Merge bands', corrected, mergeWithNext(current, index));
  }

  /** A band edge was dragged: move the shared boundary. */
  moveEdge(current: TalkSegment[], corrected: TalkSegment[] | null, index: number, side: 'start' | 'end', time: number) {
    const boundary = side === 'start' ? index - 1 : index;
    if (boundary < 0 || boundary >= current.length - 1) return this.#save('Move boundary', corrected, corrected);
    return this.#save('Move boundary', corrected, moveBoundary(current, boundary, time));
  }

  /**
   * Move the start or end of band `index` by `seconds` (from the keyboard). Returns false, changing
   * nothing, where there is no neighbouring band to give or take the time (the lesson's own ends).
   * Returns the edge's new time (clamped so no band gets too short), or null.
   */
  nudge(current: TalkSegment[], corrected: TalkSegment[] | null, index: number, side: 'start' | 'end', seconds: number): number | null {
    const boundary = side === 'start' ? index - 1 : index;
    if (boundary < 0 || boundary >= current.length - 1) return null;
    const next = moveBoundary(current, boundary, current[index][side] + seconds);
    void this.#save('Move boundary', corrected, next);
    return next[index][side];
  }

  /** Back to the automatic segmentation (undo brings the corrections back). */
  reset(corrected: TalkSegment[] | null) {
    this.selected = null;
    return this.#save('Reset bands to automatic', corrected, null);
  }
}
