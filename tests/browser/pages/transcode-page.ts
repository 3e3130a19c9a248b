/**
 * Dev-only harness for the transcode worker: drives `exportClip` / `keyframeRange` on the file chosen
 * in `#file` and answers JSON-friendly summaries; the last clip stays in the page for the test to read.
 */
import { exportClip, keyframeRange, type ClipExportRequest } from '../../../src/jobs/transcode';

/** What the test asks for: an export, optionally cancelled. */
export interface ExportRun extends ClipExportRequest {
  /** Abort when progress first reaches this fraction (cancel test). */
  abortAtFraction?: number;
  /** Abort this many ms after the start. */
  abortAfterMs?: number;
  /** Watchdog, seconds. */
  stallSeconds?: number;
}

/** What the harness answers. */
export interface ExportSummary {
  kind: 'done' | 'error';
  error?: { name: string; message: string };
  actualStart?: number;
  actualEnd?: number;
  elapsedMs?: number;
  execMs?: number;
  wallMs: number;
  size?: number;
  type?: string;
  progressMessages: number;
  lastProgress: number | null;
}

declare global {
  interface Window {
    runExport(run: ExportRun): Promise<ExportSummary>;
    runKeyframes(start: number, end: number): Promise<{ actualStart: number; actualEnd: number } | { error: { name: string; message: string } }>;
    /** The last exported clip, base64, in pieces of `chunk` bytes from `offset`. */
    lastClipBase64(offset: number, chunk: number): Promise<string>;
  }
}

const input = document.querySelector<HTMLInputElement>('#file')!;
const status = document.querySelector<HTMLOutputElement>('#status')!;
let lastClip: Blob | null = null;

const chosen = (): File => {
  const file = input.files?.[0];
  if (!file) throw new Error('Choose a file first');
  return file;
};

const described = (error: unknown) =>
  error instanceof Error || error instanceof DOMException ? { name: error.name, message: error.message } : { name: 'unknown', message: String(error) };

window.runExport = async (run) => {
  const file = chosen();
  const started = performance.now();
  const summary: ExportSummary = { kind: 'error', wallMs: 0, progressMessages: 0, lastProgress: null };
  const controller = new AbortController();
  if (run.abortAfterMs !== undefined) setTimeout(() => controller.abort(), run.abortAfterMs);
  status.textContent = 'running';
  try {
    const clip = await exportClip(file, run, {
      signal: controller.signal,
      stallSeconds: run.stallSeconds,
      onProgress: (fraction) => {
        summary.progressMessages++;
        summary.lastProgress = fraction;
        if (run.abortAtFraction !== undefined && fraction >= run.abortAtFraction) controller.abort();
      },
    });
    lastClip = clip.blob;
    Object.assign(summary, { kind: 'done', actualStart: clip.actualStart, actualEnd: clip.actualEnd, elapsedMs: clip.elapsedMs, execMs: clip.execMs, size: clip.blob.size, type: clip.blob.type });
  } catch (error) {
    summary.error = described(error);
  }
  summary.wallMs = performance.now() - started;
  status.textContent = summary.kind;
  return summary;
};

window.runKeyframes = async (start, end) => {
  try {
    return await keyframeRange(chosen(), start, end);
  } catch (error) {
    return { error: described(error) };
  }
};

window.lastClipBase64 = async (offset, chunk) => {
  if (!lastClip) throw new Error('No clip exported yet');
  const bytes = new Uint8Array(await lastClip.slice(offset, offset + chunk).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

status.textContent = 'ready';
