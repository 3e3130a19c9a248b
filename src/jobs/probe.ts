/** Page-side client of the probe worker: read an MP4's index off the UI thread, one request per file. */
import type { ContainerProbe } from '../core/media';
import type { ProbeRequest, ProbeResponse } from '../../workers/protocol';
import { WorkerClient } from './worker-client';

const probe = new WorkerClient<ProbeRequest, ProbeResponse>({
  start: () => new Worker(new URL('../../workers/probe.worker.ts', import.meta.url), { type: 'module', name: 'probe' }),
  name: 'probe',
  crashMessage: (event) => `The file reader stopped unexpectedly (${event.message || 'worker error'}).`,
  unreadableMessage: 'The file reader sent a message the page could not read.',
  abortMessage: 'Reading the file was cancelled.',
  cancelRequest: (id) => ({ type: 'cancel', id }),
});

/**
 * Read an MP4's index in the probe worker. Resolves with the probe; rejects with an Error when the
 * index cannot be read (the message is for the log, not the coach) and an AbortError on abort.
 */
export function probeFile(file: Blob, options: { signal?: AbortSignal } = {}): Promise<ContainerProbe> {
  return probe.call<ContainerProbe>(
    (id) => ({ type: 'probe', id, file }),
    (message, end) => (message.type === 'probed' ? end.resolve(message.probe) : end.reject(new Error(message.message))),
    { signal: options.signal },
  );
}
