/**
 * Why a clip could not be made, in the coach's words. Every export failure passes through
 * `failureMessage` before it leaves the transcode worker: messages written for the coach (a
 * `PlainError`) go as they are; anything else (ffmpeg's log, a wasm abort, a failed fetch, a parser
 * message) becomes a plain sentence for the stage it happened in, and its text is only logged.
 */

/** An error whose message was written for the coach: what happened and what to do. */
export class PlainError extends Error {
  override name = 'PlainError';
}

/** Where in an export something failed. */
export type ExportStage =
  /** Loading ffmpeg.wasm's core or the caption font. */
  | 'load'
  /** Reading the lesson file's index (where its keyframes are). */
  | 'index'
  /** ffmpeg making the clip. */
  | 'run'
  /** Anything else: writing captions, reading the clip back. */
  | 'other';

const BY_STAGE: Record<ExportStage, string> = {
  load: 'The clip maker could not start (part of the app did not load). Reload the page and try again.',
  index: 'This lesson file could not be read to find its keyframes. Try again, or choose exact export.',
  run: 'The clip could not be made from this part of the lesson file. Try again; if it keeps failing, choose the other export mode (fast or exact) or move the clip’s start or end a little.',
  other: 'Something went wrong while making the clip; your lesson is safe. Please try again.',
};

/** The coach-facing message for a failure at `stage`; raw library text never passes through. */
export function failureMessage(error: unknown, stage: ExportStage): string {
  return error instanceof PlainError ? error.message : BY_STAGE[stage];
}

/** An error that remembers the stage it happened in (thrown on by the worker's steps). */
export class StageError extends Error {
  override name = 'StageError';
  constructor(
    readonly stage: ExportStage,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** Run `step`, marking any failure that is not already plain or staged with `stage`. */
export async function atStage<T>(stage: ExportStage, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof PlainError || error instanceof StageError || (error as { name?: string })?.name === 'AbortError') throw error;
    throw new StageError(stage, error);
  }
}

/** The coach-facing message for any error a worker step threw. */
export function exportFailureMessage(error: unknown): string {
  if (error instanceof StageError) return failureMessage(error.original, error.stage);
  return failureMessage(error, 'other');
}
