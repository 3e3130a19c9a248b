/** Short messages at the bottom of the screen, optionally with one action (e.g. Undo). */

/** A message shown for a few seconds. */
export interface Toast {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
  /** Toasts of one kind replace each other. */
  kind: string;
}

/** Most toasts on screen at once: more would cover the work they report on. */
export const MAX_TOASTS = 2;

/** How to show a toast. */
export interface ToastOptions {
  /** How long it stays, in milliseconds. */
  ms?: number;
  /** Its kind (default: its action's label, else its text); a newer toast of the same kind replaces it. */
  kind?: string;
}

/** The toasts on screen, newest last. */
export class Toasts {
  list = $state<Toast[]>([]);
  #next = 1;

  /**
   * Show `text` for a few seconds. Five entries logged in a row leave one "… logged" toast, not five:
   * its Undo undoes the newest change, as Ctrl+Z does, so older Undo toasts would only mislead.
   */
  show(text: string, action?: Toast['action'], { ms = 4_000, kind = action?.label ?? text }: ToastOptions = {}): void {
    const toast = { id: this.#next++, text, action, kind };
    const others = this.list.filter((t) => t.kind !== kind);
    this.list = [...others.slice(others.length - (MAX_TOASTS - 1)), toast];
    setTimeout(() => this.dismiss(toast.id), ms);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((t) => t.id !== id);
  }
}

/** The app's toasts. */
export const toasts = new Toasts();
