/** Short messages at the bottom of the screen, optionally with one action (e.g. Undo). */

/** A message shown for a few seconds. */
export interface Toast {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
}

class Toasts {
  list = $state<Toast[]>([]);
  #next = 1;

  /** Show `text` for `ms` milliseconds. */
  show(text: string, action?: Toast['action'], ms = 4_000): void {
    const toast = { id: this.#next++, text, action };
    this.list = [...this.list.slice(-2), toast];
    setTimeout(() => this.dismiss(toast.id), ms);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((t) => t.id !== id);
  }
}

/** The app's toasts. */
export const toasts = new Toasts();
