/**
 * Undo and redo for the open lesson: each change records how to revert and re-apply itself.
 * Consecutive edits of the same field (typing) merge into one step.
 */

import { toasts } from './toasts.svelte';

/** One undoable change. */
export interface Change {
  label: string;
  undo: () => Promise<unknown>;
  redo: () => Promise<unknown>;
  /** Changes with the same key made within a short time merge (e.g. keystrokes in one note). */
  mergeKey?: string;
}

/** How long consecutive edits with the same key count as one step. */
const MERGE_WINDOW_MS = 2_000;

/** Undo/redo stacks for one open lesson. */
export class History {
  #done = $state<Change[]>([]);
  #undone = $state<Change[]>([]);
  #lastAt = 0;

  /** Record a change that has just been applied. */
  record(change: Change, now = Date.now()): void {
    const last = this.#done[this.#done.length - 1];
    if (last && change.mergeKey && last.mergeKey === change.mergeKey && now - this.#lastAt < MERGE_WINDOW_MS) {
      // Keep the first undo (back to before the typing) and the newest redo.
      this.#done[this.#done.length - 1] = { ...last, redo: change.redo };
    } else {
      this.#done.push(change);
      if (this.#done.length > 200) this.#done.shift();
    }
    this.#lastAt = now;
    this.#undone = [];
  }

  get canUndo(): boolean {
    return this.#done.length > 0;
  }

  get canRedo(): boolean {
    return this.#undone.length > 0;
  }

  /** Label of what undo would revert. */
  get undoLabel(): string | null {
    return this.#done[this.#done.length - 1]?.label ?? null;
  }

  /** Revert the last change; returns its label, or null when there is nothing to undo. */
  async undo(): Promise<string | null> {
    const change = this.#done.pop();
    if (!change) return null;
    this.#lastAt = 0;
    await change.undo();
    this.#undone.push(change);
    return change.label;
  }

  /** Re-apply the last undone change. */
  async redo(): Promise<string | null> {
    const change = this.#undone.pop();
    if (!change) return null;
    await change.redo();
    this.#done.push(change);
    return change.label;
  }
}

/** Undo the last change and say what was undone: the same words from every key, button and toast. */
export async function undoAndSay(history: History): Promise<void> {
  const label = await history.undo();
  toasts.show(label ? `Undone: ${label}` : 'Nothing to undo');
}

/** Redo the last undone change and say what was redone. */
export async function redoAndSay(history: History): Promise<void> {
  const label = await history.redo();
  toasts.show(label ? `Redone: ${label}` : 'Nothing to redo');
}
