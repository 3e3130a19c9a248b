import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError, WorkerClient, type WorkerPort } from '../../../src/jobs/worker-client';

type Request = { type: 'work'; id: number; input: string } | { type: 'cancel'; id: number };
type Response = { type: 'progress'; id: number; fraction: number } | { type: 'done'; id: number; output: string } | { type: 'error'; id: number; message: string };

/** A worker that records what it is sent; the test answers for it. */
class FakeWorker implements WorkerPort {
  sent: Request[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  postMessage(message: unknown) {
    this.sent.push(message as Request);
  }
  terminate() {
    this.terminated = true;
  }
  answer(message: Response) {
    this.onmessage?.({ data: message } as MessageEvent);
  }
  crash(message: string) {
    this.onerror?.({ message, filename: 'fake.worker.ts', lineno: 1, preventDefault() {} } as ErrorEvent);
  }
}

function client() {
  const started: FakeWorker[] = [];
  const jobs = new WorkerClient<Request, Response>({
    start: () => {
      const worker = new FakeWorker();
      started.push(worker);
      return worker;
    },
    name: 'fake',
    crashMessage: () => 'The work stopped unexpectedly.',
    unreadableMessage: 'The work sent a message the page could not read.',
    abortMessage: 'The work was cancelled.',
    cancelRequest: (id) => ({ type: 'cancel', id }),
  });
  /** One call: progress goes to `progress`, 'done' resolves, 'error' rejects. */
  const work = (input: string, options: { signal?: AbortSignal; watchdog?: { ms: number; message: string } } = {}, progress: number[] = []) =>
    jobs.call<string>(
      (id) => ({ type: 'work', id, input }),
      (message, end) => {
        if (message.type === 'progress') progress.push(message.fraction);
        else if (message.type === 'done') end.resolve(message.output);
        else end.reject(new Error(message.message));
      },
      options,
    );
  return { jobs, started, work };
}

const sentId = (worker: FakeWorker, input: string) => {
  const request = worker.sent.find((r) => r.type === 'work' && r.input === input);
  if (!request) throw new Error(`nothing sent for ${input}`);
  return request.id;
};

describe('WorkerClient', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('answers each call by its own id, whatever the order of the answers', async () => {
    const { jobs, started, work } = client();
    const first = work('a');
    const second = work('b');
    expect(started).toHaveLength(1);
    const [worker] = started;
    const a = sentId(worker, 'a');
    const b = sentId(worker, 'b');
    expect(a).not.toBe(b);
    worker.answer({ type: 'done', id: b, output: 'B' });
    worker.answer({ type: 'error', id: a, message: 'A failed' });
    await expect(second).resolves.toBe('B');
    await expect(first).rejects.toThrow('A failed');
    // A late answer for a settled id is dropped, not delivered to anyone.
    worker.answer({ type: 'done', id: a, output: 'late' });
    expect(jobs.pendingCount).toBe(0);
  });

  it('passes progress to its own call without settling it', async () => {
    const { jobs, started, work } = client();
    const mine: number[] = [];
    const other: number[] = [];
    const call = work('a', {}, mine);
    void work('b', {}, other);
    const [worker] = started;
    const id = sentId(worker, 'a');
    worker.answer({ type: 'progress', id, fraction: 0.25 });
    worker.answer({ type: 'progress', id, fraction: 0.5 });
    expect(mine).toEqual([0.25, 0.5]);
    expect(other).toEqual([]);
    expect(jobs.pendingCount).toBe(2);
    worker.answer({ type: 'done', id, output: 'A' });
    await expect(call).resolves.toBe('A');
  });

  it('abort sends the cancel request, rejects with an AbortError and ignores the answer that follows', async () => {
    const { jobs, started, work } = client();
    const controller = new AbortController();
    const call = work('a', { signal: controller.signal });
    const [worker] = started;
    const id = sentId(worker, 'a');
    controller.abort();
    await expect(call).rejects.toSatisfy(isAbortError);
    expect(worker.sent.at(-1)).toEqual({ type: 'cancel', id });
    expect(jobs.pendingCount).toBe(0);
    worker.answer({ type: 'done', id, output: 'too late' });
    expect(jobs.pendingCount).toBe(0);
  });

  it('an already aborted signal rejects without starting a worker', async () => {
    const { started, work } = client();
    await expect(work('a', { signal: AbortSignal.abort() })).rejects.toSatisfy(isAbortError);
    expect(started).toHaveLength(0);
  });

  it('a crash rejects every pending call in plain words, and the next call starts a fresh worker', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { jobs, started, work } = client();
    const calls = [work('a'), work('b')];
    started[0].crash('Uncaught RangeError: offset out of bounds');
    for (const call of calls) await expect(call).rejects.toThrow('The work stopped unexpectedly.');
    expect(started[0].terminated).toBe(true);
    expect(jobs.pendingCount).toBe(0);
    const next = work('c');
    expect(started).toHaveLength(2);
    started[1].answer({ type: 'done', id: sentId(started[1], 'c'), output: 'C' });
    await expect(next).resolves.toBe('C');
  });

  it('an unreadable message fails every pending call', async () => {
    const { started, work } = client();
    const call = work('a');
    started[0].onmessageerror?.({} as MessageEvent);
    await expect(call).rejects.toThrow('could not read');
    expect(started[0].terminated).toBe(true);
  });

  it('the watchdog fails the calls when a call hears nothing for too long, and each message re-arms it', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { started, work } = client();
    const call = work('a', { watchdog: { ms: 1000, message: 'The work stopped making progress.' } });
    const settled = vi.fn();
    call.then(settled, settled);
    const [worker] = started;
    await vi.advanceTimersByTimeAsync(900);
    worker.answer({ type: 'progress', id: sentId(worker, 'a'), fraction: 0.1 });
    await vi.advanceTimersByTimeAsync(900);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    await expect(call).rejects.toThrow('The work stopped making progress.');
    expect(worker.terminated).toBe(true);
  });
});
