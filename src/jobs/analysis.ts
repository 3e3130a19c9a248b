/** Page-side client of the analysis worker: decode a lesson's audio, stream its waveform, segment it. */
import type { AnalysisRequest, AnalysisResponse, AnalysisResult } from '../../workers/protocol';
import { runningJobs } from './running.svelte';
import { WorkerClient } from './worker-client';

export type { AnalysisResult } from '../../workers/protocol';
/** The segmenter's version: a stored analysis made by another version is run again. */
export { ALGORITHM_VERSION } from '../../workers/audio';

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

const analysis = new WorkerClient<AnalysisRequest, AnalysisResponse>({
  start: () => new Worker(new URL('../../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' }),
  name: 'analysis',
  crashMessage: (event) => `The audio analysis stopped unexpectedly (${event.message || 'worker error'}). Please try again.`,
  unreadableMessage: 'The audio analysis sent a message the page could not read. Please try again.',
  abortMessage: 'The analysis was cancelled.',
  cancelRequest: (id) => ({ type: 'cancel', id }),
});

/**
 * Analyse a lesson's audio in the analysis worker: resolves with the result, or `{ kind: 'no-audio' }`
 * when the file has no audio track; rejects with an Error on failure and an AbortError on abort.
 */
export function analyseLesson(file: Blob, info: AnalysisFileInfo, handlers: AnalysisHandlers = {}): Promise<AnalysisOutcome> {
  const request = (id: number): AnalysisRequest => ({ type: 'analyse', id, file, container: info.container, duration: info.duration, audioTrack: info.audioTrack ?? 0 });
  const outcome = analysis.call<AnalysisOutcome>(
    request,
    (message, end) => {
      switch (message.type) {
        case 'progress':
          handlers.onProgress?.({ fraction: message.fraction, stage: message.stage, decoder: message.decoder });
          break;
        case 'peaks':
          handlers.onPeaks?.(message.upTo, message.peaks);
          break;
        case 'done':
          end.resolve({ kind: 'done', result: message.result });
          break;
        case 'no-audio':
          end.resolve({ kind: 'no-audio' });
          break;
        case 'error':
          // The status line says "could not be analysed"; the message says why, in plain words.
          end.reject(new Error(message.message));
          break;
        default:
          throw new Error(`Unknown analysis response: ${JSON.stringify(message as never)}`);
      }
    },
    { signal: handlers.signal },
  );
  return runningJobs.track(outcome);
}
