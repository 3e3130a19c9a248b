/// <reference lib="webworker" />
/**
 * Reads byte ranges of a lesson for the decode worker, on a thread of its own: taking a gigabyte out
 * of the browser's blob store costs the reading thread about 3.5 ms per MB, time the decode worker
 * needs for the decoder's output. Each range is transferred, not copied.
 */
import type { ReadRequest, ReadResponse } from '../protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reader = new FileReaderSync();

scope.onmessage = ({ data: { id, blob, start, end } }: MessageEvent<ReadRequest>) => {
  let message: ReadResponse;
  try {
    const bytes = reader.readAsArrayBuffer(blob.slice(start, end));
    message = { id, bytes };
  } catch (error) {
    message = { id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  scope.postMessage(message, 'bytes' in message ? [message.bytes] : []);
};
