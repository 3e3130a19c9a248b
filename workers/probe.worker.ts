/// <reference lib="webworker" />
/** Probe worker: reads a lesson file's index off the UI thread. */
import type { ProbeRequest, ProbeResponse } from './protocol';
import { probeMp4 } from './media/probe';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: ProbeResponse) => scope.postMessage(message);

/** Probes under way by request id, so a cancel stops reading the file. */
const running = new Map<number, AbortController>();

scope.onmessage = async (event: MessageEvent<ProbeRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'probe': {
      const controller = new AbortController();
      running.set(request.id, controller);
      try {
        reply({ type: 'probed', id: request.id, probe: await probeMp4(request.file, controller.signal) });
      } catch (error) {
        reply({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
      } finally {
        running.delete(request.id);
      }
      break;
    }
    case 'cancel':
      running.get(request.id)?.abort();
      break;
    default:
      // Exhaustive: a new request type that is not handled here fails to compile.
      throw new Error(`Unknown probe request: ${JSON.stringify(request as never)}`);
  }
};
