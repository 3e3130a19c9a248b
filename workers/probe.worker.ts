/// <reference lib="webworker" />
/** Probe worker: reads a lesson file's index off the UI thread. */
import type { ProbeRequest, ProbeResponse } from './protocol';
import { probeMp4 } from './media/probe';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: ProbeResponse) => scope.postMessage(message);

scope.onmessage = async (event: MessageEvent<ProbeRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'probe':
      try {
        reply({ type: 'probed', id: request.id, probe: await probeMp4(request.file) });
      } catch (error) {
        reply({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
      }
      break;
    default:
      // Exhaustive: a new request type that is not handled here fails to compile.
      throw new Error(`Unknown probe request: ${JSON.stringify(request as never)}`);
  }
};
