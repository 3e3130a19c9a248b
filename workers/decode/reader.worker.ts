/// <reference lib="webworker" />
/**
 * Reads byte ranges of a lesson for the decode worker, on a thread of its own: taking a gigabyte out
 * of the browser's blob store costs the reading thread about 3.5 ms per MB, time the decode worker
 * needs for the decoder's output. The ranges of one request come back packed in one transferred buffer.
 */
import type { ReadRequest, ReadResponse } from '../protocol';
import { readRanges } from './slices';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reader = new FileReaderSync();

scope.onmessage = async ({ data: { id, blob, ranges } }: MessageEvent<ReadRequest>) => {
  let message: ReadResponse;
  try {
    // Several ranges are read at once: each read's cost is mostly waiting on the browser process.
    message = { id, bytes: ranges.length === 1 ? reader.readAsArrayBuffer(blob.slice(ranges[0].start, ranges[0].end)) : await readRanges(blob, ranges) };
  } catch (error) {
    message = { id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  scope.postMessage(message, 'bytes' in message ? [message.bytes] : []);
};
