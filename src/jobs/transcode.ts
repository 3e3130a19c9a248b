/**
 * Page-side client of the transcode worker: export a clip of a lesson as MP4 with ffmpeg.wasm, and ask
 * where a fast (stream-copy) clip will really start and end. Exports run one at a time; a watchdog
 * restarts the worker when ffmpeg stops making progress.
 */
import type { ClipCue, ClipExportOptions, TranscodeRequest, TranscodeResponse } from '../../workers/protocol';
import { runningJobs } from './running.svelte';

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

interface PendingCall {
  resolve(value: ExportedClip | { actualStart: number; actualEnd: number }): void;
  reject(error: Error): void;
  onProgress?(fraction: number): void;
  /** Called on every message for this call (progress included): re-arms the watchdog. */
  alive(): void;
  cleanup(): void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, PendingCall>();
/** Exports wait for the previous one to settle, so only the running one is watched. */
let exportQueue: Promise<unknown> = Promise.resolve();

function settle(id: number): PendingCall | undefined {
  const call = pending.get(id);
  pending.delete(id);
  call?.cleanup();
  return call;
}

/** Reject every pending call in plain words and drop the worker; the next call starts a fresh one. */
function failAll(message: string): void {
  const calls = [...pending.keys()].map(settle);
  worker?.terminate();
  worker = null;
  for (const call of calls) call?.reject(new Error(message));
}

function transcodeWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('../../workers/transcode.worker.ts', import.meta.url), { type: 'module', name: 'transcode' });
  started.onmessage = (event: MessageEvent<TranscodeResponse>) => {
    const message = event.data;
    const call = pending.get(message.id);
    call?.alive();
    switch (message.type) {
      case 'progress':
        call?.onProgress?.(message.fraction);
        break;
      case 'done':
        settle(message.id)?.resolve({ blob: message.blob, actualStart: message.actualStart, actualEnd: message.actualEnd, elapsedMs: message.elapsedMs, execMs: message.execMs });
        break;
      case 'keyframes':
        settle(message.id)?.resolve({ actualStart: message.actualStart, actualEnd: message.actualEnd });
        break;
      case 'error':
        // Already in plain words: the worker maps every failure (workers/export/failure.ts).
        settle(message.id)?.reject(new Error(message.message));
        break;
      default:
        throw new Error(`Unknown transcode response: ${JSON.stringify(message as never)}`);
    }
  };
  // A crashed worker must not leave exports waiting forever.
  started.onerror = (event) => {
    event.preventDefault();
    console.error('transcode worker stopped:', event.message, event.filename, event.lineno);
    failAll('The clip export stopped unexpectedly. Please try again; your lesson is safe.');
  };
  started.onmessageerror = () => failAll('The clip export sent a message the page could not read. Please try again.');
  worker = started;
  return started;
}

/** Send one request and wait for its answer, with the watchdog and the abort signal. */
function call<T extends ExportedClip | { actualStart: number; actualEnd: number }>(
  request: Extract<TranscodeRequest, { type: 'export-clip' | 'keyframes' }>,
  handlers: ClipExportHandlers,
): Promise<T> {
  const { signal } = handlers;
  const { id } = request;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const target = transcodeWorker();
    const stallMs = (handlers.stallSeconds ?? DEFAULT_STALL_SECONDS) * 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const alive = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        console.error(`transcode ${id}: no progress for ${stallMs / 1000} s; restarting the worker`);
        failAll('The clip export stopped making progress and was stopped. Please try again.');
      }, stallMs);
    };
    const onAbort = () => {
      if (!settle(id)) return;
      const cancel: TranscodeRequest = { type: 'cancel', id };
      target.postMessage(cancel);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    pending.set(id, {
      resolve: resolve as PendingCall['resolve'],
      reject,
      onProgress: handlers.onProgress,
      alive,
      cleanup: () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      },
    });
    alive();
    target.postMessage(request);
  });
}

function abortError(): DOMException {
  return new DOMException('The clip export was cancelled.', 'AbortError');
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
  };
  const run = exportQueue.then(() => call<ExportedClip>({ type: 'export-clip', id: nextId++, file, ...options }, handlers));
  exportQueue = run.catch(() => undefined);
  return runningJobs.track(run);
}

/**
 * Where a fast (stream-copy) export of `start..end` will really start and end: the keyframe at or
 * before `start`, and the first frame boundary at or after `end`. Rejects in plain words for a range
 * outside the lesson or a file without an MP4 index.
 */
export function keyframeRange(file: Blob, start: number, end: number, handlers: Pick<ClipExportHandlers, 'signal'> = {}): Promise<{ actualStart: number; actualEnd: number }> {
  return call({ type: 'keyframes', id: nextId++, file, start, end }, handlers);
}
