/** Page-side client of the analysis worker: decode a lesson's audio, stream its waveform, segment it. */
import type { AnalysisRequest, AnalysisResponse, AnalysisResult } from '../../workers/protocol';
import { runningJobs } from './running.svelte';

export type { AnalysisResult } from '../../workers/protocol';

/** What `analyseLesson` needs to know about the file (from the probe/import). */
export interface AnalysisFileInfo {
  /** Container family: MP4/MOV goes through WebCodecs first, the rest through ffmpeg.wasm. */
  container: 'mp4' | 'webm' | 'unknown';
  /** Lesson duration in seconds, for progress; 0 when unknown. */
  duration: number;
  /** Which sound track to analyse, from 0 in file order (default 0). */
  audioTrack?: number;
}

/** Progress of one analysis. */
export interface AnalysisProgress {
  /** 0..1 of the lesson's duration. */
  fraction: number;
  /** 'decoding' or 'segmenting'. */
  stage: string;
  /** 'webcodecs', 'pcm' or 'ffmpeg'. */
  decoder: string;
}

/** Callbacks and cancellation for one analysis. */
export interface AnalysisHandlers {
  /** Abort sends a cancel to the worker and rejects the call with an AbortError. */
  signal?: AbortSignal;
  /** Decoding progress, a few times a second at most. */
  onProgress?(progress: AnalysisProgress): void;
  /**
   * The waveform so far: min/max interleaved at 10 bins/s covering 0..upTo seconds. Each call
   * replaces the previous one (if decoding restarts with the fallback decoder, `upTo` can go back).
   */
  onPeaks?(upTo: number, peaks: Float32Array): void;
}

/** How an analysis ended: with a result, or with no audio track to analyse. */
export type AnalysisOutcome = { kind: 'done'; result: AnalysisResult } | { kind: 'no-audio' };

interface PendingAnalysis {
  handlers: AnalysisHandlers;
  resolve(outcome: AnalysisOutcome): void;
  reject(error: Error): void;
  cleanup(): void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, PendingAnalysis>();

function settle(id: number): PendingAnalysis | undefined {
  const call = pending.get(id);
  pending.delete(id);
  call?.cleanup();
  return call;
}

/** Reject every pending call and drop the worker; the next call starts a fresh one. */
function failAll(message: string): void {
  const calls = [...pending.keys()].map(settle);
  worker?.terminate();
  worker = null;
  for (const call of calls) call?.reject(new Error(message));
}

function analysisWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('../../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
  started.onmessage = (event: MessageEvent<AnalysisResponse>) => {
    const message = event.data;
    switch (message.type) {
      case 'progress':
        pending.get(message.id)?.handlers.onProgress?.({ fraction: message.fraction, stage: message.stage, decoder: message.decoder });
        break;
      case 'peaks':
        pending.get(message.id)?.handlers.onPeaks?.(message.upTo, message.peaks);
        break;
      case 'done':
        settle(message.id)?.resolve({ kind: 'done', result: message.result });
        break;
      case 'no-audio':
        settle(message.id)?.resolve({ kind: 'no-audio' });
        break;
      case 'error':
        // The status line says "could not be analysed"; the message says why, in plain words.
        settle(message.id)?.reject(new Error(message.message));
        break;
      default:
        throw new Error(`Unknown analysis response: ${JSON.stringify(message as never)}`);
    }
  };
  // A crashed worker must not leave analyses waiting forever: reject them all, start afresh next time.
  started.onerror = (event) => {
    event.preventDefault();
    console.error('analysis worker stopped:', event.message, event.filename, event.lineno);
    failAll(`The audio analysis stopped unexpectedly (${event.message || 'worker error'}). Please try again.`);
  };
  started.onmessageerror = () => failAll('The audio analysis sent a message the page could not read. Please try again.');
  worker = started;
  return started;
}

/**
 * Analyse a lesson's audio in the analysis worker: resolves with the result, or `{ kind: 'no-audio' }`
 * when the file has no audio track; rejects with an Error on failure and an AbortError on abort.
 */
export function analyseLesson(file: Blob, info: AnalysisFileInfo, handlers: AnalysisHandlers = {}): Promise<AnalysisOutcome> {
  const { signal } = handlers;
  if (signal?.aborted) return Promise.reject(new DOMException('The analysis was cancelled.', 'AbortError'));
  const id = nextId++;
  return runningJobs.track(new Promise<AnalysisOutcome>((resolve, reject) => {
    const target = analysisWorker();
    const onAbort = () => {
      if (!settle(id)) return;
      const cancel: AnalysisRequest = { type: 'cancel', id };
      target.postMessage(cancel);
      reject(new DOMException('The analysis was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    pending.set(id, { handlers, resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) });
    const request: AnalysisRequest = { type: 'analyse', id, file, container: info.container, duration: info.duration, audioTrack: info.audioTrack ?? 0 };
    target.postMessage(request);
  }));
}
