/**
 * Page side of one worker: calls keyed by message id, an AbortSignal per call, every pending call
 * rejected in plain words when the worker crashes (and a fresh worker started by the next call),
 * and progress messages passed to the call they belong to. The three job clients (probe, analysis,
 * clip export) each own one.
 */

/** What the client needs of a Worker (a fake in the unit tests). */
export interface WorkerPort {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

/** How one worker is started, cancelled and described when it fails. */
export interface WorkerClientOptions<Request> {
  /** Start the worker (called again after a crash). */
  start(): WorkerPort;
  /** Name in the console log when the worker stops. */
  name: string;
  /** Plain words for every pending call when the worker stops unexpectedly. */
  crashMessage(event: ErrorEvent): string;
  /** Plain words when the worker sends a message the page cannot read. */
  unreadableMessage: string;
  /** Plain words of the AbortError an aborted call rejects with. */
  abortMessage: string;
  /** The request that tells the worker to stop work on `id`. */
  cancelRequest(id: number): Request;
}

/** Ends one call: `resolve` and `reject` settle it; later messages for its id are ignored. */
export interface CallEnd<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/** Per-call options: cancellation and a watchdog. */
export interface CallOptions {
  /** Abort sends the cancel request to the worker and rejects the call with an AbortError. */
  signal?: AbortSignal;
  /** Fail every call and restart the worker when this call hears nothing for `ms` (ffmpeg can hang). */
  watchdog?: { ms: number; message: string };
}

interface PendingCall<Response> {
  onMessage(message: Response): void;
  reject(error: Error): void;
  cleanup(): void;
}

/** One worker and its pending calls; `Response` messages carry the `id` of the call they answer. */
export class WorkerClient<Request, Response extends { id: number }> {
  readonly #options: WorkerClientOptions<Request>;
  #worker: WorkerPort | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, PendingCall<Response>>();

  constructor(options: WorkerClientOptions<Request>) {
    this.#options = options;
  }

  /** How many calls are waiting for an answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Send the request built for a fresh id and route every message for that id to `onMessage` until
   * it settles the call through `end`. Rejects with an AbortError when `options.signal` aborts.
   */
  call<T>(request: (id: number) => Request, onMessage: (message: Response, end: CallEnd<T>) => void, options: CallOptions = {}): Promise<T> {
    const { signal, watchdog } = options;
    if (signal?.aborted) return Promise.reject(this.#abortError());
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const target = this.#started();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const alive = () => {
        if (!watchdog) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          console.error(`${this.#options.name} call ${id}: nothing heard for ${watchdog.ms / 1000} s; restarting the worker`);
          this.failAll(watchdog.message);
        }, watchdog.ms);
      };
      const onAbort = () => {
        if (!this.#settle(id)) return;
        target.postMessage(this.#options.cancelRequest(id));
        reject(this.#abortError());
      };
      const end: CallEnd<T> = {
        resolve: (value) => {
          if (this.#settle(id)) resolve(value);
        },
        reject: (error) => {
          if (this.#settle(id)) reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        onMessage: (message) => {
          alive();
          onMessage(message, end);
        },
        reject,
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      });
      alive();
      target.postMessage(request(id));
    });
  }

  /** Reject every pending call with `message` and drop the worker; the next call starts a fresh one. */
  failAll(message: string): void {
    const calls = [...this.#pending.keys()].map((id) => this.#settle(id));
    this.#worker?.terminate();
    this.#worker = null;
    for (const call of calls) call?.reject(new Error(message));
  }

  #settle(id: number): PendingCall<Response> | undefined {
    const call = this.#pending.get(id);
    this.#pending.delete(id);
    call?.cleanup();
    return call;
  }

  #abortError(): DOMException {
    return new DOMException(this.#options.abortMessage, 'AbortError');
  }

  #started(): WorkerPort {
    if (this.#worker) return this.#worker;
    const worker = this.#options.start();
    // Answers to calls already settled (cancelled, or failed by the watchdog) are dropped.
    worker.onmessage = (event: MessageEvent<Response>) => this.#pending.get(event.data.id)?.onMessage(event.data);
    // A crashed worker must not leave calls waiting forever: reject them all, start afresh next time.
    worker.onerror = (event) => {
      event.preventDefault();
      console.error(`${this.#options.name} worker stopped:`, event.message, event.filename, event.lineno);
      this.failAll(this.#options.crashMessage(event));
    };
    worker.onmessageerror = () => this.failAll(this.#options.unreadableMessage);
    this.#worker = worker;
    return worker;
  }
}

/** Whether `error` is the AbortError an aborted call rejects with. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
