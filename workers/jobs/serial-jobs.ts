/**
 * Jobs a worker runs one at a time (ffmpeg runs one command at a time), each cancellable by its id from the
 * moment it is queued until it has finished. A job that throws does not stop the ones behind it. Pure: no
 * DOM, no worker globals.
 */
export class SerialJobs {
  readonly #jobs = new Map<number, AbortController>();
  #queue: Promise<void> = Promise.resolve();

  /** `cancelled` is the message of the AbortError a cancelled job's signal carries. */
  constructor(private readonly cancelled: string) {}

  /** Run `job` after the jobs queued before it; its signal aborts when `cancel(id)` is called. */
  add(id: number, job: (signal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    this.#jobs.set(id, controller);
    this.#queue = this.#queue
      .then(() => job(controller.signal))
      .catch((error: unknown) => console.error(`job ${id} failed`, error))
      .finally(() => this.#jobs.delete(id));
  }

  /** Abort the job's signal, queued or running; unknown or finished ids are ignored. */
  cancel(id: number): void {
    this.#jobs.get(id)?.abort(new DOMException(this.cancelled, 'AbortError'));
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.#jobs.size;
  }
}
