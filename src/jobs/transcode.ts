/**
 * Page-side client of the transcode worker: export a clip of a lesson as MP4 with ffmpeg.wasm, and ask
 * where a fast (stream-copy) clip will really start and end. Exports run one at a time; a watchdog
 * restarts the worker when ffmpeg stops making progress.
 */
import type { ClipCue, ClipExportOptions, TranscodeRequest, TranscodeResponse } from '../../workers/protocol';
import { runningJobs } from './running.svelte';
import { WorkerClient } from './worker-client';

export type { ClipCue } from '../../workers/protocol';

/** What to export (the lesson file is passed separately). */
export interface ClipExportRequest {
  /** File name shown to ffmpeg; defaults to the File's own name. */
  fileName?: string;
  /** Range in the lesson, seconds. */
  start: number;
  end: number;
  /** 'fast': stream copy from the keyframe at or before `start`; 'exact': frame-accurate re-encode (H.264 + AAC, ≤ 720p). */
  mode: 'fast' | 'exact';
  /** Captions from `cues`: none, burned into the picture (exact only), or a subtitle track. Default 'none'. */
  captions?: 'none' | 'burn' | 'soft';
  /** Caption texts, seconds relative to `start`. */
  cues?: ClipCue[];
  /** A card shown before the clip (exact only): e.g. lesson, clip title, time range. */
  titleCard?: null | { lines: string[]; seconds: number };
  /** Stretches of the clip's sound to silence, seconds from `start` (exact only). */
  muteRanges?: Array<{ start: number; end: number }>;
  /** Boxes of the picture to blur (fractions of the frame) and when, seconds from `start` (exact only). */
  blurSpans?: ReadonlyArray<{ start: number; end: number; box: { x: number; y: number; w: number; h: number } }>;
}

/** Callbacks and cancellation for one export. */
export interface ClipExportHandlers {
  /** Abort cancels the export (ffmpeg is stopped) and rejects the call with an AbortError. */
  signal?: AbortSignal;
  /** 0..1 of the clip written, a few times a second. */
  onProgress?(fraction: number): void;
  /** Seconds without any sign of life from ffmpeg before the worker is restarted and the export rejected. Default 45. */
  stallSeconds?: number;
}

/** An exported clip. */
export interface ExportedClip {
  /** The MP4 (video/mp4). */
  blob: Blob;
  /** What the clip really covers in the lesson, seconds (fast clips start at a keyframe). */
  actualStart: number;
  actualEnd: number;
  /** Wall time in the worker, milliseconds. */
  elapsedMs: number;
  /** Of which ffmpeg's own run (the rest: core loading, index, mounting, reading the clip back). */
  execMs: number;
}

/** Default watchdog: ffmpeg logs at least twice a second while it works, and loading it takes under a second. */
const DEFAULT_STALL_SECONDS = 45;

const transcode = new WorkerClient<TranscodeRequest, TranscodeResponse>({
  start: () => new Worker(new URL('../../workers/transcode.worker.ts', import.meta.url), { type: 'module', name: 'transcode' }),
  name: 'transcode',
  crashMessage: () => 'The clip export stopped unexpectedly. Please try again; your lesson is safe.',
  unreadableMessage: 'The clip export sent a message the page could not read. Please try again.',
  abortMessage: 'The clip export was cancelled.',
  cancelRequest: (id) => ({ type: 'cancel', id }),
});
/** Exports wait for the previous one to settle, so only the running one is watched. */
let exportQueue: Promise<unknown> = Promise.resolve();

/**
 * Send one request and wait for its answer, with the watchdog and the abort signal; `answer` reads
 * the message that settles this kind of request (undefined for any other).
 */
function call<T>(
  request: (id: number) => Extract<TranscodeRequest, { type: 'export-clip' | 'keyframes' }>,
  handlers: ClipExportHandlers,
  answer: (message: TranscodeResponse) => T | undefined,
): Promise<T> {
  const stallMs = (handlers.stallSeconds ?? DEFAULT_STALL_SECONDS) * 1000;
  return transcode.call<T>(
    request,
    (message, end) => {
      if (message.type === 'progress') return handlers.onProgress?.(message.fraction);
      // Already in plain words: the worker maps every failure (workers/export/failure.ts).
      if (message.type === 'error') return end.reject(new Error(message.message));
      const value = answer(message);
      if (value !== undefined) end.resolve(value);
    },
    { signal: handlers.signal, watchdog: { ms: stallMs, message: 'The clip export stopped making progress and was stopped. Please try again.' } },
  );
}

/**
 * Export `start..end` of a lesson as an MP4 in the transcode worker. Resolves with the clip and the
 * range it really covers; rejects with a plain-words Error on failure and an AbortError on abort.
 */
export function exportClip(file: Blob, request: ClipExportRequest, handlers: ClipExportHandlers = {}): Promise<ExportedClip> {
  const options: ClipExportOptions = {
    fileName: request.fileName ?? (file instanceof File ? file.name : 'lesson.mp4'),
    start: request.start,
    end: request.end,
    mode: request.mode,
    captions: request.captions ?? 'none',
    cues: (request.cues ?? []).map(({ start, end, text }) => ({ start, end, text })),
    titleCard: request.titleCard ?? null,
    muteRanges: (request.muteRanges ?? []).map(({ start, end }) => ({ start, end })),
    blurSpans: (request.blurSpans ?? []).map(({ start, end, box }) => ({ start, end, box: { x: box.x, y: box.y, w: box.w, h: box.h } })),
  };
  const clip = (message: TranscodeResponse): ExportedClip | undefined =>
    message.type === 'done' ? { blob: message.blob, actualStart: message.actualStart, actualEnd: message.actualEnd, elapsedMs: message.elapsedMs, execMs: message.execMs } : undefined;
  const run = exportQueue.then(() => call((id) => ({ type: 'export-clip', id, file, ...options }), handlers, clip));
  exportQueue = run.catch(() => undefined);
  return runningJobs.track(run);
}

/**
 * Where a fast (stream-copy) export of `start..end` will really start and end: the keyframe at or
 * before `start`, and the first frame boundary at or after `end`. Rejects in plain words for a range
 * outside the lesson or a file without an MP4 index.
 */
export function keyframeRange(file: Blob, start: number, end: number, handlers: Pick<ClipExportHandlers, 'signal'> = {}): Promise<{ actualStart: number; actualEnd: number }> {
  return call((id) => ({ type: 'keyframes', id, file, start, end }), handlers, (message) =>
    message.type === 'keyframes' ? { actualStart: message.actualStart, actualEnd: message.actualEnd } : undefined,
  );
}
