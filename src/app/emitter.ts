/** A small typed event emitter: events map a name to an argument tuple; `on()` returns its unsubscribe. */
export class Emitter<Events extends { [K in keyof Events]: unknown[] }> {
  #listeners = new Map<keyof Events, Set<(...args: unknown[]) => void>>();

  /** Subscribe; returns the function that unsubscribes. */
  on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    const stored = listener as unknown as (...args: unknown[]) => void;
    set.add(stored);
    this.#listeners.set(event, set);
    return () => set.delete(stored);
  }

  /** Call every listener of `event`; only the owner emits. */
  emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(...args);
  }

  /** Drop every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}
