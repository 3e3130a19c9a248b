/** Page-side client of the probe worker: one request per file, errors answered as values. */
import type { ContainerProbe } from '../core/media';
import type { ProbeRequest, ProbeResponse } from '../../workers/protocol';

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, (result: ContainerProbe | { error: string }) => void>();

function failAll(message: string): void {
  for (const resolve of pending.values()) resolve({ error: message });
  pending.clear();
  worker?.terminate();
  worker = null;
}

function probeWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../../workers/probe.worker.ts', import.meta.url), { type: 'module', name: 'probe' });
  worker.onmessage = (event: MessageEvent<ProbeResponse>) => {
    const message = event.data;
    const resolve = pending.get(message.id);
    pending.delete(message.id);
    resolve?.(message.type === 'probed' ? message.probe : { error: message.message });
  };
  // A crashed worker must not leave imports waiting forever: answer every pending call, start afresh next time.
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(`The file reader stopped unexpectedly (${event.message || 'worker error'}).`);
  };
  return worker;
}

/** Read an MP4's index in the probe worker; resolves to the probe or `{ error }`, never rejects. */
export function probeFile(file: Blob): Promise<ContainerProbe | { error: string }> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    const request: ProbeRequest = { type: 'probe', id, file };
    probeWorker().postMessage(request);
  });
}
