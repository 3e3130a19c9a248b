/// <reference lib="webworker" />
/**
 * Reads byte ranges of a lesson for the decode worker, on a thread of its own, into the buffers the
 * decode worker hands over and takes back (so a gigabyte is read through a handful of buffers, not
 * into a gigabyte of fresh memory).
 */
import type { ReadRequest, ReadResponse } from '../protocol';
import { readRanges } from './slices';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async ({ data: { id, blob, ranges, buffer } }: MessageEvent<ReadRequest>) => {
  let message: ReadResponse;
  try {
    const bytes = await readRanges(blob, ranges, buffer);
    message = { id, buffer: bytes.buffer as ArrayBuffer, length: bytes.byteLength };
  } catch (error) {
    message = { id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  scope.postMessage(message, 'buffer' in message ? [message.buffer] : []);
};
