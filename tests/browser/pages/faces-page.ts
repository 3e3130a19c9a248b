/**
 * Dev-only harness for the face worker: runs `findFaces` on the file chosen in `#file` and answers the
 * faces found per sampled frame (no pictures), JSON-friendly.
 */
import { findFaces, type FaceSearch } from '../../../src/jobs/faces';
import { exportClip, type ClipExportRequest } from '../../../src/jobs/transcode';

/** What the harness answers. */
export interface FacesSummary {
  kind: 'done' | 'error';
  error?: string;
  width?: number;
  height?: number;
  frames?: Array<{ time: number; boxes: ReadonlyArray<{ x: number; y: number; w: number; h: number; score: number }> }>;
  decodeMs?: number;
  detectMs?: number;
  backend?: string;
  wallMs: number;
}

declare global {
  interface Window {
    runFaces(search: FaceSearch): Promise<FacesSummary>;
    /** Export a clip of the chosen file; the clip stays in the page for `clipBase64`. */
    runBlurExport(request: ClipExportRequest): Promise<{ kind: 'done' | 'error'; error?: string; size?: number; wallMs: number; execMs?: number }>;
    /** The last exported clip, base64, `chunk` bytes from `offset`. */
    blurClipBase64(offset: number, chunk: number): Promise<string>;
  }
}

let lastClip: Blob | null = null;

window.runBlurExport = async (request) => {
  const file = document.querySelector<HTMLInputElement>('#file')!.files?.[0];
  const started = performance.now();
  if (!file) return { kind: 'error', error: 'no file chosen', wallMs: 0 };
  try {
    const clip = await exportClip(file, request);
    lastClip = clip.blob;
    return { kind: 'done', size: clip.blob.size, wallMs: performance.now() - started, execMs: clip.execMs };
  } catch (error) {
    return { kind: 'error', error: error instanceof Error ? error.message : String(error), wallMs: performance.now() - started };
  }
};

window.blurClipBase64 = async (offset, chunk) => {
  const bytes = new Uint8Array(await lastClip!.slice(offset, offset + chunk).arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};

window.runFaces = async (search) => {
  const input = document.querySelector<HTMLInputElement>('#file')!;
  const file = input.files?.[0];
  const started = performance.now();
  if (!file) return { kind: 'error', error: 'no file chosen', wallMs: 0 };
  try {
    const found = await findFaces(file, search);
    return {
      kind: 'done', width: found.width, height: found.height, decodeMs: found.decodeMs, detectMs: found.detectMs, backend: found.backend,
      frames: found.frames.map(({ time, boxes }) => ({ time, boxes })),
      wallMs: performance.now() - started,
    };
  } catch (error) {
    return { kind: 'error', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), wallMs: performance.now() - started };
  }
};
