/** The talk-time bands of the open lesson as the coach corrects them, with undo. */
import { mergeWithNext, moveBoundary, relabel, splitAt, type TalkLabel, type TalkSegment } from '../core/talk';
import { saveCorrections } from '../db/db';

/** Corrections to the talk-time segments, stored at once; `undo` steps back through them. */
export class TalkBands {
  selected = $state<number | null>(null);
  #history: Array<TalkSegment[] | null> = [];

  constructor(private lessonId: string) {}

  #save(previous: TalkSegment[] | null, next: TalkSegment[] | null): Promise<number> {
    this.#history.push(previous);
    if (this.#history.length > 100) this.#history.shift();
    return saveCorrections(this.lessonId, next);
  }

  /** True when there is a correction to undo. */
  get canUndo(): boolean {
    return this.#history.length > 0;
  }

  relabel(current: TalkSegment[], corrected: TalkSegment[] | null, index: number, label: TalkLabel) {
    this.selected = null;
    return this.#save(corrected, relabel(current, index, label));
  }

  split(current: TalkSegment[], corrected: TalkSegment[] | null, time: number) {
    return this.#save(corrected, splitAt(current, time));
  }

  merge(current: TalkSegment[], corrected: TalkSegment[] | null, index: number) {
    this.selected = null;
    return this.#save(corrected, mergeWithNext(current, index));
  }

  /** A band edge was dragged: move the shared boundary. */
  moveEdge(current: TalkSegment[], corrected: TalkSegment[] | null, index: number, side: 'start' | 'end', time: number) {
    const boundary = side === 'start' ? index - 1 : index;
    if (boundary < 0 || boundary >= current.length - 1) return this.#save(corrected, [...current]);
    return this.#save(corrected, moveBoundary(current, boundary, time));
  }

  /** Back to the automatic segmentation (the corrections are gone, but undo brings them back). */
  reset(corrected: TalkSegment[] | null) {
    this.selected = null;
    return this.#save(corrected, null);
  }

  /** Undo the last correction. */
  undo(): Promise<number> | null {
    if (this.#history.length === 0) return null;
    this.selected = null;
    return saveCorrections(this.lessonId, this.#history.pop()!);
  }
}
