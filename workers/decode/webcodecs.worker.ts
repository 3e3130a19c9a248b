/// <reference lib="webworker" />
/**
 * WebCodecs decode worker, started by the analysis worker for MP4/MOV: demux, decode (or read PCM
 * straight from the file), downmix and resample to 16 kHz, then hand blocks over. It runs apart from the feature work because Chromium's
 * AudioDecoder hands each chunk back through this thread's event loop: a thread busy with features
 * stalls the decoder (measured: 7.6 s for 10 minutes on one thread).
 */
import type { DecodeRequest, DecodeResponse, ReadRequest, ReadResponse } from '../protocol';
import { FEATURE_SAMPLE_RATE, Resampler } from '../audio';
import { decodeMp4Audio, NoAudioTrackError, type DecodedAudioBlock } from './webcodecs';
import type { ByteRange } from './slices';
import { BufferPool } from './buffer-pool';
import { InFlight } from './in-flight';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: DecodeResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** Blocks (about four seconds each) handed over but not yet consumed: bounds memory if features fall behind. */
const MAX_IN_FLIGHT = 16;
/** Timestamp jumps larger than this are filled with silence so lesson time stays aligned, seconds. */
const GAP_SECONDS = 0.05;

/** Blocks handed over but not yet consumed; every decoder lane waits while there are too many. */
const inFlight = new InFlight(MAX_IN_FLIGHT);
/** Buffers of blocks the analysis worker has consumed and sent back, filled again with the next ones. */
const blocks = new BufferPool<Float32Array>((length) => new Float32Array(Math.max(length, 8 * FEATURE_SAMPLE_RATE)), MAX_IN_FLIGHT);

scope.onmessage = (event: MessageEvent<DecodeRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'decode':
      void decode(request.file, request.trackIndex);
      break;
    case 'ack':
      if (request.buffer) blocks.give(new Float32Array(request.buffer));
      inFlight.consumed();
      break;
    default:
      throw new Error(`Unknown decode request: ${JSON.stringify(request as never)}`);
  }
};

/** Reads of the file on the reader worker's thread, each answered by a promise. */
function startReader(file: Blob): { readRanges(ranges: readonly ByteRange[], into?: ArrayBuffer): Promise<Uint8Array>; stop(): void } {
  const worker = new Worker(new URL('./reader.worker.ts', import.meta.url), { type: 'module', name: 'reader' });
  const pending = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();
  let next = 0;
  const failAll = (message: string) => {
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
  };
  worker.onmessage = ({ data }: MessageEvent<ReadResponse>) => {
    const waiting = pending.get(data.id);
    pending.delete(data.id);
    if ('buffer' in data) waiting?.resolve(new Uint8Array(data.buffer, 0, data.length));
    else waiting?.reject(new Error(`The lesson file could not be read: ${data.error}`));
  };
  worker.onerror = () => failAll('The lesson file could not be read (the reader stopped).');
  return {
    readRanges: (ranges, into) =>
      new Promise<Uint8Array>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, blob: file, ranges: [...ranges], buffer: into } satisfies ReadRequest, into ? [into] : []);
      }),
    stop: () => {
      worker.terminate();
      failAll('Reading stopped.');
    },
  };
}

async function decode(file: Blob, trackIndex: number): Promise<void> {
  let resampler: Resampler | null = null;
  let inputSeconds = 0;
  const send = (pcm: Float32Array) => {
    if (pcm.length === 0) {
      // Nothing to hand over: the buffer it was to go in stays for the next block.
      blocks.give(new Float32Array(pcm.buffer as ArrayBuffer));
      return;
    }
    inFlight.sent();
    reply({ type: 'audio', pcm }, [pcm.buffer as ArrayBuffer]);
  };
  const allocate = (length: number) => blocks.take(length);
  const onAudio = (block: DecodedAudioBlock) => {
    if (!resampler || resampler.inputRate !== block.sampleRate) resampler = new Resampler(block.sampleRate, FEATURE_SAMPLE_RATE);
    const gap = block.timestamp - inputSeconds;
    // Silence for holes in the timestamps, one second at a time so a long hole does not allocate a long buffer.
    for (let left = gap; left > GAP_SECONDS; left -= 1) {
      const silence = new Float32Array(Math.round(Math.min(1, left) * block.sampleRate));
      send(resampler.push(block.channels.map(() => silence), allocate));
    }
    inputSeconds = Math.max(inputSeconds, block.timestamp) + block.channels[0].length / block.sampleRate;
    send(resampler.push(block.channels, allocate));
  };
  const reader = startReader(file);
  try {
    const { reader: used } = await decodeMp4Audio(file, {
      trackIndex,
      readRanges: reader.readRanges,
      onTracks: (tracks, index) => reply({ type: 'tracks', tracks, index }),
      onAudio,
      onProgress: (seconds) => reply({ type: 'progress', seconds }),
      wait: () => inFlight.wait(),
    });
    reply({ type: 'end', reader: used });
  } catch (error) {
    if (error instanceof NoAudioTrackError) reply({ type: 'no-audio' });
    else reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    reader.stop();
  }
}
