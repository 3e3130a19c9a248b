import { describe, expect, test, vi } from 'vitest';
import { SerialJobs } from '../../../workers/jobs/serial-jobs';

/** A job that records its start and finishes when told to. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, done };
}

describe('SerialJobs', () => {
  test('runs jobs one at a time, in the order queued', async () => {
    const jobs = new SerialJobs('cancelled');
    const order: string[] = [];
    const first = gate();
    jobs.add(1, async () => { order.push('1 start'); await first.done; order.push('1 end'); });
    const second = new Promise<void>((resolve) => jobs.add(2, async () => { order.push('2 start'); resolve(); }));
    await Promise.resolve();
    expect(order).toEqual(['1 start']);
    first.open();
    await second;
    expect(order).toEqual(['1 start', '1 end', '2 start']);
  });

  test('cancels a running job and a queued one by id, with the given message, and forgets finished ones', async () => {
    const jobs = new SerialJobs('Export cancelled');
    const running = gate();
    const seen: (string | null)[] = [];
    jobs.add(1, async (signal) => { await running.done; seen.push(signal.aborted ? (signal.reason as DOMException).message : null); });
    const queued = new Promise<void>((resolve) => jobs.add(2, async (signal) => { seen.push(signal.aborted ? (signal.reason as DOMException).name : null); resolve(); }));
    jobs.cancel(1);
    jobs.cancel(2);
    jobs.cancel(99);
    running.open();
    await queued;
    expect(seen).toEqual(['Export cancelled', 'AbortError']);
    await vi.waitFor(() => expect(jobs.size).toBe(0));
  });

  test('a job that throws does not stop the ones behind it', async () => {
    const jobs = new SerialJobs('cancelled');
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    jobs.add(1, async () => { throw new Error('broken'); });
    const next = new Promise<string>((resolve) => jobs.add(2, async () => resolve('ran')));
    expect(await next).toBe('ran');
    expect(error).toHaveBeenCalledWith('job 1 failed', expect.any(Error));
    error.mockRestore();
  });
});
