/**
 * Page-side client of the face worker (issue 24): the faces in a clip's frames, sampled every fraction of a
 * second, for the face blur of clips shared beyond the coaching pair. One run at a time, with progress,
 * cancel and a watchdog.
 */
import type { FaceDetectorName, FaceRequest, FaceResponse } from '../../workers/protocol';
import type { FaceFrame } from '../core/face-boxes';
import { runningJobs } from './running.svelte';
import { WorkerClient } from './worker-client';

export type { FaceDetectorName } from '../../workers/protocol';

/** The faces found in a clip. */
export interface ClipFaces {
  /** Size of the frames looked at, pixels. */
  width: number;
  height: number;
  /** Sampled frames, seconds from the clip's start, with their faces (fractions of the frame). */
  frames: Array<FaceFrame & { picture: Blob | null }>;
  decodeMs: number;
  detectMs: number;
  backend: string;
}

/** What to look at. */
export interface FaceSearch {
  fileName?: string;
  start: number;
  end: number;
  /** Seconds between the frames looked at; default 0.5. */
  every?: number;
  /** Seconds between the frames kept for the preview; default 2. */
  previewEvery?: number;
  /** Default 'ssd', the one that found the most faces on the fixtures (see the README). */
  detector?: FaceDetectorName;
}

const faces = new WorkerClient<FaceRequest, FaceResponse>({
  start: () => new Worker(new URL('../../workers/faces.worker.ts', import.meta.url), { type: 'module', name: 'faces' }),
  name: 'faces',
  crashMessage: () => 'Looking for faces stopped unexpectedly. Please try again; your lesson is safe.',
  unreadableMessage: 'Looking for faces sent a message the page could not read. Please try again.',
  abortMessage: 'Looking for faces was cancelled.',
  cancelRequest: (id) => ({ type: 'cancel', id }),
});

/** Find the faces in `start..end` of a lesson; rejects in plain words, or with an AbortError on abort. */
export function findFaces(file: Blob, search: FaceSearch, handlers: { signal?: AbortSignal; onProgress?(fraction: number): void } = {}): Promise<ClipFaces> {
  const run = faces.call<ClipFaces>(
    (id) => ({
      type: 'detect-faces', id, file,
      fileName: search.fileName ?? (file instanceof File ? file.name : 'lesson.mp4'),
      start: search.start, end: search.end,
      every: search.every ?? 0.5, previewEvery: search.previewEvery ?? 2,
      detector: search.detector ?? 'ssd',
    }),
    (message, end) => {
      if (message.type === 'progress') return handlers.onProgress?.(message.fraction);
      if (message.type === 'error') return end.reject(new Error(message.message));
      end.resolve({ width: message.width, height: message.height, frames: message.frames, decodeMs: message.decodeMs, detectMs: message.detectMs, backend: message.backend });
    },
    // Loading the detector and ffmpeg takes a few seconds; each frame well under one.
    { signal: handlers.signal, watchdog: { ms: 60_000, message: 'Looking for faces stopped making progress and was stopped. Please try again.' } },
  );
  return runningJobs.track(run);
}
