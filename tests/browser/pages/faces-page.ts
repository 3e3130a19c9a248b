/**
 * Dev-only harness for the face worker: runs `findFaces` on the file chosen in `#file` and answers the
 * faces found per sampled frame (no pictures), JSON-friendly.
 */
import { findFaces, type FaceSearch } from '../../../src/jobs/faces';

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
  }
}

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
